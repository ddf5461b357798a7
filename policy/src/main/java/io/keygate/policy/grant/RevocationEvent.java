package io.keygate.policy.grant;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Published when grants end early, so that every gateway drops them from its cache and closes
 * their live sessions. {@code grantIds} lists every grant that ended; for a suspension it may be
 * empty (the organisation held nothing) but gateways still drop everything of that organisation.
 */
public record RevocationEvent(Scope scope, String key, List<String> grantIds, String reason, Instant at) {

	/** What was revoked: one grant, everything of one person, or everything of one organisation. */
	public enum Scope {
		GRANT, SUBJECT, ORGANISATION
	}

	public RevocationEvent {
		Objects.requireNonNull(scope, "scope cannot be null");
		Objects.requireNonNull(key, "key cannot be null");
		Objects.requireNonNull(grantIds, "grantIds cannot be null");
		grantIds = List.copyOf(grantIds);
		Objects.requireNonNull(reason, "reason cannot be null");
		Objects.requireNonNull(at, "at cannot be null");
	}

}
