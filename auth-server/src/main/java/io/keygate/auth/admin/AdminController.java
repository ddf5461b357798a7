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

import io.keygate.auth.account.KeygateUser;
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

	private final InvitationService invitations;

	private final UserAdministrationService administration;

	private final SigningKeyStore signingKeys;

	private final AuditLog audit;

	private final Clock clock;

	public AdminController(InvitationService invitations, UserAdministrationService administration, SigningKeyStore signingKeys,
			AuditLog audit, Clock clock) {
		this.invitations = invitations;
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

	/** An invitation request. */
	public record InvitationRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String displayName,
			@NotBlank @Size(max = 128) String organisation, @NotEmpty Set<Role> roles) {
	}

	@PostMapping(path = "/admin/invitations", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> invite(@AuthenticationPrincipal KeygateUser admin, @Valid @RequestBody InvitationRequest body,
			HttpServletRequest request) {
		InvitationService.Issued issued = this.invitations.invite(admin.subject(), body.email(), body.displayName(),
				body.organisation(), body.roles(), request.getRemoteAddr());
		return issuedView(issued);
	}

	@GetMapping(path = "/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
	public List<Map<String, Object>> users() {
		return this.administration.users().stream().map(this::view).toList();
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

	@PostMapping(path = "/admin/users/{subject}/reinvite", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> reinvite(@AuthenticationPrincipal KeygateUser admin, @PathVariable String subject,
			HttpServletRequest request) {
		return issuedView(this.administration.reinvite(admin.actor(), subject, request.getRemoteAddr()));
	}

	private static Map<String, Object> issuedView(InvitationService.Issued issued) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("invitationId", issued.invitation().id());
		view.put("email", issued.invitation().email());
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
		view.put("keys", this.administration.keyCount(account.subject()));
		return view;
	}

}
