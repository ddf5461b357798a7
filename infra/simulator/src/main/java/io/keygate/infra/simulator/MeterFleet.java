package io.keygate.infra.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The meters of one simulated system, generated from a fixed seed so that every run (and every
 * test) sees the same fleet. Thread-safe: the event ticker and request handlers touch it at once.
 */
public final class MeterFleet {

	private static final String[] STREETS = { "Mill Road", "Quarry Lane", "Station Street", "Orchard Close", "Harbour View",
			"Church Walk", "Forge Street", "Meadow Rise" };

	private final Map<String, Meter> meters = new LinkedHashMap<>();

	private final Clock clock;

	private final Random random = new Random(20_261_125L);

	public MeterFleet(int size, Clock clock) {
		this.clock = clock;
		Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
		for (int i = 1; i <= size; i++) {
			String id = String.format("MTR-%05d", i);
			String location = (10 + i) + " " + STREETS[i % STREETS.length];
			this.meters.put(id, new Meter(id, String.format("ITR%08d", 4_200_000 + i * 37), location, Meter.RelayState.CONNECTED,
					"4.2." + (i % 3), 1_000 + i * 137.5, now));
		}
	}

	public synchronized List<Meter> all() {
		return List.copyOf(this.meters.values());
	}

	public synchronized Optional<Meter> find(String id) {
		return Optional.ofNullable(this.meters.get(id));
	}

	/** The last {@code count} quarter-hour reads of a meter, newest last, ending at its last read. */
	public synchronized List<MeterRead> reads(String id, int count) {
		Meter meter = this.meters.get(id);
		if (meter == null) {
			return List.of();
		}
		// Derived from the id so the history is stable between calls; only the newest read moves.
		Random history = new Random(id.hashCode());
		List<MeterRead> reads = new ArrayList<>(count);
		double register = meter.registerKwh();
		Instant at = meter.lastReadAt();
		for (int i = 0; i < count; i++) {
			double interval = Math.round(history.nextDouble() * 0.8 * 1000) / 1000.0;
			reads.add(0, new MeterRead(id, at, Math.round(register * 1000) / 1000.0, interval));
			register -= interval;
			at = at.minus(Duration.ofMinutes(15));
		}
		return reads;
	}

	public synchronized Optional<Meter> setRelay(String id, Meter.RelayState state) {
		Meter meter = this.meters.get(id);
		if (meter == null) {
			return Optional.empty();
		}
		Meter changed = meter.withRelay(state);
		this.meters.put(id, changed);
		return Optional.of(changed);
	}

	/** Advances one meter (chosen at random) by one read, as a head-end does when a read arrives. */
	public synchronized MeterRead nextRead() {
		List<String> ids = new ArrayList<>(this.meters.keySet());
		Meter meter = this.meters.get(ids.get(this.random.nextInt(ids.size())));
		double interval = meter.relay() == Meter.RelayState.CONNECTED ? Math.round(this.random.nextDouble() * 0.8 * 1000) / 1000.0
				: 0.0;
		double register = Math.round((meter.registerKwh() + interval) * 1000) / 1000.0;
		Instant at = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		this.meters.put(meter.id(), meter.withRead(register, at));
		return new MeterRead(meter.id(), at, register, interval);
	}

}
