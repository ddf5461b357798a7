package io.keygate.auth.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import io.keygate.policy.Names;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * A person known to Keygate. {@code userHandle} is the WebAuthn user id (base64url of random
 * bytes): it is what a discoverable credential hands back at sign-in, so it must never be
 * guessable from the e-mail.
 */
public record UserAccount(String subject, String displayName, String email, String organisation, String userHandle,
		UserStatus status, Set<Role> roles, Instant createdAt) {

	public UserAccount {
		Names.requireToken(subject, "subject");
		Objects.requireNonNull(displayName, "displayName cannot be null");
		Objects.requireNonNull(email, "email cannot be null");
		Names.requireToken(organisation, "organisation");
		Objects.requireNonNull(userHandle, "userHandle cannot be null");
		Objects.requireNonNull(status, "status cannot be null");
		roles = Set.copyOf(roles);
		Objects.requireNonNull(createdAt, "createdAt cannot be null");
	}

	public Actor actor() {
		return new Actor(this.subject, this.organisation, this.roles);
	}

	public boolean isActive() {
		return this.status == UserStatus.ACTIVE;
	}

}
