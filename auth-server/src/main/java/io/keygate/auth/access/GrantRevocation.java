package io.keygate.auth.access;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.GrantStoreUnavailableException;
import io.keygate.policy.grant.RevocationEvent;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * Ends grants before their time: one grant (an approver's revocation, or the holder's "I'm done")
 * or every grant of one person. Live grants end in the grant store, whose revocation event makes
 * every gateway close their sessions; scheduled ones are cancelled so that they never start.
 */
public final class GrantRevocation {

	private final AccessSupport support;

	private final GrantHistoryRepository history;

	private final GrantStore grantStore;

	private final AccessEvents events;

	private final TransactionTemplate tx;

	private final Clock clock;

	public GrantRevocation(AccessSupport support, GrantHistoryRepository history, GrantStore grantStore, AccessEvents events,
			TransactionTemplate tx, Clock clock) {
		this.support = support;
		this.history = history;
		this.grantStore = grantStore;
		this.events = events;
		this.tx = tx;
		this.clock = clock;
	}

	/** "I'm done": the holder ends their own grant before its time. Anyone else's grant id answers 404. */
	public RevocationResult endOwnGrant(Actor holder, String grantId, String clientAddress) {
		return this.support.refusalsAudited(AuditAction.GRANT_END_REFUSED, holder, clientAddress, null, null, () -> {
			GrantRecord record = this.history.find(grantId)
				.filter(found -> found.grant().subject().equals(holder.subject()))
				.orElseThrow(() -> new RefusedException(AccessRefusal.NOT_FOUND, holder.subject() + " ending " + grantId));
			return revoke(holder, clientAddress, RevocationEvent.Scope.GRANT, grantId, "ended early by its holder",
					() -> this.grantStore.revoke(grantId, io.keygate.policy.grant.GrantLookup.Revoked.ENDED_BY_HOLDER).map(List::of).orElse(List.of()),
					List.of(record.grant().id()));
		});
	}

	public RevocationResult revokeGrant(Actor approver, String grantId, String reason, String clientAddress) {
		return this.support.refusalsAudited(AuditAction.GRANT_REVOKE_REFUSED, approver, clientAddress, null, null, () -> {
			AccessSupport.requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
			GrantRecord record = this.history.find(grantId)
				.orElseThrow(() -> new RefusedException(AccessRefusal.NOT_FOUND, "no grant " + grantId));
			String given = AccessSupport.reasonOrDefault(reason, "revoked by " + approver.subject());
			// The holder's own ending reads as "your access ended" at the gateway: a revocation never may.
			String why = io.keygate.policy.grant.GrantLookup.Revoked.ENDED_BY_HOLDER.equals(given) ? "revoked: " + given : given;
			return revoke(approver, clientAddress, RevocationEvent.Scope.GRANT, grantId, why,
					() -> this.grantStore.revoke(grantId, why).map(List::of).orElse(List.of()), List.of(record.grant().id()));
		});
	}

	/** Every live and scheduled grant of one person, e.g. when their laptop is reported stolen. */
	public RevocationResult revokeSubject(Actor approver, String subject, String reason, String clientAddress) {
		return this.support.refusalsAudited(AuditAction.SUBJECT_REVOKE_REFUSED, approver, clientAddress, null, null, () -> {
			AccessSupport.requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
			String why = AccessSupport.reasonOrDefault(reason, "all access of " + subject + " revoked by " + approver.subject());
			Instant now = this.clock.instant();
			List<String> known = this.history.findBySubject(subject, AccessSupport.LIST_LIMIT)
				.stream()
				.filter(g -> g.isCurrentAt(now))
				.map(g -> g.grant().id())
				.toList();
			return revoke(approver, clientAddress, RevocationEvent.Scope.SUBJECT, subject, why,
					() -> this.grantStore.revokeSubject(subject, why), known);
		});
	}

	/**
	 * Every live and scheduled grant of a person being cut off (disabled, keys revoked, deleted),
	 * inside the caller's transaction: the caller has already changed the account, so the status
	 * change and the revocation commit together or not at all. No role check here: the caller is
	 * {@link AccountCutoff}, whose own callers checked who may cut whom off.
	 */
	RevocationResult revokeAllOf(Actor actor, String subject, String why, String clientAddress) {
		List<String> known = this.history.findCurrentOf(subject, this.clock.instant())
			.stream()
			.map(g -> g.grant().id())
			.toList();
		return revoke(actor, clientAddress, RevocationEvent.Scope.SUBJECT, subject, why,
				() -> this.grantStore.revokeSubject(subject, why), known);
	}

	/**
	 * Ends grants in the store and in history in one unit. Scheduled grants among
	 * {@code knownToHistory} are cancelled first, before the store is touched and in the same
	 * transaction: an activator that claimed one a moment ago holds its row, so the cancellation
	 * waits, finds it activated and the store action below revokes it; one not yet claimed never
	 * will be. If the store cannot be reached nothing is kept and the approver is told.
	 */
	private RevocationResult revoke(Actor actor, String clientAddress, RevocationEvent.Scope scope, String key, String why,
			Supplier<List<Grant>> storeAction, List<String> knownToHistory) {
		Instant now = this.clock.instant();
		return this.tx.execute(status -> {
			List<String> cancelled = this.history.cancelScheduled(knownToHistory, now, actor.subject(), why);
			List<Grant> ended;
			try {
				ended = storeAction.get();
			}
			catch (GrantStoreUnavailableException ex) {
				throw new RefusedException(AccessRefusal.GRANT_STORE_UNAVAILABLE, "revoke " + scope + " " + key, ex);
			}
			List<String> ids = ended.stream().map(Grant::id).toList();
			this.history.markEnded(knownToHistory, now, actor.subject(), why);
			this.history.markEnded(ids, now, actor.subject(), why);
			List<String> all = new ArrayList<>(ids);
			all.addAll(cancelled);
			this.history.recordRevocation(UUID.randomUUID().toString(), scope, key, why, actor.subject(), now, all,
					clientAddress);
			RevocationResult result = new RevocationResult(scope, key, ids, cancelled);
			this.events.revoked(actor, clientAddress, result, why, now);
			return result;
		});
	}

}
