package io.keygate.auth.account;

import java.util.Optional;

import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import io.keygate.policy.identity.Actor;

/**
 * The signed-in person as the policy module sees them. Controllers may instead take
 * {@code @AuthenticationPrincipal KeygateUser user} and call {@link KeygateUser#actor()}.
 */
@Component
public class CurrentActor {

	/** The signed-in person; throws (answered 401) when the request is not a hardware-key sign-in. */
	public Actor require() {
		return user().map(KeygateUser::actor)
			.orElseThrow(() -> new InsufficientAuthenticationException("a hardware-key sign-in is required"));
	}

	public Optional<KeygateUser> user() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof KeygateAuthentication keygate && keygate.isAuthenticated()) {
			return Optional.of(keygate.getPrincipal());
		}
		return Optional.empty();
	}

	public Optional<Actor> actor() {
		return user().map(KeygateUser::actor);
	}

}
