package io.keygate.policy.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One running gateway as it last reported itself: a stable id for this process, its version, when
 * it started and its last heartbeat. A gateway whose heartbeat is older than the store's bound is
 * shown as silent: its live sessions and receipts cannot be trusted to be current.
 */
public record GatewayInstance(String id, String version, Instant startedAt, Instant lastHeartbeat) {

	public GatewayInstance {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("a gateway instance needs an id");
		}
		version = version == null ? "" : version;
		Objects.requireNonNull(startedAt, "startedAt cannot be null");
		Objects.requireNonNull(lastHeartbeat, "lastHeartbeat cannot be null");
	}

	public boolean silentAt(Instant now, Duration bound) {
		return this.lastHeartbeat.plus(bound).isBefore(now);
	}

}
