package io.keygate.auth.enrollment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.webhook.WebhookEvent;
import io.keygate.auth.account.AccountOrigins;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.web.CommonRefusal;
import io.keygate.auth.web.RefusedException;
import io.keygate.auth.webauthn.CeremonyStore;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.auth.webauthn.RelyingParty;
import io.keygate.auth.webauthn.StoredCredential;
import io.keygate.auth.webauthn.VerifiedKey;
import io.keygate.auth.webauthn.WebAuthnRefusal;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;

/**
 * Turns an invitation into an account with a registered hardware key. Nothing is written until
 * the key's attestation passed every check; then the invitation is consumed, the account created
 * (or, on a second-admin-confirmed re-enrollment, its earlier keys replaced) and the key stored in
 * one transaction, so a refused or concurrent second use leaves no trace but its audit event.
 * Enrollment never re-activates an account: a disabled one is refused whatever link is opened.
 */
@Service
public class EnrollmentService {

	private static final Logger log = LoggerFactory.getLogger(EnrollmentService.class);

	static final String PURPOSE = "enroll";

	private final InvitationService invitations;

	private final InvitationRepository invitationRepository;

	private final AccountRepository accounts;

	private final CredentialRepository credentials;

	private final RelyingParty relyingParty;

	private final AuditLog audit;

	private final Clock clock;

	private final TransactionTemplate transactions;

	private final AccountOrigins origins;

	private final IdentityAlerts alerts;

	private final ApplicationEventPublisher events;

	public EnrollmentService(InvitationService invitations, InvitationRepository invitationRepository, AccountRepository accounts,
			CredentialRepository credentials, RelyingParty relyingParty, AuditLog audit, Clock clock,
			PlatformTransactionManager transactionManager, AccountOrigins origins, IdentityAlerts alerts,
			ApplicationEventPublisher events) {
		this.events = events;
		this.origins = origins;
		this.alerts = alerts;
		this.invitations = invitations;
		this.invitationRepository = invitationRepository;
		this.accounts = accounts;
		this.credentials = credentials;
		this.relyingParty = relyingParty;
		this.audit = audit;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * The user handle the account will carry: the existing one on a re-invite, otherwise fresh
	 * random bytes (never derived from the e-mail).
	 */
	public String userHandleFor(Invitation invitation) {
		return this.accounts.findByEmail(invitation.email())
			.map(UserAccount::userHandle)
			.orElseGet(() -> RelyingParty.base64Url(CeremonyStore.randomChallenge()));
	}

	public Map<String, Object> creationOptions(Invitation invitation, byte[] challenge, String userHandle) {
		List<StoredCredential> existing = this.accounts.findByEmail(invitation.email())
			.map(account -> this.credentials.findBySubject(account.subject()))
			.orElse(List.of());
		return this.relyingParty.creationOptions(challenge, userHandle, invitation.email(), invitation.displayName(), existing);
	}

	/** A finished enrollment: the active account, the key it registered and when. */
	public record Enrolled(UserAccount account, String credentialId, Instant at) {
	}

	/**
	 * Verifies the registration and, only if it passes, consumes the invitation and stores the
	 * account and key.
	 */
	public Enrolled finish(Invitation invitation, String userHandle, byte[] challenge, String credentialJson, String label,
			String clientAddress) {
		VerifiedKey key;
		try {
			key = this.relyingParty.verifyRegistration(credentialJson, challenge);
			if (this.credentials.findById(key.credentialId()).isPresent()) {
				throw new RefusedException(WebAuthnRefusal.CREDENTIAL_ALREADY_REGISTERED,
						"credential " + key.credentialId() + " is already registered");
			}
		}
		catch (RefusedException ex) {
			log.info("enrollment of {} refused ({}): {}", invitation.email(), ex.refusal().name(), ex.getMessage());
			this.audit.append(AuditEntry.builder(AuditAction.WEBAUTHN_REGISTRATION_REFUSED, this.clock.instant())
				.actor(invitation.email())
				.organisation(invitation.organisation())
				.outcome("REFUSED")
				.reason(ex.refusal().name())
				.clientAddress(clientAddress)
				.severity(Severity.WARNING)
				.detail("invitationId", invitation.id())
				.detail("detail", truncate(ex.getMessage()))
				.build());
			throw ex;
		}
		String safeLabel = label(label);
		Instant now = this.clock.instant();
		UserAccount account = this.transactions.execute(status -> store(invitation, userHandle, key, safeLabel, clientAddress, now));
		this.events.publishEvent(new EnrollmentCompleted(account.subject(), invitation.email(), account.organisation(),
				invitation.roles(), invitation.reenrollment(), now));
		log.info("{} enrolled a hardware key ({}) in organisation {}", account.subject(), RelyingParty.describe(key),
				account.organisation());
		return new Enrolled(account, key.credentialId(), now);
	}

	private UserAccount store(Invitation invitation, String userHandle, VerifiedKey key, String label, String clientAddress,
			Instant now) {
		if (!this.invitationRepository.markUsed(invitation.id(), now)) {
			throw new RefusedException(EnrollmentLinkRefusal.INVITATION_USED, "invitation " + invitation.id() + " used concurrently");
		}
		// Asked again inside the transaction: the account may have been created or disabled since
		// the link was opened.
		EnrollmentLinkRefusal accountProblem = this.invitations.accountProblemWith(invitation);
		if (accountProblem != null) {
			throw new RefusedException(accountProblem, "invitation " + invitation.id() + " for " + invitation.email() + ": "
					+ accountProblem.name() + " at finish");
		}
		this.accounts.ensureOrganisation(invitation.organisation(), invitation.organisation());
		Optional<UserAccount> existing = this.accounts.findByEmail(invitation.email());
		UserAccount account;
		int keysRevoked = 0;
		if (existing.isPresent()) {
			// A re-enrollment, confirmed by a second admin: the new key replaces every earlier one, so
			// whoever held the link cannot end up sharing the account with its owner. The person
			// keeps a second key only by adding it themself (account page, fresh assertion).
			account = existing.get();
			keysRevoked = this.credentials.deleteBySubject(account.subject());
			this.accounts.replaceRoles(account.subject(), invitation.roles());
			// Enrollment never changes an account's status, except finishing a pending one: a
			// disabled account was refused above and stays disabled.
			if (account.status() == UserStatus.PENDING) {
				this.accounts.updateStatus(account.subject(), UserStatus.ACTIVE);
			}
		}
		else {
			account = new UserAccount(invitation.subject(), invitation.displayName(), invitation.email(),
					invitation.organisation(), userHandle, UserStatus.ACTIVE, invitation.roles(), now);
			this.accounts.insert(account);
		}
		this.origins.record(new AccountOrigins.Origin(account.subject(),
				existing.isPresent() ? AccountOrigins.Kind.REENROLLED : AccountOrigins.Kind.CREATED, invitation.invitedBy(),
				invitation.confirmedBy(), invitation.id(), now));
		this.credentials.insert(new StoredCredential(key.credentialId(), account.subject(), label, key.attestedCredentialData(),
				key.attestationObject(), key.attestationFormat(), key.aaguid().toString(), key.signatureCount(), key.userVerified(),
				key.backupEligible(), key.backupState(), key.transports(), now, null));
		// Privileged identities, re-enrollments and the bootstrap are what an insider would abuse:
		// each is HIGH and alerted, naming both admins.
		boolean sensitive = invitation.privileged() || invitation.reenrollment() || invitation.confirmedBy() != null;
		this.audit.append(AuditEntry.builder(AuditAction.ENROLLMENT_COMPLETED, now)
			.actor(account.subject())
			.organisation(invitation.organisation())
			.outcome(existing.isPresent() ? "REENROLLED" : "ENROLLED")
			.clientAddress(clientAddress)
			.severity(sensitive ? Severity.HIGH : Severity.INFO)
			.detail("invitationId", invitation.id())
			.detail("invitedBy", invitation.invitedBy())
			.detail("confirmedBy", invitation.confirmedBy() == null ? "" : invitation.confirmedBy())
			.detail("roles", invitation.roles().stream().map(Enum::name).sorted().toList())
			.detail("keysRevoked", keysRevoked)
			.detail("credentialId", key.credentialId())
			.detail("attestationFormat", key.attestationFormat())
			.detail("aaguid", key.aaguid())
			.build());
		if (sensitive) {
			this.alerts.raise(WebhookEvent.IDENTITY_ENROLLED, Map.of("subject", account.subject(), "roles",
					invitation.roles().stream().map(Enum::name).sorted().toList(), "invitedBy", invitation.invitedBy(),
					"confirmedBy", invitation.confirmedBy() == null ? "" : invitation.confirmedBy(), "reenrollment",
					invitation.reenrollment(), "keysRevoked", keysRevoked));
		}
		return this.accounts.findBySubject(account.subject()).orElseThrow();
	}

	/** A key's display name: trimmed, at most 100 characters, a default when empty. */
	public static String label(String label) {
		if (label == null || label.isBlank()) {
			return "Security key";
		}
		String stripped = label.strip();
		if (stripped.length() > 100) {
			throw RefusedException.withMessage(CommonRefusal.INVALID_INPUT, "The key name may have at most 100 characters.",
					"label too long");
		}
		return stripped;
	}

	static String truncate(String value) {
		if (value == null) {
			return "";
		}
		return value.length() <= 300 ? value : value.substring(0, 300) + "...";
	}

}
