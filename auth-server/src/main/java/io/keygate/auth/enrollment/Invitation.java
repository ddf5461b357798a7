package io.keygate.auth.enrollment;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import io.keygate.policy.Names;
import io.keygate.policy.identity.Role;

/**
 * A stored invitation. The token is not here: only its SHA-256 is stored. The link of an invitation
 * {@link InvitationState#AWAITING_CONFIRMATION awaiting a second admin} is refused until confirmed.
 *
 * @param reenrollment the invitation replaces the keys of an existing account (confirmed by a
 * second security admin); otherwise it may only create a new account
 * @param confirmedBy the second security admin who confirmed it with their key, or null
 */
public record Invitation(String id, String email, String displayName, String organisation, Set<Role> roles,
		String invitedBy, Instant createdAt, Instant expiresAt, Instant usedAt, Instant revokedAt, InvitationState state,
		boolean reenrollment, String confirmedBy, Instant confirmedAt) {

	public Invitation {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(email, "email cannot be null");
		Objects.requireNonNull(displayName, "displayName cannot be null");
		Names.requireToken(organisation, "organisation");
		roles = Set.copyOf(roles);
		Objects.requireNonNull(invitedBy, "invitedBy cannot be null");
		Objects.requireNonNull(createdAt, "createdAt cannot be null");
		Objects.requireNonNull(expiresAt, "expiresAt cannot be null");
		Objects.requireNonNull(state, "state cannot be null");
	}

	/** An issued invitation for a new account, confirmed by nobody (the first admin's, or a vendor engineer's). */
	public Invitation(String id, String email, String displayName, String organisation, Set<Role> roles, String invitedBy,
			Instant createdAt, Instant expiresAt, Instant usedAt, Instant revokedAt) {
		this(id, email, displayName, organisation, roles, invitedBy, createdAt, expiresAt, usedAt, revokedAt,
				InvitationState.ISSUED, false, null, null);
	}

	/** The subject the account gets: the e-mail, lower-cased (it is a valid identifier by construction). */
	public String subject() {
		return this.email;
	}

	/** Whether the account it enrolls may approve or administer: such identities need two admins. */
	public boolean privileged() {
		return isPrivileged(this.roles);
	}

	public static boolean isPrivileged(Set<Role> roles) {
		return roles.contains(Role.APPROVER) || roles.contains(Role.SECURITY_ADMIN);
	}

	/** Still open: neither used nor withdrawn (it may have expired). */
	public boolean open() {
		return this.usedAt == null && this.revokedAt == null;
	}

}
