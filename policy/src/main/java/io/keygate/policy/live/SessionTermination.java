package io.keygate.policy.live;

import java.time.Instant;
import java.util.Objects;

/**
 * The message that ends one live session on the one gateway that holds it, without touching the
 * grant: that gateway closes the session's WebSockets and in-flight responses and denies its
 * further requests ({@code SESSION_TERMINATED}) until the person signs in again.
 *
 * @param gatewayInstance the gateway holding the session
 * @param sessionId the session's {@link LiveSessionReport#id()}
 * @param by who terminated it (for the gateway's log; the auth server audits it)
 * @param at when
 */
public record SessionTermination(String gatewayInstance, String sessionId, String by, Instant at) {

	public SessionTermination {
		if (gatewayInstance == null || gatewayInstance.isBlank() || sessionId == null || sessionId.isBlank()) {
			throw new IllegalArgumentException("a termination names a gateway instance and a session");
		}
		by = by == null ? "" : by;
		Objects.requireNonNull(at, "at cannot be null");
	}

}
