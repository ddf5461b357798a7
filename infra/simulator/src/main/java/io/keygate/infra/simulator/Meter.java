package io.keygate.infra.simulator;

import java.time.Instant;
import java.util.Objects;

/** A smart meter as the head-end sees it: where it is, whether its relay is closed, its last read. */
public record Meter(String id, String serial, String location, RelayState relay, String firmware, double registerKwh,
		Instant lastReadAt) {

	/** The service relay a remote connect/disconnect command operates. */
	public enum RelayState {
		CONNECTED, DISCONNECTED
	}

	public Meter {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(serial, "serial cannot be null");
		Objects.requireNonNull(location, "location cannot be null");
		Objects.requireNonNull(relay, "relay cannot be null");
		Objects.requireNonNull(firmware, "firmware cannot be null");
		Objects.requireNonNull(lastReadAt, "lastReadAt cannot be null");
	}

	Meter withRelay(RelayState state) {
		return new Meter(this.id, this.serial, this.location, state, this.firmware, this.registerKwh, this.lastReadAt);
	}

	Meter withRead(double kwh, Instant at) {
		return new Meter(this.id, this.serial, this.location, this.relay, this.firmware, kwh, at);
	}

}
