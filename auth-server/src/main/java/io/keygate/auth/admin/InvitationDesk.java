package io.keygate.auth.admin;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;

import io.keygate.auth.access.request.ApprovalEvidence;
import io.keygate.auth.access.stepup.KeySignedAction;
import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.access.webhook.WebhookEvent;
import io.keygate.auth.account.AccountOrigins;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.enrollment.IdentityAlerts;
import io.keygate.auth.enrollment.Invitation;
import io.keygate.auth.enrollment.InvitationService;
import io.keygate.auth.enrollment.InvitationState;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * A security admin's invitations, with separation of duties: no one admin can become, or make,
 * an approver or admin alone.
 * <ul>
 * <li>An invitation for a privileged identity (approver, security admin) or a re-enrollment of an
 * existing account waits for a <em>second</em> security admin, who confirms it with a fresh key
 * assertion bound to exactly that invitation (the approvals' step-up mechanism). Its one-time link,
 * held by the admin who asked, is refused until then; that admin is on record as having enrolled
 * the account, which is what policy's independence rule for approvals counts.</li>
 * <li>An invitation for an e-mail that has an account is refused unless it is such a re-enrollment.</li>
 * <li>Until a second security admin account exists, the only admin may create a privileged
 * identity alone only by saying so explicitly (single-admin bootstrap), audited at HIGH and
 * alerted; a re-enrollment never bypasses the second admin.</li>
 * </ul>
 */
@Service
public class InvitationDesk {

	private final InvitationService invitations;

	private final AccountRepository accounts;

	private final AccountOrigins origins;

	private final StepUpVerifier stepUp;

	private final IdentityAlerts alerts;

	private final AuditLog audit;

	private final Clock clock;

	public InvitationDesk(InvitationService invitations, AccountRepository accounts, AccountOrigins origins,
			StepUpVerifier stepUp, IdentityAlerts alerts, AuditLog audit, Clock clock) {
		this.invitations = invitations;
		this.accounts = accounts;
		this.origins = origins;
		this.stepUp = stepUp;
		this.alerts = alerts;
		this.audit = audit;
		this.clock = clock;
	}

	/** Whether at most one active security admin exists: the state the portal warns about; nobody could confirm. */
	public boolean singleAdmin() {
		return this.origins.activeWithRole(Role.SECURITY_ADMIN) <= 1;
	}

	/**
	 * Whether the single-admin bootstrap window is still open: no second security admin account
	 * was ever made. Disabling the other admins does not reopen it, or an admin could disable
	 * their colleague and then create approvers alone.
	 */
	boolean bootstrapWindowOpen() {
		return this.origins.withRole(Role.SECURITY_ADMIN) <= 1;
	}

	/**
	 * An admin asks for an invitation. {@code reenrollment} must be said for an existing account;
	 * {@code singleAdminBootstrap} is the lone admin's explicit choice to create a privileged identity alone.
	 */
	public InvitationService.Issued request(Actor admin, String email, String displayName, String organisation, Set<Role> roles,
			boolean reenrollment, boolean singleAdminBootstrap, String clientAddress) {
		String invitee = InvitationService.normaliseEmail(email);
		Optional<UserAccount> existing = this.accounts.findByEmail(invitee);
		if (existing.isPresent() && !reenrollment) {
			throw refused(admin, invitee, AdminRefusal.ACCOUNT_EXISTS, "new invitation for existing account", clientAddress);
		}
		if (reenrollment) {
			if (existing.isEmpty()) {
				throw refused(admin, invitee, AdminRefusal.UNKNOWN_USER, "re-enrollment of no account", clientAddress);
			}
			if (existing.get().status() == UserStatus.DISABLED) {
				throw refused(admin, invitee, AdminRefusal.ACCOUNT_DISABLED, "re-enrollment of a disabled account", clientAddress);
			}
			if (singleAdmin()) {
				throw refused(admin, invitee, AdminRefusal.SECOND_ADMIN_REQUIRED, "re-enrollment with one admin", clientAddress);
			}
			return awaiting(admin, invitee, displayName, organisation, roles, true, clientAddress);
		}
		if (!Invitation.isPrivileged(roles == null ? Set.of() : roles)) {
			return this.invitations.invite(admin.subject(), invitee, displayName, organisation, roles, clientAddress);
		}
		if (!bootstrapWindowOpen()) {
			return awaiting(admin, invitee, displayName, organisation, roles, false, clientAddress);
		}
		if (!singleAdminBootstrap) {
			throw refused(admin, invitee, AdminRefusal.SINGLE_ADMIN_BOOTSTRAP_REQUIRED, "privileged invitation by the lone admin",
					clientAddress);
		}
		InvitationService.Issued issued = this.invitations.invite(admin.subject(), invitee, displayName, organisation, roles,
				clientAddress, Severity.HIGH);
		this.audit.append(AuditEntry.builder(AuditAction.ENROLLMENT_SINGLE_ADMIN_BOOTSTRAP, this.clock.instant())
			.actor(admin.subject())
			.organisation(admin.organisation())
			.outcome("ISSUED")
			.reason("ONLY_ONE_SECURITY_ADMIN")
			.clientAddress(clientAddress)
			.severity(Severity.HIGH)
			.detail("invitationId", issued.invitation().id())
			.detail("invitee", invitee)
			.detail("roles", roleNames(roles))
			.build());
		this.alerts.raise(WebhookEvent.IDENTITY_SINGLE_ADMIN_BOOTSTRAP, Map.of("invitationId", issued.invitation().id(),
				"invitee", invitee, "roles", roleNames(roles), "invitedBy", admin.subject(), "confirmedBy", ""));
		return issued;
	}

	/** A re-enrollment of {@code subject}'s account with their current roles; a second admin confirms it. */
	public InvitationService.Issued reenroll(Actor admin, String subject, String clientAddress) {
		UserAccount account = this.accounts.findBySubject(subject)
			.orElseThrow(() -> new RefusedException(AdminRefusal.UNKNOWN_USER, "no account " + subject));
		return request(admin, account.email(), account.displayName(), account.organisation(), account.roles(), true, false,
				clientAddress);
	}

	public List<Invitation> awaitingConfirmation() {
		return this.invitations.awaitingConfirmation();
	}

	/** The challenge a second admin's key signs to confirm {@code invitationId}. */
	public StepUpChallenge confirmationChallenge(Actor admin, String invitationId, String clientAddress) {
		Invitation invitation = confirmable(admin, invitationId, clientAddress);
		return this.stepUp.issue(actionOf(invitation), admin);
	}

	/** The second admin's key-signed yes: from now on the invitation's link works. */
	public Invitation confirm(Actor admin, String invitationId, StepUpAssertion assertion, String clientAddress) {
		Invitation invitation = confirmable(admin, invitationId, clientAddress);
		ApprovalEvidence evidence;
		try {
			evidence = this.stepUp.verify(actionOf(invitation), admin, assertion, clientAddress);
		}
		catch (RefusedException ex) {
			throw refused(admin, invitation.email(), AdminRefusal.CONFIRMATION_INVALID,
					"confirmation of " + invitationId + ": " + ex.refusal() + ": " + ex.getMessage(), clientAddress);
		}
		Invitation confirmed = this.invitations.confirm(invitation, admin.subject(), evidence.id())
			.orElseThrow(() -> refused(admin, invitation.email(), AdminRefusal.NOT_AWAITING_CONFIRMATION,
					invitationId + " stopped waiting while being confirmed", clientAddress));
		this.audit.append(AuditEntry.builder(AuditAction.ENROLLMENT_INVITATION_CONFIRMED, this.clock.instant())
			.actor(admin.subject())
			.organisation(admin.organisation())
			.outcome("CONFIRMED")
			.clientAddress(clientAddress)
			.severity(Severity.HIGH)
			.detail("invitationId", invitation.id())
			.detail("invitee", invitation.email())
			.detail("roles", roleNames(invitation.roles()))
			.detail("reenrollment", invitation.reenrollment())
			.detail("invitedBy", invitation.invitedBy())
			.detail("confirmedBy", admin.subject())
			.detail("credentialId", evidence.credentialId())
			.build());
		this.alerts.raise(WebhookEvent.IDENTITY_INVITATION_CONFIRMED, Map.of("invitationId", invitation.id(), "invitee",
				invitation.email(), "roles", roleNames(invitation.roles()), "reenrollment", invitation.reenrollment(), "invitedBy",
				invitation.invitedBy(), "confirmedBy", admin.subject()));
		return confirmed;
	}

	private InvitationService.Issued awaiting(Actor admin, String invitee, String displayName, String organisation, Set<Role> roles,
			boolean reenrollment, String clientAddress) {
		InvitationService.Issued issued = this.invitations.propose(admin.subject(), invitee, displayName, organisation, roles,
				reenrollment, clientAddress);
		Invitation invitation = issued.invitation();
		this.alerts.raise(WebhookEvent.IDENTITY_INVITATION_AWAITING_CONFIRMATION, Map.of("invitationId", invitation.id(),
				"invitee", invitee, "roles", roleNames(roles), "reenrollment", reenrollment, "invitedBy", admin.subject()));
		return issued;
	}

	private Invitation confirmable(Actor admin, String invitationId, String clientAddress) {
		Invitation invitation = this.invitations.find(invitationId == null ? "" : invitationId)
			.orElseThrow(() -> new RefusedException(AdminRefusal.UNKNOWN_INVITATION, "no invitation " + invitationId));
		if (invitation.state() != InvitationState.AWAITING_CONFIRMATION || !invitation.open()
				|| !this.clock.instant().isBefore(invitation.expiresAt())) {
			throw new RefusedException(AdminRefusal.NOT_AWAITING_CONFIRMATION,
					invitationId + " is " + invitation.state() + (invitation.open() ? "" : ", closed"));
		}
		if (invitation.invitedBy().equals(admin.subject())) {
			throw refused(admin, invitation.email(), AdminRefusal.OWN_INVITATION,
					admin.subject() + " confirming own invitation " + invitationId, clientAddress);
		}
		return invitation;
	}

	/** Everything the confirming admin says yes to: who, which roles, which organisation, new or re-enrollment, asked by whom. */
	static KeySignedAction actionOf(Invitation invitation) {
		return new KeySignedAction("inv:" + invitation.id(), "invitation.confirm",
				List.of("keygate-invitation-confirm-v1", invitation.id(), invitation.email(), invitation.organisation(),
						String.join(",", roleNames(invitation.roles())), Boolean.toString(invitation.reenrollment()),
						invitation.invitedBy()));
	}

	private RefusedException refused(Actor admin, String invitee, AdminRefusal refusal, String detail, String clientAddress) {
		AuditAction action = refusal == AdminRefusal.OWN_INVITATION || refusal == AdminRefusal.CONFIRMATION_INVALID
				|| refusal == AdminRefusal.NOT_AWAITING_CONFIRMATION ? AuditAction.ENROLLMENT_INVITATION_CONFIRM_REFUSED
						: AuditAction.ENROLLMENT_INVITATION_REFUSED;
		this.audit.append(AuditEntry.builder(action, this.clock.instant())
			.actor(admin.subject())
			.organisation(admin.organisation())
			.outcome("REFUSED")
			.reason(refusal.name())
			.clientAddress(clientAddress)
			.severity(Severity.HIGH)
			.detail("invitee", invitee)
			.detail("detail", detail.length() > 300 ? detail.substring(0, 300) : detail)
			.build());
		return new RefusedException(refusal, detail);
	}

	private static List<String> roleNames(Set<Role> roles) {
		return roles.stream().map(Role::name).sorted().toList();
	}

}
