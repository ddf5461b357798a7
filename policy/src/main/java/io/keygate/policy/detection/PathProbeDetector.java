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
 * T1021: many distinct requests refused for their path, method or shape (path tricks, method
 * override headers, cross-origin posts) in a short time — someone with a foothold on a target
 * looking for what else the gateway will let through. One typo or one forbidden link is ordinary.
 */
public final class PathProbeDetector implements Detector, DetectorHistory {

	public static final String ID = "path-probe";

	private static final String DECISION = AuditAction.ACCESS_DECISION.action();

	private final PathProbeThresholds normal;

	private final PathProbeThresholds strict;

	private final Map<String, SlidingWindow> probes = new BoundedMap<>(GrantlessProbeDetector.MAX_KEYS);

	public PathProbeDetector(PathProbeThresholds normal, PathProbeThresholds strict) {
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
		PathProbeThresholds thresholds = strictness == Strictness.STRICT ? this.strict : this.normal;
		// State keeps the union of both reason sets, so a replay at NORMAL restores what STRICT needs.
		if (!DECISION.equals(entry.action()) || !"deny".equals(entry.outcome())
				|| !(this.normal.reasons().contains(entry.reason()) || this.strict.reasons().contains(entry.reason()))) {
			return List.of();
		}
		String key = ProbeKeys.of(entry);
		if (key == null) {
			return List.of();
		}
		SlidingWindow probe = this.probes.computeIfAbsent(key, k -> new SlidingWindow(GrantlessProbeDetector.MAX_ITEMS));
		probe.add(entry.reason() + " " + entry.targetId() + " " + entry.details().getOrDefault("method", "") + " "
				+ entry.details().getOrDefault("path", ""), entry.at(), event.sequence(), lookback());
		if (!thresholds.reasons().contains(entry.reason()) || probe.firedWithin()) {
			return List.of();
		}
		SlidingWindow judged = probe.copy();
		judged.expire(entry.at(), thresholds.window());
		long counted = judged.items().stream().filter(item -> thresholds.reasons().contains(item.substring(0, item.indexOf(' ')))).count();
		if (counted < thresholds.distinctRequests()) {
			return List.of();
		}
		probe.fired(entry.at());
		String explanation = ProbeKeys.describe(key) + " had " + counted + " distinct requests refused for their path, method or shape within "
				+ thresholds.window().toMinutes() + " minutes (latest " + entry.reason() + " on " + entry.targetId() + ").";
		return List.of(new Finding(ID, Severity.HIGH, "T1021", explanation, entry.actor(), entry.organisation(),
				entry.targetId(), judged.sequences(), entry.at(), ID + "|" + key));
	}

}
