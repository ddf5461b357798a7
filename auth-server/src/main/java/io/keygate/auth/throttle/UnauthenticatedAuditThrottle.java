package io.keygate.auth.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;

/**
 * Audit for refusals anyone can cause without signing in (an enrollment link with a made-up token,
 * a failed sign-in ceremony). Written one row each, they would let any client fill the chain and
 * queue behind its lock at will. Instead, per client address, refused action, reason and named
 * account (if any), the first refusal of an interval is written in full (so a single attempt is
 * visible at once, with its details) and the repeats are only counted; when the interval is over,
 * one summary event records how many there were. What the client is told does not change.
 * <p>
 * At most {@code maxSources} (address, action) pairs are tracked at once; beyond that, refusals
 * are counted under one overflow source, so spoofed or rotating addresses cannot grow memory.
 */
public final class UnauthenticatedAuditThrottle implements AutoCloseable {

	static final String OVERFLOW_SOURCE = "(other sources)";

	private static final Logger log = LoggerFactory.getLogger(UnauthenticatedAuditThrottle.class);

	/**
	 * What repeats: one address, one refused action, one reason, one named person (or none). A
	 * different reason or a different targeted account is written in full again.
	 */
	private record Key(String source, String action, String reason, String actor) {
	}

	private static final class Window {

		final Instant start;

		long count;

		Instant last;

		Window(Instant start) {
			this.start = start;
		}

	}

	private final AuditLog audit;

	private final Clock clock;

	private final Duration interval;

	private final int maxSources;

	private final Map<Key, Window> windows = new ConcurrentHashMap<>();

	public UnauthenticatedAuditThrottle(AuditLog audit, Clock clock, Duration interval, int maxSources) {
		this.audit = Objects.requireNonNull(audit, "audit cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.interval = Objects.requireNonNull(interval, "interval cannot be null");
		if (interval.isNegative() || interval.isZero() || maxSources < 1) {
			throw new IllegalArgumentException("keygate.audit.unauthenticated: interval must be positive and max-sources at least 1");
		}
		this.maxSources = maxSources;
	}

	/** Records the refusal {@code entry} (its client address is the source), or counts it. */
	public void refused(AuditEntry entry) {
		String address = entry.clientAddress().isBlank() ? "unknown" : entry.clientAddress();
		Key key = new Key(address, entry.action(), entry.reason(), entry.actor());
		if (!this.windows.containsKey(key) && this.windows.size() >= this.maxSources) {
			key = new Key(OVERFLOW_SOURCE, entry.action(), entry.reason(), "");
		}
		Instant now = this.clock.instant();
		AtomicBoolean first = new AtomicBoolean();
		this.windows.compute(key, (k, window) -> {
			Window current = window;
			if (current == null) {
				current = new Window(now);
				first.set(true);
			}
			current.count++;
			current.last = now;
			return current;
		});
		if (first.get()) {
			this.audit.append(entry);
		}
	}

	/** Writes the summary of every interval that is over; returns how many it wrote. */
	@Scheduled(fixedDelayString = "${keygate.audit.unauthenticated.flush-every:PT5S}")
	public int flush() {
		return flush(false);
	}

	private int flush(boolean all) {
		Instant now = this.clock.instant();
		int written = 0;
		for (Key key : List.copyOf(this.windows.keySet())) {
			List<Window> ended = new ArrayList<>(1);
			this.windows.computeIfPresent(key, (k, window) -> {
				if (all || !now.isBefore(window.start.plus(this.interval))) {
					ended.add(window);
					return null;
				}
				return window;
			});
			for (Window window : ended) {
				if (window.count > 1) {
					summarise(key, window);
					written++;
				}
			}
		}
		return written;
	}

	private void summarise(Key key, Window window) {
		try {
			this.audit.append(AuditEntry.builder(AuditAction.UNAUTHENTICATED_REFUSALS_SUMMARY, this.clock.instant())
				.outcome("REFUSED")
				.reason(key.action())
				.clientAddress(key.source().equals(OVERFLOW_SOURCE) ? "" : key.source())
				.severity(window.count >= 20 ? Severity.WARNING : Severity.INFO)
				.actor(key.actor())
				.detail("source", key.source())
				.detail("count", window.count)
				.detail("writtenInFull", 1)
				.detail("reasons", Map.of(key.reason().isBlank() ? "-" : key.reason(), window.count))
				.detail("from", window.start.toString())
				.detail("to", window.last.toString())
				.build());
		}
		catch (RuntimeException ex) {
			log.error("Could not write the summary of {} refused {} from {}", window.count, key.action(), key.source(), ex);
		}
	}

	@Override
	public void close() {
		flush(true);
	}

}
