package io.keygate.policy.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that tests move by hand; thread-safe, so a store and a test may share it. */
public final class MutableClock extends Clock {

	private final AtomicReference<Instant> now;

	private final ZoneId zone;

	private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
		this.now = now;
		this.zone = zone;
	}

	public static MutableClock at(Instant start) {
		return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start, "start cannot be null")),
				ZoneOffset.UTC);
	}

	/** Starts at the current time, truncated to milliseconds (what Redis keeps of an instant). */
	public static MutableClock startingNow() {
		return at(Instant.ofEpochMilli(System.currentTimeMillis()));
	}

	public Instant advance(Duration by) {
		return this.now.updateAndGet(current -> current.plus(by));
	}

	public void set(Instant instant) {
		this.now.set(Objects.requireNonNull(instant, "instant cannot be null"));
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new MutableClock(this.now, zone);
	}

}
