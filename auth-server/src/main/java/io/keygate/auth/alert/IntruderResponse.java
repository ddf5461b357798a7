package io.keygate.auth.alert;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.auth.access.AccountCutoff;
import io.keygate.auth.access.OrganisationSuspension;
import io.keygate.auth.access.RevocationResult;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.account.UserStatus;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.decision.DenyReason;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * What happens to a signed-in person who touches a decoy or presents a honeytoken: they are
 * treated as an intruder until a security admin says otherwise. Their account is disabled pending
 * review ({@link AccountCutoff}: every grant revoked, every session ended, approvals withdrawn)
 * and, when the decoy's catalogue entry says {@code suspend-organisation: true}, their whole vendor
 * organisation is suspended. Staff (approvers, admins) are cut off but never take the utility's
 * own organisation down with them.
 * <p>
 * The gateway has already revoked the person's grants in the store the moment it saw the touch;
 * this is the part only the auth server can do (the account, its sessions, the organisation).
 */
public final class IntruderResponse {

	private static final Logger log = LoggerFactory.getLogger(IntruderResponse.class);

	/** Who the chain names as having acted: Keygate's detection, not a person. */
	public static final Actor DETECTION = Actor.of("keygate-detection", "keygate", Role.SECURITY_ADMIN);

	private final AccountRepository accounts;

	private final AccountCutoff cutoff;

	private final OrganisationSuspension suspension;

	private final TargetCatalog catalog;

	public IntruderResponse(AccountRepository accounts, AccountCutoff cutoff, OrganisationSuspension suspension,
			TargetCatalog catalog) {
		this.accounts = accounts;
		this.cutoff = cutoff;
		this.suspension = suspension;
		this.catalog = catalog;
	}

	/** Whether {@code event} is a trip by someone signed in (a trip by nobody is an alert only). */
	public static boolean isTrip(AuditEvent event) {
		AuditEntry entry = event.entry();
		return !entry.actor().isEmpty()
				&& (DenyReason.DECOY.name().equals(entry.reason()) || DenyReason.HONEYTOKEN.name().equals(entry.reason()));
	}

	/** Cuts off the alert's actor; returns what was done, one line each. Throws when the grant store cannot be reached. */
	public List<String> respond(Alert alert) {
		List<String> done = new ArrayList<>();
		UserAccount account = this.accounts.findBySubject(alert.actor()).orElse(null);
		if (account == null) {
			done.add("No account named " + alert.actor() + ": nothing to disable.");
			return done;
		}
		if (account.status() != UserStatus.DELETED) {
			RevocationResult revoked = this.cutoff.cutOff(DETECTION, account, AccountCutoff.Cause.TRIPPED, "").revocation();
			done.add("Account " + account.subject() + " disabled pending review; " + revoked.grantIds().size()
					+ " live grant(s) revoked, " + revoked.scheduledCancelled().size() + " scheduled cancelled, sessions ended.");
		}
		boolean suspendOrganisation = this.catalog.find(alert.targetId()).map(Target::suspendOrganisation).orElse(false);
		if (suspendOrganisation) {
			boolean staff = account.roles().contains(Role.APPROVER) || account.roles().contains(Role.SECURITY_ADMIN);
			if (staff) {
				done.add("Organisation " + account.organisation() + " not suspended: " + account.subject()
						+ " is utility staff.");
			}
			else if (this.suspension.isSuspended(account.organisation())) {
				done.add("Organisation " + account.organisation() + " was suspended already.");
			}
			else {
				RevocationResult suspended = this.suspension.suspend(DETECTION, account.organisation(),
						"decoy " + alert.targetId() + " touched by " + account.subject(), "");
				done.add("Organisation " + account.organisation() + " suspended; " + suspended.grantIds().size()
						+ " grant(s) ended.");
			}
		}
		log.warn("Intruder response to alert {}: {}", alert.id(), done);
		return done;
	}

}
