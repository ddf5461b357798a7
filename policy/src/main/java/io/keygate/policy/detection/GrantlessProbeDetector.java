package io.keygate.policy.detection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

/**
 * T1021: requests without a grant to many distinct targets or paths in a short time — someone
 * mapping what the gateway fronts. Counted per person (when signed in) or per client network.
 * Decoy touches count like unknown targets (the prober cannot tell them apart); the decoy alert
 * itself is raised by the decoy trip, not here.
 */
public final class GrantlessProbeDetector implements Detector, DetectorHistory {

	public static final String ID = "probe-without-grant";

	static final int MAX_KEYS = 20_000;

	static final int MAX_ITEMS = 256;

	private static final String DECISION = AuditAction.ACCESS_DECISION.action();

	private static final Set<String> GRANTLESS = Set.of("NO_GRANT", "UNKNOWN_TARGET", "DECOY");

	private static final class Probe {

		final SlidingWindow targets = new SlidingWindow(MAX_ITEMS);

		final SlidingWindow paths = new SlidingWindow(MAX_ITEMS);

	}

	private final GrantlessProbeThresholds normal;

	private final GrantlessProbeThresholds strict;

	private final Map<String, Probe> probes = new BoundedMap<>(MAX_KEYS);

	public GrantlessProbeDetector(GrantlessProbeThresholds normal, GrantlessProbeThresholds strict) {
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
		return Set.of(DECISION);
	}

	@Override
	public List<Finding> observe(AuditEvent event, Strictness strictness) {
		AuditEntry entry = event.entry();
		if (!DECISION.equals(entry.action()) || !"deny".equals(entry.outcome()) || !GRANTLESS.contains(entry.reason())) {
			return List.of();
		}
		String key = ProbeKeys.of(entry);
		if (key == null) {
			return List.of();
		}
		Probe probe = this.probes.computeIfAbsent(key, k -> new Probe());
		String path = entry.details().getOrDefault("path", "");
		probe.targets.add(entry.targetId(), entry.at(), event.sequence(), lookback());
		probe.paths.add(entry.targetId() + " " + path, entry.at(), event.sequence(), lookback());
		GrantlessProbeThresholds thresholds = strictness == Strictness.STRICT ? this.strict : this.normal;
		// Judged over the detector's own window (state is kept over the longest one).
		SlidingWindow targets = judged(probe.targets, thresholds.window(), entry);
		SlidingWindow paths = judged(probe.paths, thresholds.window(), entry);
		boolean manyTargets = targets.size() >= thresholds.distinctTargets();
		boolean manyPaths = paths.size() >= thresholds.distinctPaths();
		if ((!manyTargets && !manyPaths) || probe.targets.firedWithin()) {
			return List.of();
		}
		probe.targets.fired(entry.at());
		String who = ProbeKeys.describe(key);
		String explanation = manyTargets
				? who + " was refused for lack of a grant on " + targets.size() + " distinct targets within "
						+ thresholds.window().toMinutes() + " minutes (" + String.join(", ", head(targets.items())) + ")."
				: who + " was refused for lack of a grant on " + paths.size() + " distinct paths within "
						+ thresholds.window().toMinutes() + " minutes.";
		List<Long> sequences = manyTargets ? targets.sequences() : paths.sequences();
		return List.of(new Finding(ID, Severity.HIGH, "T1021", explanation, entry.actor(), entry.organisation(),
				manyTargets ? "" : entry.targetId(), sequences, entry.at(), ID + "|" + key));
	}

	/** A copy of {@code window} holding only what falls within {@code duration} before the event. */
	private static SlidingWindow judged(SlidingWindow window, Duration duration, AuditEntry entry) {
		SlidingWindow copy = window.copy();
		copy.expire(entry.at(), duration);
		return copy;
	}

	private static List<String> head(List<String> items) {
		return items.size() <= 8 ? items : items.subList(items.size() - 8, items.size());
	}

}
