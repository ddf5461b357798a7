package io.keygate.auth.enrollment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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

	private final UnauthenticatedAuditThrottle refusals;

	private final AuditLog audit;

	private final Clock clock;

	private final EnrollmentProperties properties;

	private final String baseUrl;

	public InvitationService(InvitationRepository invitations, AuditLog audit, Clock clock, EnrollmentProperties properties,
			WebAuthnProperties webAuthn, UnauthenticatedAuditThrottle refusals) {
		this.refusals = refusals;
		this.invitations = invitations;
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

	@Transactional
	public Issued invite(String invitedBy, String email, String displayName, String organisation, Set<Role> roles,
			String clientAddress) {
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
		byte[] tokenBytes = new byte[32];
		RANDOM.nextBytes(tokenBytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes);
		Invitation invitation = new Invitation(UUID.randomUUID().toString(), normalisedEmail, displayName.strip(), organisation,
				roles, invitedBy, now, now.plus(this.properties.invitationTtl()), null, null);
		this.invitations.insert(invitation, hash(token));
		this.audit.append(AuditEntry.builder(AuditAction.ENROLLMENT_INVITATION_CREATED, now)
			.actor(invitedBy)
			.organisation(organisation)
			.outcome("CREATED")
			.clientAddress(clientAddress)
			.detail("invitationId", invitation.id())
			.detail("invitee", normalisedEmail)
			.detail("roles", invitation.roles().stream().map(Role::name).sorted().toList())
			.detail("expiresAt", invitation.expiresAt())
			.build());
		return new Issued(invitation, token, this.baseUrl + "/enroll?token=" + token);
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
		}
		if (problem != null) {
			// Anyone can open /enroll with a made-up token: counted per address, not a row each.
			this.refusals.refused(AuditEntry.builder(AuditAction.ENROLLMENT_REFUSED, this.clock.instant())
				.actor(invitation == null ? "" : invitation.email())
				.organisation(invitation == null ? "" : invitation.organisation())
				.outcome("REFUSED")
				.reason(problem.name())
				.clientAddress(clientAddress)
				.severity(Severity.WARNING)
				.detail("invitationId", invitation == null ? "" : invitation.id())
				.build());
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
		if (!this.clock.instant().isBefore(invitation.expiresAt())) {
			return EnrollmentLinkRefusal.INVITATION_EXPIRED;
		}
		return null;
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
