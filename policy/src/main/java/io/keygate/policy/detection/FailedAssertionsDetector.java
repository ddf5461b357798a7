package io.keygate.policy.detection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

/**
 * T1078: repeated refused key assertions — someone trying a stolen key without its PIN, a key
 * that is not the person's, or forged assertions. Counted per person when the key named one,
 * otherwise per client network. Reads the refusals written in full and the auth server's
 * per-interval summaries of repeats ({@code unauthenticated.refusals.summary}, whose count
 * includes the one written in full). Expired or mismatched ceremonies are no assertion at all
 * (a slow person, a second tab) and do not count.
 */
public final class FailedAssertionsDetector implements Detector, DetectorHistory {

	public static final String ID = "signin-failures";

	static final int MAX_KEYS = 20_000;

	static final int MAX_EVENTS_PER_KEY = 256;

	private static final String SIGNIN_REFUSED = AuditAction.WEBAUTHN_SIGNIN_REFUSED.action();

	private static final String STEPUP_REFUSED = AuditAction.WEBAUTHN_STEPUP_REFUSED.action();

	private static final String SUMMARY = AuditAction.UNAUTHENTICATED_REFUSALS_SUMMARY.action();

	/** Refusals before any assertion was checked: the ceremony had expired or was used already. */
	private static final Set<String> NOT_AN_ASSERTION = Set.of("NO_CEREMONY", "CHALLENGE_EXPIRED", "CHALLENGE_MISMATCH");

	private record Failures(Instant at, long count, long sequence) {
	}

	private static final class Burst {

		final Deque<Failures> failures = new ArrayDeque<>();

		Instant firedAt;

	}

	private final FailedAssertionThresholds normal;

	private final FailedAssertionThresholds strict;

	private final Map<String, Burst> bursts = new BoundedMap<>(MAX_KEYS);

	public FailedAssertionsDetector(FailedAssertionThresholds normal, FailedAssertionThresholds strict) {
		this.normal = Objects.requireNonNull(normal, "normal cannot be null");
		this.strict = Objects.requireNonNull(strict, "strict cannot be null");
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public Duration lookback() {
		return this.normal.window().compareTo(this.strict.window()) >= 0 ? this.normal.window() : this.strict.window();
	}

	@Override
	public Set<String> actions() {
		return Set.of(SIGNIN_REFUSED, STEPUP_REFUSED, SUMMARY);
	}

	@Override
	public List<Finding> observe(AuditEvent event, Strictness strictness) {
		AuditEntry entry = event.entry();
		long count;
		if (SIGNIN_REFUSED.equals(entry.action()) || STEPUP_REFUSED.equals(entry.action())) {
			if (NOT_AN_ASSERTION.contains(entry.reason())) {
				return List.of();
			}
			count = 1;
		}
		else if (SUMMARY.equals(entry.action()) && SIGNIN_REFUSED.equals(entry.reason())) {
			count = repeats(entry);
		}
		else {
			return List.of();
		}
		if (count <= 0) {
			return List.of();
		}
		String key = key(entry);
		if (key == null) {
			return List.of();
		}
		Burst burst = this.bursts.computeIfAbsent(key, k -> new Burst());
		burst.failures.addLast(new Failures(entry.at(), count, event.sequence()));
		while (burst.failures.size() > MAX_EVENTS_PER_KEY) {
			burst.failures.removeFirst();
		}
		Instant horizon = entry.at().minus(lookback());
		while (!burst.failures.isEmpty() && burst.failures.peekFirst().at().isBefore(horizon)) {
			burst.failures.removeFirst();
		}
		FailedAssertionThresholds thresholds = strictness == Strictness.STRICT ? this.strict : this.normal;
		Instant from = entry.at().minus(thresholds.window());
		if (burst.firedAt != null && !burst.firedAt.isBefore(from)) {
			return List.of();
		}
		long total = 0;
		List<Long> sequences = new ArrayList<>();
		for (Failures failures : burst.failures) {
			if (!failures.at().isBefore(from)) {
				total += failures.count();
				sequences.add(failures.sequence());
			}
		}
		if (total < thresholds.failures()) {
			return List.of();
		}
		burst.firedAt = entry.at();
		String who = entry.actor().isEmpty() ? "unknown keys from network " + key.substring(key.indexOf(':') + 1)
				: "the keys of " + entry.actor();
		String explanation = total + " refused security-key assertions for " + who + " within "
				+ thresholds.window().toMinutes() + " minutes.";
		return List.of(new Finding(ID, Severity.HIGH, "T1078", explanation, entry.actor(), entry.organisation(), "", sequences,
				entry.at(), ID + "|" + key));
	}

	/** A summary counts every refusal of its interval, the first of which was written in full (and counted then). */
	private static long repeats(AuditEntry entry) {
		try {
			long count = Long.parseLong(entry.details().getOrDefault("count", "0"));
			long inFull = Long.parseLong(entry.details().getOrDefault("writtenInFull", "1"));
			return Math.max(0, count - inFull);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static String key(AuditEntry entry) {
		if (!entry.actor().isEmpty()) {
			return "person:" + entry.actor();
		}
		return ClientNetwork.of(entry.clientAddress()).map(network -> "network:" + network).orElse(null);
	}

}
