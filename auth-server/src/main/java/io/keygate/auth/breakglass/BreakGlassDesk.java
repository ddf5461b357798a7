package io.keygate.auth.breakglass;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.AccountCutoff;
import io.keygate.auth.access.OrganisationSuspension;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.notify.Notifications;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.GrantStoreUnavailableException;
import io.keygate.policy.grant.GrantWindow;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * Opens an emergency grant for an eligible vendor engineer, and reviews it afterwards. The grant
 * is written like an approved one (history, then the grant store last, taken back if the commit
 * fails), under a request row already resolved by {@code break-glass}; its request id carries
 * {@link Grant#BREAK_GLASS_PREFIX}, which the gateway shows as a red banner.
 */
public final class BreakGlassDesk {

	private static final Logger log = LoggerFactory.getLogger(BreakGlassDesk.class);

	/** What the opener is told: the grant and who was notified. */
	public record Opened(Grant grant, String notified) {
	}

	private final BreakGlassRepository repository;

	private final AccountRepository accounts;

	private final TargetCatalog catalog;

	private final OrganisationSuspension suspension;

	private final GrantHistoryRepository history;

	private final GrantStore grantStore;

	private final AccountCutoff cutoff;

	private final Notifications notifications;

	private final AuditLog audit;

	private final BreakGlassProperties properties;

	private final TransactionTemplate tx;

	private final Clock clock;

	public BreakGlassDesk(BreakGlassRepository repository, AccountRepository accounts, TargetCatalog catalog,
			OrganisationSuspension suspension, GrantHistoryRepository history, GrantStore grantStore, AccountCutoff cutoff,
			Notifications notifications, AuditLog audit, BreakGlassProperties properties, TransactionTemplate tx, Clock clock) {
		this.repository = repository;
		this.accounts = accounts;
		this.catalog = catalog;
		this.suspension = suspension;
		this.history = history;
		this.grantStore = grantStore;
		this.cutoff = cutoff;
		this.notifications = notifications;
		this.audit = audit;
		this.properties = properties;
		this.tx = tx;
		this.clock = clock;
	}

	public Opened open(Actor vendor, String targetId, String level, String reason, String clientAddress) {
		try {
			return openChecked(vendor, targetId, level, reason, clientAddress);
		}
		catch (RefusedException ex) {
			// Every refused attempt is on the record: probing break-glass is itself worth a look.
			this.audit.append(AuditEntry.builder(AuditAction.BREAK_GLASS_REFUSED, this.clock.instant())
				.actor(vendor.subject())
				.organisation(vendor.organisation())
				.target(bounded(targetId))
				.outcome("refused")
				.reason(ex.refusal().name())
				.clientAddress(clientAddress)
				.severity(Severity.WARNING)
				.detail("level", bounded(level))
				.detail("detail", bounded(ex.detail()))
				.build());
			throw ex;
		}
	}

	private Opened openChecked(Actor vendor, String targetId, String level, String reason, String clientAddress) {
		if (!vendor.hasRole(Role.VENDOR_ENGINEER)) {
			throw new RefusedException(BreakGlassRefusal.NOT_A_VENDOR, vendor.subject() + " is not a vendor engineer");
		}
		Target target = (targetId == null || targetId.length() > 128) ? null
				: this.catalog.find(targetId).filter(t -> !t.decoy()).orElse(null);
		if (target == null) {
			throw new RefusedException(BreakGlassRefusal.UNKNOWN_TARGET, "no target " + bounded(targetId));
		}
		if (!this.properties.allows(level) || target.level(level).isEmpty()) {
			throw new RefusedException(BreakGlassRefusal.LEVEL_NOT_ALLOWED, "level " + bounded(level) + " on " + target.id());
		}
		String why = reason == null ? "" : reason.strip();
		if (why.isEmpty()) {
			throw new RefusedException(BreakGlassRefusal.REASON_REQUIRED, "no reason");
		}
		if (why.length() > 1000) {
			throw new RefusedException(BreakGlassRefusal.INVALID_INPUT, "reason too long");
		}
		// A suspended organisation (a declared breach suspends it too) never breaks the glass: the
		// emergency may be the intruder's.
		if (this.suspension.isSuspended(vendor.organisation())) {
			throw new RefusedException(BreakGlassRefusal.ORG_SUSPENDED, vendor.organisation() + " is suspended");
		}
		if (this.repository.eligibility(vendor.subject(), target.id()).isEmpty()) {
			throw new RefusedException(BreakGlassRefusal.NOT_ELIGIBLE, vendor.subject() + " for " + target.id());
		}
		Instant now = this.clock.instant();
		Duration length = this.properties.duration().compareTo(target.maxGrant()) > 0 ? target.maxGrant()
				: this.properties.duration();
		if (this.history.findCurrent(vendor.subject(), target.id(), now)
			.stream()
			.anyMatch(held -> held.grant().window().overlaps(new GrantWindow(now, now.plus(length))))) {
			throw new RefusedException(BreakGlassRefusal.ALREADY_HELD, vendor.subject() + " holds " + target.id());
		}
		Grant grant = new Grant(UUID.randomUUID().toString(), vendor.subject(), vendor.organisation(), target.id(), level, now,
				now.plus(length), Grant.BREAK_GLASS_PREFIX + UUID.randomUUID(), List.of());
		boolean[] stored = new boolean[1];
		try {
			String notified = this.tx.execute(status -> {
				if (this.accounts.lockStatus(vendor.subject()).filter(UserStatus.ACTIVE::equals).isEmpty()) {
					throw new RefusedException(BreakGlassRefusal.ACCOUNT_NOT_ACTIVE, vendor.subject() + " is not active");
				}
				this.repository.insertOpening(grant, why, clientAddress, now);
				this.history.insert(grant, now, true);
				this.audit.append(AuditEntry.builder(AuditAction.BREAK_GLASS_OPENED, now)
					.actor(vendor.subject())
					.organisation(vendor.organisation())
					.request(grant.requestId())
					.grant(grant.id())
					.target(target.id())
					.outcome("opened")
					.reason(why)
					.clientAddress(clientAddress)
					.severity(Severity.HIGH)
					.detail("level", level)
					.detail("notAfter", grant.notAfter())
					.detail("alert.explanation", vendor.subject() + " of " + vendor.organisation()
							+ " opened emergency " + level + " access to " + target.id() + " without approval: review it.")
					// Valid Accounts: a break-glass opening is exactly what a stolen eligible account would do.
					.detail("threat.technique.id", "T1078")
					.build());
				String told = this.notifications.breakGlassOpened(grant, why);
				// Last: the one write outside the transaction.
				put(grant);
				stored[0] = true;
				return told;
			});
			log.warn("BREAK-GLASS: {} ({}) opened {} access to {} until {}", vendor.subject(), vendor.organisation(), level,
					target.id(), grant.notAfter());
			return new Opened(grant, notified);
		}
		catch (RuntimeException ex) {
			if (stored[0]) {
				try {
					this.grantStore.revoke(grant.id(), "break-glass opening rolled back");
				}
				catch (RuntimeException revokeFailed) {
					log.error("Break-glass grant {} is in the store but its opening rolled back, and revoking it failed",
							grant.id(), revokeFailed);
				}
			}
			throw ex;
		}
	}

	/**
	 * A security admin's judgement afterwards. Misuse disables the person through the one cut-off
	 * path (every grant, session and pending approval of theirs ends) and is raised as an alert.
	 */
	public BreakGlassRepository.Opening review(Actor admin, String grantId, boolean misuse, String note, String clientAddress) {
		if (!admin.hasRole(Role.SECURITY_ADMIN)) {
			throw new RefusedException(BreakGlassRefusal.NOT_FOUND, admin.subject() + " is not a security admin");
		}
		String why = note == null ? "" : note.strip();
		if (why.isEmpty() || why.length() > 1000) {
			throw new RefusedException(BreakGlassRefusal.REVIEW_NOTE_REQUIRED, "review without a usable note");
		}
		BreakGlassRepository.Opening opening = (grantId == null || grantId.length() > 64) ? null
				: this.repository.opening(grantId).orElse(null);
		if (opening == null) {
			throw new RefusedException(BreakGlassRefusal.NOT_FOUND, "no break-glass opening " + bounded(grantId));
		}
		Instant now = this.clock.instant();
		BreakGlassRepository.Review review = misuse ? BreakGlassRepository.Review.MISUSE
				: BreakGlassRepository.Review.APPROVED_IN_HINDSIGHT;
		this.tx.executeWithoutResult(status -> {
			if (!this.repository.review(grantId, review, admin.subject(), now, why)) {
				throw new RefusedException(BreakGlassRefusal.ALREADY_REVIEWED, grantId + " reviewed already");
			}
			AuditEntry.Builder entry = AuditEntry.builder(
					misuse ? AuditAction.BREAK_GLASS_MISUSE : AuditAction.BREAK_GLASS_APPROVED_IN_HINDSIGHT, now)
				.actor(admin.subject())
				.organisation(admin.organisation())
				.request(opening.requestId())
				.grant(grantId)
				.target(opening.targetId())
				.outcome(review.name())
				.reason(why)
				.clientAddress(clientAddress)
				.severity(misuse ? Severity.HIGH : Severity.INFO)
				.detail("subject", opening.subject())
				.detail("subjectOrganisation", opening.organisation());
			if (misuse) {
				entry.detail("alert.explanation", "Break-glass access by " + opening.subject() + " to " + opening.targetId()
						+ " was judged misuse by " + admin.subject() + "; the account is disabled.")
					.detail("threat.technique.id", "T1078");
			}
			this.audit.append(entry.build());
			if (misuse) {
				UserAccount account = this.accounts.findBySubject(opening.subject()).orElse(null);
				if (account != null && account.status() != UserStatus.DISABLED && account.status() != UserStatus.DELETED) {
					this.cutoff.cutOff(admin, account, AccountCutoff.Cause.DISABLED, clientAddress);
				}
			}
		});
		return this.repository.opening(grantId).orElseThrow();
	}

	public List<BreakGlassRepository.Opening> openings(Actor admin) {
		if (!admin.hasRole(Role.SECURITY_ADMIN) && !admin.hasRole(Role.APPROVER)) {
			throw new RefusedException(BreakGlassRefusal.NOT_FOUND, admin.subject() + " may not list break-glass");
		}
		return this.repository.openings(200);
	}

	private void put(Grant grant) {
		GrantStore.PutResult put;
		try {
			put = this.grantStore.put(grant);
		}
		catch (GrantStoreUnavailableException ex) {
			throw new RefusedException(BreakGlassRefusal.GRANT_STORE_UNAVAILABLE, "put " + grant.id() + ": " + ex, ex);
		}
		if (put == GrantStore.PutResult.ORGANISATION_SUSPENDED) {
			throw new RefusedException(BreakGlassRefusal.ORG_SUSPENDED, grant.organisation() + " suspended at put");
		}
		if (put != GrantStore.PutResult.STORED) {
			throw new RefusedException(BreakGlassRefusal.GRANT_STORE_UNAVAILABLE, "grant store said " + put);
		}
	}

	private static String bounded(String value) {
		if (value == null) {
			return null;
		}
		return value.length() <= 256 ? value : value.substring(0, 256) + "...(" + value.length() + " chars)";
	}

}
