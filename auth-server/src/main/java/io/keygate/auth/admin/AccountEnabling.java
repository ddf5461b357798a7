package io.keygate.auth.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.keygate.auth.access.request.ApprovalEvidence;
import io.keygate.auth.access.stepup.KeySignedAction;
import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.access.webhook.WebhookEvent;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.enrollment.IdentityAlerts;
import io.keygate.auth.enrollment.Invitation;
import io.keygate.auth.web.RefusedException;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Actor;

/**
 * Enabling a disabled account again, confirmed with the admin's fresh key assertion bound to
 * that account. It restores the account's status only: no grant, no invitation, no session comes
 * back; the person signs in again and asks for access again. An account without keys becomes
 * PENDING (it needs a re-enrollment).
 */
@Service
public class AccountEnabling {

	private final AccountRepository accounts;

	private final CredentialRepository credentials;

	private final StepUpVerifier stepUp;

	private final IdentityAlerts alerts;

	private final AuditLog audit;

	private final Clock clock;

	public AccountEnabling(AccountRepository accounts, CredentialRepository credentials, StepUpVerifier stepUp,
			IdentityAlerts alerts, AuditLog audit, Clock clock) {
		this.accounts = accounts;
		this.credentials = credentials;
		this.stepUp = stepUp;
		this.alerts = alerts;
		this.audit = audit;
		this.clock = clock;
	}

	public StepUpChallenge challenge(Actor admin, String subject, String clientAddress) {
		UserAccount account = disabled(admin, subject, clientAddress);
		return this.stepUp.issue(actionOf(account, admin), admin);
	}

	/** Enables {@code subject} after verifying the admin's assertion; returns the status it now has. */
	public UserStatus enable(Actor admin, String subject, StepUpAssertion assertion, String clientAddress) {
		UserAccount account = disabled(admin, subject, clientAddress);
		ApprovalEvidence evidence;
		try {
			evidence = this.stepUp.verify(actionOf(account, admin), admin, assertion, clientAddress);
		}
		catch (RefusedException ex) {
			throw refused(admin, subject, AdminRefusal.CONFIRMATION_INVALID, ex.refusal() + ": " + ex.getMessage(),
					clientAddress);
		}
		UserStatus status = this.credentials.countBySubject(account.subject()) > 0 ? UserStatus.ACTIVE : UserStatus.PENDING;
		this.accounts.updateStatus(account.subject(), status);
		boolean privileged = Invitation.isPrivileged(account.roles());
		this.audit.append(AuditEntry.builder(AuditAction.ACCOUNT_ENABLED, this.clock.instant())
			.actor(admin.subject())
			.organisation(admin.organisation())
			.outcome(status.name())
			.clientAddress(clientAddress)
			.severity(privileged ? Severity.HIGH : Severity.WARNING)
			.detail("subject", account.subject())
			.detail("subjectOrganisation", account.organisation())
			.detail("grantsRestored", 0)
			.detail("credentialId", evidence.credentialId())
			.build());
		this.alerts.raise(WebhookEvent.ACCOUNT_ENABLED,
				Map.of("subject", account.subject(), "enabledBy", admin.subject(), "status", status.name()));
		return status;
	}

	private UserAccount disabled(Actor admin, String subject, String clientAddress) {
		if (admin.subject().equals(subject)) {
			throw refused(admin, subject, AdminRefusal.SELF_ADMINISTRATION, "self-enable", clientAddress);
		}
		UserAccount account = this.accounts.findBySubject(subject)
			.orElseThrow(() -> new RefusedException(AdminRefusal.UNKNOWN_USER, "no account " + subject));
		if (account.status() != UserStatus.DISABLED) {
			throw new RefusedException(AdminRefusal.NOT_DISABLED, subject + " is " + account.status());
		}
		return account;
	}

	static KeySignedAction actionOf(UserAccount account, Actor admin) {
		return new KeySignedAction("enable:" + shortHash(account.subject()), "account.enable",
				List.of("keygate-account-enable-v1", account.subject(), account.userHandle(), admin.subject()));
	}

	private RefusedException refused(Actor admin, String subject, AdminRefusal refusal, String detail, String clientAddress) {
		this.audit.append(AuditEntry.builder(AuditAction.ACCOUNT_ENABLE_REFUSED, this.clock.instant())
			.actor(admin.subject())
			.organisation(admin.organisation())
			.outcome("REFUSED")
			.reason(refusal.name())
			.clientAddress(clientAddress)
			.severity(Severity.WARNING)
			.detail("subject", subject)
			.build());
		return new RefusedException(refusal, detail);
	}

	private static String shortHash(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, 40);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 missing from the JDK (this is a bug)", ex);
		}
	}

}
