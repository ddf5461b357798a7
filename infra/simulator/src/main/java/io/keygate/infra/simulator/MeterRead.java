package io.keygate.infra.simulator;

import java.time.Instant;
import java.util.Objects;

/** One interval read: the register value at a time and the energy used in the interval before it. */
public record MeterRead(String meterId, Instant at, double registerKwh, double intervalKwh) {

	public MeterRead {
		Objects.requireNonNull(meterId, "meterId cannot be null");
		Objects.requireNonNull(at, "at cannot be null");
	}

}
