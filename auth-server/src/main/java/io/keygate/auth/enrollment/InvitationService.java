package io.keygate.auth.enrollment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.web.CommonRefusal;
import io.keygate.auth.web.RefusedException;
import io.keygate.auth.webauthn.WebAuthnProperties;
import io.keygate.policy.Names;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.auth.throttle.UnauthenticatedAuditThrottle;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Role;

/**
 * One-time enrollment links. The token (32 random bytes) exists only in the link; the database
 * keeps its SHA-256, so a database reader cannot enroll a key. A link works once, until it
 * expires (24 h by default), and a new invitation for the same person revokes the older link.
 */
@Service
public class InvitationService {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final InvitationRepository invitations;

	private final AccountRepository accounts;

	private final UnauthenticatedAuditThrottle refusals;

	private final AuditLog audit;

	private final Clock clock;

	private final EnrollmentProperties properties;

	private final String baseUrl;

	public InvitationService(InvitationRepository invitations, AccountRepository accounts, AuditLog audit, Clock clock,
			EnrollmentProperties properties, WebAuthnProperties webAuthn, UnauthenticatedAuditThrottle refusals) {
		this.refusals = refusals;
		this.invitations = invitations;
		this.accounts = accounts;
		this.audit = audit;
		this.clock = clock;
		this.properties = properties;
		String base = properties.baseUrl() == null || properties.baseUrl().isBlank() ? webAuthn.origins().get(0)
				: properties.baseUrl();
		this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	/** A new invitation and the only copy of its link. */
	public record Issued(Invitation invitation, String token, String link) {
	}

	/**
	 * Issues a usable link for a new account at once, with no second admin. Only for callers that
	 * decided this is allowed: the first admin's bootstrap, a security admin's invitation of a
	 * non-privileged person or a lone admin's explicit single-admin bootstrap (see
	 * {@code admin.InvitationDesk}). The link cannot touch an existing account: enrollment refuses it.
	 */
	@Transactional
	public Issued invite(String invitedBy, String email, String displayName, String organisation, Set<Role> roles,
			String clientAddress) {
		return invite(invitedBy, email, displayName, organisation, roles, clientAddress, Severity.INFO);
	}

	/** As {@link #invite(String, String, String, String, Set, String)}, audited at {@code severity}. */
	@Transactional
	public Issued invite(String invitedBy, String email, String displayName, String organisation, Set<Role> roles,
			String clientAddress, Severity severity) {
		Invitation invitation = create(invitedBy, email, displayName, organisation, roles, false, InvitationState.ISSUED);
		String token = newToken();
		this.invitations.insert(invitation, hash(token));
		this.audit.append(created(AuditAction.ENROLLMENT_INVITATION_CREATED, invitation, clientAddress).severity(severity).build());
		return new Issued(invitation, token, linkFor(token));
	}

	/**
	 * Records an invitation that waits for a second security admin's key-signed confirmation: a
	 * privileged identity, or a re-enrollment of an existing account. The link is returned to the
	 * admin who asked (who is then on record as having enrolled the account), but it is refused
	 * until the confirmation.
	 */
	@Transactional
	public Issued propose(String invitedBy, String email, String displayName, String organisation, Set<Role> roles,
			boolean reenrollment, String clientAddress) {
		Invitation invitation = create(invitedBy, email, displayName, organisation, roles, reenrollment,
				InvitationState.AWAITING_CONFIRMATION);
		String token = newToken();
		this.invitations.insert(invitation, hash(token));
		this.audit.append(created(AuditAction.ENROLLMENT_INVITATION_AWAITING_CONFIRMATION, invitation, clientAddress)
			.severity(Severity.HIGH)
			.detail("reenrollment", invitation.reenrollment())
			.build());
		return new Issued(invitation, token, linkFor(token));
	}

	/**
	 * A second admin's confirmation (already verified by the caller): the link starts working, for
	 * the usual lifetime from now. Empty when the invitation stopped waiting meanwhile (withdrawn,
	 * confirmed by someone else).
	 */
	@Transactional
	public Optional<Invitation> confirm(Invitation invitation, String confirmedBy, String evidenceId) {
		if (confirmedBy.equals(invitation.invitedBy())) {
			throw new IllegalStateException("self-confirmation of " + invitation.id() + " reached the store (this is a bug)");
		}
		Instant now = this.clock.instant();
		if (!this.invitations.confirm(invitation.id(), confirmedBy, evidenceId, now, now.plus(this.properties.invitationTtl()))) {
			return Optional.empty();
		}
		return this.invitations.findById(invitation.id());
	}

	/** Open invitations waiting for a second admin, newest first. */
	public List<Invitation> awaitingConfirmation() {
		return this.invitations.findOpen().stream().filter(i -> i.state() == InvitationState.AWAITING_CONFIRMATION).toList();
	}

	public Optional<Invitation> find(String id) {
		return this.invitations.findById(id);
	}

	/**
	 * Withdraws every open invitation for {@code email}, issued or awaiting confirmation. Disabling
	 * an account calls this in its transaction: a link sent before must not bring the person back.
	 */
	@Transactional
	public int cancelOpenFor(String email, String by, String why, String clientAddress) {
		Instant now = this.clock.instant();
		int cancelled = this.invitations.revokeOpenFor(email, now);
		if (cancelled > 0) {
			this.audit.append(AuditEntry.builder(AuditAction.ENROLLMENT_INVITATIONS_CANCELLED, now)
				.actor(by)
				.outcome("CANCELLED")
				.reason(why)
				.clientAddress(clientAddress)
				.severity(Severity.WARNING)
				.detail("invitee", email)
				.detail("cancelled", cancelled)
				.build());
		}
		return cancelled;
	}

	private Invitation create(String invitedBy, String email, String displayName, String organisation, Set<Role> roles,
			boolean reenrollment, InvitationState state) {
		String normalisedEmail = normaliseEmail(email);
		if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
			throw RefusedException.withMessage(CommonRefusal.INVALID_INPUT, "A name of at most 200 characters is required.",
					"bad display name");
		}
		if (!Names.isToken(organisation)) {
			throw RefusedException.withMessage(CommonRefusal.INVALID_INPUT, "The organisation id is not valid.", "bad organisation");
		}
		if (roles == null || roles.isEmpty()) {
			throw RefusedException.withMessage(CommonRefusal.INVALID_INPUT, "At least one role is required.", "no roles");
		}
		Instant now = this.clock.instant();
		this.invitations.revokeOpenFor(normalisedEmail, now);
		return new Invitation(UUID.randomUUID().toString(), normalisedEmail, displayName.strip(), organisation, roles, invitedBy,
				now, now.plus(this.properties.invitationTtl()), null, null, state, reenrollment, null, null);
	}

	private AuditEntry.Builder created(AuditAction action, Invitation invitation, String clientAddress) {
		return AuditEntry.builder(action, invitation.createdAt())
			.actor(invitation.invitedBy())
			.organisation(invitation.organisation())
			.outcome("CREATED")
			.clientAddress(clientAddress)
			.detail("invitationId", invitation.id())
			.detail("invitee", invitation.email())
			.detail("roles", invitation.roles().stream().map(Role::name).sorted().toList())
			.detail("expiresAt", invitation.expiresAt());
	}

	private static String newToken() {
		byte[] tokenBytes = new byte[32];
		RANDOM.nextBytes(tokenBytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes);
	}

	private String linkFor(String token) {
		return this.baseUrl + "/enroll?token=" + token;
	}

	/** The invitation behind a link that still works, or a refusal saying why it does not. */
	public Invitation open(String token, String clientAddress) {
		Invitation invitation = null;
		EnrollmentLinkRefusal problem = null;
		if (token == null || token.length() < 20 || token.length() > 100) {
			problem = EnrollmentLinkRefusal.INVITATION_UNKNOWN;
		}
		else {
			invitation = this.invitations.findByTokenHash(hash(token)).orElse(null);
			problem = problemWith(invitation);
			if (problem == null) {
				problem = accountProblemWith(invitation);
			}
		}
		if (problem != null) {
			boolean accountAtStake = problem == EnrollmentLinkRefusal.ACCOUNT_EXISTS
					|| problem == EnrollmentLinkRefusal.ACCOUNT_DISABLED;
			AuditEntry refused = AuditEntry.builder(AuditAction.ENROLLMENT_REFUSED, this.clock.instant())
				.actor(invitation == null ? "" : invitation.email())
				.organisation(invitation == null ? "" : invitation.organisation())
				.outcome("REFUSED")
				.reason(problem.name())
				.clientAddress(clientAddress)
				.severity(accountAtStake ? Severity.HIGH : Severity.WARNING)
				.detail("invitationId", invitation == null ? "" : invitation.id())
				.build();
			if (accountAtStake) {
				// A genuine link aimed at an existing or disabled account: recorded in full, every time.
				this.audit.append(refused);
			}
			else {
				// Anyone can open /enroll with a made-up token: counted per address, not a row each.
				this.refusals.refused(refused);
			}
			throw new RefusedException(problem, "invitation link " + problem.name());
		}
		return invitation;
	}

	EnrollmentLinkRefusal problemWith(Invitation invitation) {
		if (invitation == null) {
			return EnrollmentLinkRefusal.INVITATION_UNKNOWN;
		}
		if (invitation.usedAt() != null) {
			return EnrollmentLinkRefusal.INVITATION_USED;
		}
		if (invitation.revokedAt() != null) {
			return EnrollmentLinkRefusal.INVITATION_REVOKED;
		}
		if (invitation.state() != InvitationState.ISSUED) {
			return EnrollmentLinkRefusal.INVITATION_AWAITING_CONFIRMATION;
		}
		if (!this.clock.instant().isBefore(invitation.expiresAt())) {
			return EnrollmentLinkRefusal.INVITATION_EXPIRED;
		}
		return null;
	}

	/**
	 * What the account behind the e-mail says about this link: a link for a new account cannot
	 * reach an existing one, a re-enrollment needs the account it was confirmed for, and a
	 * disabled account stays disabled whatever link is opened.
	 */
	EnrollmentLinkRefusal accountProblemWith(Invitation invitation) {
		Optional<UserAccount> account = this.accounts.findByEmail(invitation.email());
		if (account.isEmpty()) {
			return invitation.reenrollment() ? EnrollmentLinkRefusal.INVITATION_REVOKED : null;
		}
		if (account.get().status() == UserStatus.DISABLED) {
			return EnrollmentLinkRefusal.ACCOUNT_DISABLED;
		}
		return invitation.reenrollment() ? null : EnrollmentLinkRefusal.ACCOUNT_EXISTS;
	}

	public static String normaliseEmail(String email) {
		String value = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
		if (!Names.isToken(value) || value.indexOf('@') < 1 || value.endsWith("@")) {
			throw RefusedException.withMessage(CommonRefusal.INVALID_INPUT,
					"The e-mail address is not valid (letters, digits, '.', '_', '+', '-' and one '@').", "bad e-mail");
		}
		return value;
	}

	static String hash(String token) {
		Objects.requireNonNull(token, "token cannot be null");
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
