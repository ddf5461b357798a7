package io.keygate.auth.admin;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.account.AccountOrigins;
import io.keygate.auth.account.KeygateUser;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.enrollment.Invitation;
import io.keygate.auth.enrollment.InvitationState;
import io.keygate.auth.webauthn.CredentialJson;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.enrollment.InvitationService;
import io.keygate.auth.oidc.SigningKeyStore;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Role;

/** Security-admin API ({@code /admin/**}, role SECURITY_ADMIN enforced by the filter chain). */
@RestController
public class AdminController {

	private final UserAdministrationService administration;

	private final SigningKeyStore signingKeys;

	private final AuditLog audit;

	private final Clock clock;

	private final InvitationDesk desk;

	private final AccountEnabling enabling;

	private final AccountOrigins origins;

	public AdminController(InvitationDesk desk, AccountEnabling enabling, AccountOrigins origins,
			UserAdministrationService administration, SigningKeyStore signingKeys, AuditLog audit, Clock clock) {
		this.desk = desk;
		this.enabling = enabling;
		this.origins = origins;
		this.administration = administration;
		this.signingKeys = signingKeys;
		this.audit = audit;
		this.clock = clock;
	}

	/** Rotates the OIDC token-signing key: the new key signs from now on, older keys stay published. */
	@PostMapping(path = "/admin/oidc/signing-keys/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> rotateSigningKey(@AuthenticationPrincipal KeygateUser admin, HttpServletRequest request) {
		String kid = this.signingKeys.rotate().getKeyID();
		this.audit.append(AuditEntry.builder(AuditAction.OIDC_SIGNING_KEY_ROTATED, this.clock.instant())
			.actor(admin.subject())
			.organisation(admin.organisation())
			.outcome("ROTATED")
			.clientAddress(request.getRemoteAddr())
			.severity(Severity.WARNING)
			.detail("kid", kid)
			.build());
		return Map.of("kid", kid);
	}

	/** Stops publishing an older key: tokens it signed stop verifying. The signing key cannot be retired. */
	@PostMapping(path = "/admin/oidc/signing-keys/{kid}/retire", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> retireSigningKey(@AuthenticationPrincipal KeygateUser admin, @PathVariable String kid,
			HttpServletRequest request) {
		if (kid.equals(this.signingKeys.activeOrCreate().getKeyID())) {
			throw new RefusedException(AdminRefusal.SIGNING_KEY_IN_USE, "retire of the active signing key " + kid);
		}
		if (this.signingKeys.retire(kid) == 0) {
			throw new RefusedException(AdminRefusal.UNKNOWN_SIGNING_KEY, "no key " + kid);
		}
		this.audit.append(AuditEntry.builder(AuditAction.OIDC_SIGNING_KEY_RETIRED, this.clock.instant())
			.actor(admin.subject())
			.organisation(admin.organisation())
			.outcome("RETIRED")
			.clientAddress(request.getRemoteAddr())
			.severity(Severity.WARNING)
			.detail("kid", kid)
			.build());
		return Map.of("retired", kid);
	}

	/**
	 * An invitation request. {@code reenrollment} must be set to invite an e-mail that has an
	 * account; {@code singleAdminBootstrap} is the lone security admin's explicit choice to create
	 * an approver or admin without a second admin (audited HIGH).
	 */
	public record InvitationRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String displayName,
			@NotBlank @Size(max = 128) String organisation, @NotEmpty Set<Role> roles, Boolean reenrollment,
			Boolean singleAdminBootstrap) {
	}

	/**
	 * Issued at once (200, with the link) for a vendor engineer or the lone admin's explicit
	 * bootstrap; otherwise 202: the link is refused until a second security admin confirms.
	 */
	@PostMapping(path = "/admin/invitations", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Map<String, Object>> invite(@AuthenticationPrincipal KeygateUser admin,
			@Valid @RequestBody InvitationRequest body, HttpServletRequest request) {
		return requestedView(this.desk.request(admin.actor(), body.email(), body.displayName(), body.organisation(), body.roles(),
				Boolean.TRUE.equals(body.reenrollment()), Boolean.TRUE.equals(body.singleAdminBootstrap()),
				request.getRemoteAddr()));
	}

	/** Invitations waiting for a second security admin's confirmation. */
	@GetMapping(path = "/admin/invitations/awaiting-confirmation", produces = MediaType.APPLICATION_JSON_VALUE)
	public List<Map<String, Object>> awaiting() {
		return this.desk.awaitingConfirmation().stream().map(AdminController::invitationView).toList();
	}

	/** The challenge a second admin's key signs to confirm the invitation (never the admin who asked for it). */
	@PostMapping(path = "/admin/invitations/{id}/confirmation/step-up", produces = MediaType.APPLICATION_JSON_VALUE)
	public StepUpChallenge confirmationStepUp(@AuthenticationPrincipal KeygateUser admin, @PathVariable String id,
			HttpServletRequest request) {
		return this.desk.confirmationChallenge(admin.actor(), id, request.getRemoteAddr());
	}

	/** The second admin's key-signed confirmation: from now on the invitation's link works. */
	@PostMapping(path = "/admin/invitations/{id}/confirmation", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> confirm(@AuthenticationPrincipal KeygateUser admin, @PathVariable String id,
			@RequestBody(required = false) String body, HttpServletRequest request) {
		Map<String, Object> view = invitationView(this.desk.confirm(admin.actor(), id, assertion(body), request.getRemoteAddr()));
		view.put("message", "Confirmed: the one-time link held by " + view.get("invitedBy") + " works from now on.");
		return view;
	}

	@GetMapping(path = "/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
	public List<Map<String, Object>> users() {
		return this.administration.users().stream().map(this::view).toList();
	}

	/** The challenge the admin's key signs to enable a disabled account. */
	@PostMapping(path = "/admin/users/{subject}/enable/step-up", produces = MediaType.APPLICATION_JSON_VALUE)
	public StepUpChallenge enableStepUp(@AuthenticationPrincipal KeygateUser admin, @PathVariable String subject,
			HttpServletRequest request) {
		return this.enabling.challenge(admin.actor(), subject, request.getRemoteAddr());
	}

	/** Enables a disabled account with the admin's key-signed confirmation; no grant comes back. */
	@PostMapping(path = "/admin/users/{subject}/enable", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> enable(@AuthenticationPrincipal KeygateUser admin, @PathVariable String subject,
			@RequestBody(required = false) String body, HttpServletRequest request) {
		UserStatus status = this.enabling.enable(admin.actor(), subject, assertion(body), request.getRemoteAddr());
		return Map.of("subject", subject, "status", status.name(), "grantsRestored", 0);
	}

	@PostMapping(path = "/admin/users/{subject}/disable", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> disable(@AuthenticationPrincipal KeygateUser admin, @PathVariable String subject,
			HttpServletRequest request) {
		var cutOff = this.administration.disable(admin.actor(), subject, request.getRemoteAddr());
		return Map.of("subject", subject, "status", "DISABLED", "grantsEnded", cutOff.revocation().grantIds(),
				"scheduledCancelled", cutOff.revocation().scheduledCancelled(), "approvalsWithdrawnFrom",
				cutOff.approvalsWithdrawnFrom());
	}

	/** Removes the person (a tombstone stays for history): keys deleted, every grant and session ended. */
	@PostMapping(path = "/admin/users/{subject}/delete", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> delete(@AuthenticationPrincipal KeygateUser admin, @PathVariable String subject,
			HttpServletRequest request) {
		int revoked = this.administration.delete(admin.actor(), subject, request.getRemoteAddr());
		return Map.of("subject", subject, "status", "DELETED", "keysRevoked", revoked);
	}

	@PostMapping(path = "/admin/users/{subject}/revoke-keys", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> revokeKeys(@AuthenticationPrincipal KeygateUser admin, @PathVariable String subject,
			HttpServletRequest request) {
		int revoked = this.administration.revokeKeys(admin.actor(), subject, request.getRemoteAddr());
		return Map.of("subject", subject, "keysRevoked", revoked);
	}

	/**
	 * A re-enrollment: waits for a second security admin (202); when used, the new key replaces
	 * every earlier key of the account.
	 */
	@PostMapping(path = "/admin/users/{subject}/reinvite", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Map<String, Object>> reinvite(@AuthenticationPrincipal KeygateUser admin, @PathVariable String subject,
			HttpServletRequest request) {
		return requestedView(this.desk.reenroll(admin.actor(), subject, request.getRemoteAddr()));
	}

	private static StepUpAssertion assertion(String body) {
		return new StepUpAssertion(CredentialJson.text(body, "challengeId", 64), CredentialJson.member(body, "credential"));
	}

	private static ResponseEntity<Map<String, Object>> requestedView(InvitationService.Issued issued) {
		if (issued.invitation().state() == InvitationState.ISSUED) {
			return ResponseEntity.ok(issuedView(issued));
		}
		Map<String, Object> view = issuedView(issued);
		view.put("message", "A second security admin must confirm this invitation with their security key; "
				+ "until then the link is refused.");
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(view);
	}

	private static Map<String, Object> invitationView(Invitation invitation) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("invitationId", invitation.id());
		view.put("email", invitation.email());
		view.put("displayName", invitation.displayName());
		view.put("organisation", invitation.organisation());
		view.put("roles", invitation.roles().stream().map(Role::name).sorted().toList());
		view.put("reenrollment", invitation.reenrollment());
		view.put("state", invitation.state().name());
		view.put("invitedBy", invitation.invitedBy());
		view.put("expiresAt", invitation.expiresAt().toString());
		return view;
	}

	private static Map<String, Object> issuedView(InvitationService.Issued issued) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("invitationId", issued.invitation().id());
		view.put("email", issued.invitation().email());
		view.put("state", issued.invitation().state().name());
		view.put("link", issued.link());
		view.put("expiresAt", issued.invitation().expiresAt().toString());
		return view;
	}

	private Map<String, Object> view(UserAccount account) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("subject", account.subject());
		view.put("displayName", account.displayName());
		view.put("organisation", account.organisation());
		view.put("roles", account.roles().stream().map(Role::name).sorted().toList());
		view.put("status", account.status().name());
		view.put("disabled", account.status() == UserStatus.DISABLED);
		view.put("keys", this.administration.keyCount(account.subject()));
		view.put("enrolledBy", this.origins.of(account.subject()).stream()
			.map(o -> o.kind().name().toLowerCase(java.util.Locale.ROOT) + " by " + o.enrolledBy()
					+ (o.confirmedBy() == null ? "" : ", confirmed by " + o.confirmedBy()))
			.toList());
		return view;
	}

}
