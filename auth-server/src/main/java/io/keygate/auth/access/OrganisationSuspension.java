package io.keygate.auth.access;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.GrantStoreUnavailableException;
import io.keygate.policy.grant.RevocationEvent;
import io.keygate.policy.grant.SuspensionRule;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * The vendor kill switch and its release, and putting suspensions back into a grant store that
 * forgot them. The suspension itself lives in the grant store, shared with every gateway; history
 * keeps the record of who suspended and resumed whom, and why.
 */
public final class OrganisationSuspension {

	private static final Logger log = LoggerFactory.getLogger(OrganisationSuspension.class);

	private final AccessSupport support;

	private final GrantHistoryRepository history;

	private final GrantStore grantStore;

	private final AccessEvents events;

	private final TransactionTemplate tx;

	private final Clock clock;

	public OrganisationSuspension(AccessSupport support, GrantHistoryRepository history, GrantStore grantStore,
			AccessEvents events, TransactionTemplate tx, Clock clock) {
		this.support = support;
		this.history = history;
		this.grantStore = grantStore;
		this.events = events;
		this.tx = tx;
		this.clock = clock;
	}

	/**
	 * Every live grant of {@code organisation} ends in one atomic store step, its members' sessions
	 * close at the gateways on the revocation event, and new requests and grants are refused until
	 * {@link #resume}.
	 */
	public RevocationResult suspend(Actor approver, String organisation, String reason, String clientAddress) {
		return this.support.refusalsAudited(AuditAction.ORGANISATION_SUSPEND_REFUSED, approver, clientAddress, null, null,
				() -> {
					AccessSupport.requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
					AccessSupport.requireOrganisationName(organisation);
					SuspensionRule.refusal(approver, organisation).ifPresent(refusal -> {
						throw AccessRefusal.refusedFor(refusal, approver.subject() + " suspending own organisation");
					});
					String why = AccessSupport.reasonOrDefault(reason, "organisation suspended by " + approver.subject());
					Instant now = this.clock.instant();
					List<Grant> ended;
					try {
						ended = this.grantStore.suspend(organisation, why);
					}
					catch (GrantStoreUnavailableException ex) {
						throw new RefusedException(AccessRefusal.GRANT_STORE_UNAVAILABLE, "suspend " + organisation, ex);
					}
					List<String> ids = ended.stream().map(Grant::id).toList();
					List<String> historyLive = this.history.findCurrent(now)
						.stream()
						.filter(g -> g.grant().organisation().equals(organisation))
						.map(g -> g.grant().id())
						.toList();
					return this.tx.execute(status -> {
						// Grants approved to start later never start. The store is suspended already, so
						// an activator that claimed one a moment ago has its put refused.
						List<String> cancelled = this.history.cancelScheduled(historyLive, now, approver.subject(), why);
						// History may know of grants the store lost (e.g. a restarted embedded store):
						// they are over as well.
						this.history.markEnded(historyLive, now, approver.subject(), why);
						this.history.markEnded(ids, now, approver.subject(), why);
						this.history.recordSuspension(UUID.randomUUID().toString(), organisation, true, why,
								approver.subject(), now, ids.size(), clientAddress);
						RevocationResult result = new RevocationResult(RevocationEvent.Scope.ORGANISATION, organisation, ids,
								cancelled);
						this.events.suspended(approver, clientAddress, result, why, now);
						return result;
					});
				});
	}

	/** Lifts a suspension. Grants it ended stay ended: access again means new requests. */
	public void resume(Actor approver, String organisation, String reason, String clientAddress) {
		this.support.refusalsAudited(AuditAction.ORGANISATION_RESUME_REFUSED, approver, clientAddress, null, null, () -> {
			AccessSupport.requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
			AccessSupport.requireOrganisationName(organisation);
			String why = AccessSupport.reasonOrDefault(reason, "resumed by " + approver.subject());
			Instant now = this.clock.instant();
			try {
				this.grantStore.resume(organisation);
			}
			catch (GrantStoreUnavailableException ex) {
				throw new RefusedException(AccessRefusal.GRANT_STORE_UNAVAILABLE, "resume " + organisation, ex);
			}
			this.tx.executeWithoutResult(status -> {
				this.history.recordSuspension(UUID.randomUUID().toString(), organisation, false, why, approver.subject(), now,
						0, clientAddress);
				this.events.resumed(approver, clientAddress, organisation, why, now);
			});
			return null;
		});
	}

	/** Whether the organisation is suspended; a store that cannot say counts as suspended. */
	public boolean isSuspended(String organisation) {
		return this.support.isSuspendedOrUnknown(organisation);
	}

	/** Whether {@code organisation} is the approver's own, which the kill switch never applies to. */
	public boolean isOwnOrganisation(Actor approver, String organisation) {
		return SuspensionRule.isOwnOrganisation(approver, organisation);
	}

	/**
	 * Re-applies the suspensions history records to a grant store that forgot them: the embedded
	 * in-memory store starts empty after a restart, and a suspended vendor must not come back by
	 * itself. Runs when the application is ready; safe to run again.
	 */
	@EventListener(ApplicationReadyEvent.class)
	public int restoreSuspensions() {
		int restored = 0;
		for (String organisation : this.history.currentlySuspended()) {
			try {
				if (!this.grantStore.isSuspended(organisation)) {
					this.grantStore.suspend(organisation, "suspension restored from history");
					log.warn("Organisation {} is suspended in history but was not in the grant store: suspended again",
							organisation);
					restored++;
				}
			}
			catch (RuntimeException ex) {
				log.error("Could not restore the suspension of {}; its requests are refused while the store is unreachable",
						organisation, ex);
			}
		}
		return restored;
	}

}
