package io.keygate.auth.enrollment;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import io.keygate.policy.Names;
import io.keygate.policy.identity.Role;

/** A stored invitation. The token is not here: only its SHA-256 is stored. */
public record Invitation(String id, String email, String displayName, String organisation, Set<Role> roles,
		String invitedBy, Instant createdAt, Instant expiresAt, Instant usedAt, Instant revokedAt) {

	public Invitation {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(email, "email cannot be null");
		Objects.requireNonNull(displayName, "displayName cannot be null");
		Names.requireToken(organisation, "organisation");
		roles = Set.copyOf(roles);
		Objects.requireNonNull(invitedBy, "invitedBy cannot be null");
		Objects.requireNonNull(createdAt, "createdAt cannot be null");
		Objects.requireNonNull(expiresAt, "expiresAt cannot be null");
	}

	/** The subject the account gets: the e-mail, lower-cased (it is a valid identifier by construction). */
	public String subject() {
		return this.email;
	}

}
