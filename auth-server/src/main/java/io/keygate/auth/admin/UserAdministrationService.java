package io.keygate.auth.admin;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.keygate.auth.access.AccountCutoff;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.enrollment.InvitationService;
import io.keygate.auth.web.RefusedException;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Actor;

/**
 * What a security admin does to accounts: disable one, revoke all of a person's keys (the
 * account then needs a new invitation), re-invite. Each takes effect on the person's next
 * request (their session ends) and is audited. An admin cannot lock themselves out this way.
 */
@Service
public class UserAdministrationService {

	private final AccountRepository accounts;

	private final CredentialRepository credentials;

	private final InvitationService invitations;

	private final AccountCutoff cutoff;

	private final AuditLog audit;

	private final Clock clock;

	public UserAdministrationService(AccountRepository accounts, CredentialRepository credentials, InvitationService invitations,
			AccountCutoff cutoff, AuditLog audit, Clock clock) {
		this.cutoff = cutoff;
		this.accounts = accounts;
		this.credentials = credentials;
		this.invitations = invitations;
		this.audit = audit;
		this.clock = clock;
	}

	public List<UserAccount> users() {
		return this.accounts.findAll();
	}

	public long keyCount(String subject) {
		return this.credentials.countBySubject(subject);
	}

	/**
	 * Switches the account off and cuts the person off everywhere in the same transaction (see
	 * {@link AccountCutoff}): grants revoked, sessions and OIDC authorizations ended, pending
	 * approvals they gave withdrawn. Disabling an account already disabled (or deleted) cuts off
	 * again, which is harmless and ends anything that slipped in.
	 */
	@Transactional
	public AccountCutoff.Result disable(Actor admin, String subject, String clientAddress) {
		UserAccount account = target(admin, subject);
		AccountCutoff.Cause cause = account.status() == UserStatus.DELETED ? AccountCutoff.Cause.DELETED
				: AccountCutoff.Cause.DISABLED;
		AccountCutoff.Result result = this.cutoff.cutOff(admin, account, cause, clientAddress);
		// An outstanding link must not bring the person back in through enrollment.
		this.invitations.cancelOpenFor(account.email(), admin.subject(), "ACCOUNT_DISABLED", clientAddress);
		record(admin, account, AuditAction.ACCOUNT_DISABLED, clientAddress, 0);
		return result;
	}

	/**
	 * Deletes every key of the person; the account waits for a re-invite, and is cut off like a
	 * disabled one (a person without a key holds nothing). A disabled or deleted account keeps its status.
	 */
	@Transactional
	public int revokeKeys(Actor admin, String subject, String clientAddress) {
		UserAccount account = target(admin, subject);
		// The account row first, as everywhere (key removal, approval, activation): one lock order.
		this.accounts.lockStatus(account.subject());
		int revoked = this.credentials.deleteBySubject(account.subject());
		AccountCutoff.Cause cause = switch (account.status()) {
			case DISABLED -> AccountCutoff.Cause.DISABLED;
			case DELETED -> AccountCutoff.Cause.DELETED;
			default -> AccountCutoff.Cause.KEYS_REVOKED;
		};
		this.cutoff.cutOff(admin, account, cause, clientAddress);
		record(admin, account, AuditAction.ACCOUNT_KEYS_REVOKED, clientAddress, revoked);
		return revoked;
	}

	/**
	 * Removes the person: keys deleted, access ended as for a disable, the account kept as a
	 * {@link UserStatus#DELETED} tombstone so that history and the audit chain still name them.
	 */
	@Transactional
	public int delete(Actor admin, String subject, String clientAddress) {
		UserAccount account = target(admin, subject);
		this.accounts.lockStatus(account.subject());
		int revoked = this.credentials.deleteBySubject(account.subject());
		this.cutoff.cutOff(admin, account, AccountCutoff.Cause.DELETED, clientAddress);
		this.invitations.cancelOpenFor(account.email(), admin.subject(), "ACCOUNT_DELETED", clientAddress);
		record(admin, account, AuditAction.ACCOUNT_DELETED, clientAddress, revoked);
		return revoked;
	}

	private UserAccount target(Actor admin, String subject) {
		if (admin.subject().equals(subject)) {
			throw new RefusedException(AdminRefusal.SELF_ADMINISTRATION, "self-administration by " + subject);
		}
		return this.accounts.findBySubject(subject)
			.orElseThrow(() -> new RefusedException(AdminRefusal.UNKNOWN_USER, "no account " + subject));
	}

	private void record(Actor admin, UserAccount account, AuditAction action, String clientAddress, int keys) {
		this.audit.append(AuditEntry.builder(action, this.clock.instant())
			.actor(admin.subject())
			.organisation(admin.organisation())
			.outcome("DONE")
			.clientAddress(clientAddress)
			.severity(Severity.WARNING)
			.detail("subject", account.subject())
			.detail("subjectOrganisation", account.organisation())
			.detail("keysRevoked", keys)
			.build());
	}

}
