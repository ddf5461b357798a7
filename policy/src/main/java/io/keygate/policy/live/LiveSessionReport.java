package io.keygate.policy.live;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One live session as its gateway last reported it: a person's use of one grant through one
 * gateway browser session. {@code id} is opaque and stable for the session's life on that gateway
 * (a digest, never the browser session's own id, which is a bearer secret).
 *
 * @param id the session's id on its gateway ({@link SessionTermination} names it)
 * @param gatewayInstance the {@link io.keygate.policy.presence.GatewayInstance#id()} holding it
 * @param subject the person
 * @param organisation their organisation
 * @param targetId the target the grant opens
 * @param grantId the grant the session uses
 * @param grantNotAfter when the grant ends (the session ends with it at the latest)
 * @param clientAddress the address of the session's last request
 * @param started the session's first allowed request
 * @param lastRequest its latest allowed request
 * @param requests allowed requests so far
 * @param bytes response bytes sent so far (completed responses)
 * @param openWebSockets WebSockets open now
 */
public record LiveSessionReport(String id, String gatewayInstance, String subject, String organisation, String targetId,
		String grantId, Instant grantNotAfter, String clientAddress, Instant started, Instant lastRequest, long requests,
		long bytes, int openWebSockets) {

	public LiveSessionReport {
		requireText(id, "id");
		requireText(gatewayInstance, "gatewayInstance");
		requireText(subject, "subject");
		organisation = organisation == null ? "" : organisation;
		requireText(targetId, "targetId");
		requireText(grantId, "grantId");
		Objects.requireNonNull(grantNotAfter, "grantNotAfter cannot be null");
		clientAddress = clientAddress == null ? "" : clientAddress;
		Objects.requireNonNull(started, "started cannot be null");
		Objects.requireNonNull(lastRequest, "lastRequest cannot be null");
		if (requests < 0 || bytes < 0 || openWebSockets < 0) {
			throw new IllegalArgumentException("counts cannot be negative");
		}
	}

	/** Time left on the grant at {@code now}; zero once it has ended. */
	public Duration timeLeftAt(Instant now) {
		Duration left = Duration.between(now, this.grantNotAfter);
		return left.isNegative() ? Duration.ZERO : left;
	}

	private static void requireText(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("a live session needs a " + name);
		}
	}

}
