package io.keygate.auth.account;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * The signed-in person held in the security context. Serializable because it lives in the HTTP
 * session (which a servlet container may persist or replicate). {@code amr} follows RFC 8176:
 * {@code hwk} for the hardware key plus {@code pin} or {@code user} for how user verification was
 * done.
 */
public record KeygateUser(String subject, String organisation, Set<Role> roles, String displayName, Instant authTime,
		List<String> amr, String credentialId) implements Serializable {

	public KeygateUser {
		Objects.requireNonNull(subject, "subject cannot be null");
		Objects.requireNonNull(organisation, "organisation cannot be null");
		roles = Set.copyOf(roles);
		Objects.requireNonNull(displayName, "displayName cannot be null");
		Objects.requireNonNull(authTime, "authTime cannot be null");
		amr = List.copyOf(amr);
		Objects.requireNonNull(credentialId, "credentialId cannot be null");
	}

	public Actor actor() {
		return new Actor(this.subject, this.organisation, this.roles);
	}

}
