package io.keygate.policy.identity;

import java.util.Objects;
import java.util.Set;

import io.keygate.policy.Names;

/**
 * A signed-in person as the rules see them: a stable subject, the organisation they belong to
 * and their roles.
 */
public record Actor(String subject, String organisation, Set<Role> roles) {

	public Actor {
		Names.requireToken(subject, "subject");
		Names.requireToken(organisation, "organisation");
		Objects.requireNonNull(roles, "roles cannot be null");
		roles = Set.copyOf(roles);
	}

	public static Actor of(String subject, String organisation, Role... roles) {
		return new Actor(subject, organisation, Set.of(roles));
	}

	public boolean hasRole(Role role) {
		return this.roles.contains(role);
	}

}
