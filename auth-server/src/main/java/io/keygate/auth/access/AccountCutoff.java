package io.keygate.auth.access;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.oidc.OidcAuthorizationRevocation;
import io.keygate.policy.identity.Actor;

/**
 * Cuts a person off, everywhere, at once: the one way every path that takes an account out of
 * {@link UserStatus#ACTIVE} (an admin's disable, revoking all keys, delete) ends what the person
 * holds. In one transaction with the status change it
 * <ul>
 * <li>revokes every live and scheduled grant of the person (the grant store's revocation event
 * makes every gateway close their sessions with 1008 and deny the next request),</li>
 * <li>ends their auth-server sessions on every replica (sessions signed in before now never work
 * again, also not after re-enabling) and deletes their OAuth2 authorizations (codes, refresh tokens),</li>
 * <li>withdraws the approvals they gave to requests still pending (those need fresh approvals).</li>
 * </ul>
 * If the grant store cannot be reached nothing is kept (the status change rolls back too) and the
 * admin is told: an account shown as disabled whose grants still work would be worse than a refusal.
 * Re-enabling restores none of it.
 */
public final class AccountCutoff {

	/** Why the account leaves {@link UserStatus#ACTIVE}, as the audit chain and the ended grants say it. */
	public enum Cause {
		DISABLED("account disabled", UserStatus.DISABLED),
		KEYS_REVOKED("all keys of the account revoked", UserStatus.PENDING),
		DELETED("account deleted", UserStatus.DELETED),
		/** A decoy touched or a honeytoken presented: disabled at once, pending a security admin's review. */
		TRIPPED("suspended pending review after a decoy or honeytoken trip", UserStatus.DISABLED);

		private final String reason;

		private final UserStatus status;

		Cause(String reason, UserStatus status) {
			this.reason = reason;
			this.status = status;
		}

		public String reason() {
			return this.reason;
		}

		/** The status the account has afterwards. */
		public UserStatus status() {
			return this.status;
		}
	}

	/** What a cut-off ended. */
	public record Result(RevocationResult revocation, List<String> approvalsWithdrawnFrom, int oidcAuthorizationsEnded) {

		public Result {
			Objects.requireNonNull(revocation, "revocation cannot be null");
			approvalsWithdrawnFrom = List.copyOf(approvalsWithdrawnFrom);
		}

	}

	private final AccountRepository accounts;

	private final GrantRevocation revocation;

	private final AccessRequestRepository requests;

	private final OidcAuthorizationRevocation authorizations;

	private final AccessEvents events;

	private final TransactionTemplate tx;

	private final Clock clock;

	public AccountCutoff(AccountRepository accounts, GrantRevocation revocation,
			AccessRequestRepository requests, OidcAuthorizationRevocation authorizations,
			AccessEvents events, TransactionTemplate tx, Clock clock) {
		this.accounts = accounts;
		this.revocation = revocation;
		this.requests = requests;
		this.authorizations = authorizations;
		this.events = events;
		this.tx = tx;
		this.clock = clock;
	}

	/**
	 * Sets {@code account}'s status for {@code cause} and ends everything it holds, in the caller's
	 * transaction when there is one (so that, e.g., deleting the keys commits with it), else in its own.
	 * The caller has checked that {@code actor} may do this.
	 */
	public Result cutOff(Actor actor, UserAccount account, Cause cause, String clientAddress) {
		return this.tx.execute(status -> {
			Instant now = this.clock.instant();
			String subject = account.subject();
			// First, so that the row lock is held from here to the commit: an approval or an activation
			// that locks the row to read the status waits for us, and one that got it first has
			// finished, so what it produced is found below.
			this.accounts.updateStatus(subject, cause.status());
			this.accounts.endSessions(subject, now);
			String why = cause.reason() + " by " + actor.subject();
			RevocationResult revoked = this.revocation.revokeAllOf(actor, subject, why, clientAddress);
			List<String> withdrawn = this.requests.withdrawPendingApprovals(subject, now, why);
			for (String requestId : withdrawn) {
				this.events.approvalWithdrawn(requestId, subject, why, now);
			}
			int ended = this.authorizations.endAllOf(subject);
			this.events.accessEnded(actor, clientAddress, subject, account.organisation(), cause.name(), revoked, withdrawn,
					ended, now);
			return new Result(revoked, withdrawn, ended);
		});
	}

}
