package io.keygate.infra.simulator;

import java.time.Instant;
import java.util.Objects;

/** What the event console pushes: a read arrived, a relay moved, a firmware image was received. */
public record MeterEvent(long sequence, String type, String meterId, String detail, Instant at) {

	public MeterEvent {
		Objects.requireNonNull(type, "type cannot be null");
		Objects.requireNonNull(detail, "detail cannot be null");
		Objects.requireNonNull(at, "at cannot be null");
	}

}
