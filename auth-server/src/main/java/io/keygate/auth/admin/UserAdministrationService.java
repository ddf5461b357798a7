package io.keygate.auth.admin;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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

	private final AuditLog audit;

	private final Clock clock;

	public UserAdministrationService(AccountRepository accounts, CredentialRepository credentials, InvitationService invitations,
			AuditLog audit, Clock clock) {
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

	@Transactional
	public void disable(Actor admin, String subject, String clientAddress) {
		UserAccount account = target(admin, subject);
		this.accounts.updateStatus(account.subject(), UserStatus.DISABLED);
		this.invitations.cancelOpenFor(account.email(), admin.subject(), "ACCOUNT_DISABLED", clientAddress);
		record(admin, account, AuditAction.ACCOUNT_DISABLED, clientAddress, 0);
	}

	/** Deletes every key of the person; the account waits for a re-invite. */
	@Transactional
	public int revokeKeys(Actor admin, String subject, String clientAddress) {
		UserAccount account = target(admin, subject);
		int revoked = this.credentials.deleteBySubject(account.subject());
		if (account.status() == UserStatus.ACTIVE) {
			this.accounts.updateStatus(account.subject(), UserStatus.PENDING);
		}
		record(admin, account, AuditAction.ACCOUNT_KEYS_REVOKED, clientAddress, revoked);
		return revoked;
	}

	/** A fresh one-time link for an existing person (their roles and organisation unchanged). */
	public InvitationService.Issued reinvite(Actor admin, String subject, String clientAddress) {
		UserAccount account = this.accounts.findBySubject(subject)
			.orElseThrow(() -> new RefusedException(AdminRefusal.UNKNOWN_USER, "no account " + subject));
		return this.invitations.invite(admin.subject(), account.email(), account.displayName(), account.organisation(),
				account.roles(), clientAddress);
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
