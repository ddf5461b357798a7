package io.keygate.policy.detection;

import java.time.Duration;
import java.util.Objects;

/**
 * When requests without a grant ({@code NO_GRANT}, {@code UNKNOWN_TARGET}, {@code DECOY}) add up
 * to reconnaissance rather than a typo or a tab left open after a grant ended.
 *
 * @param distinctTargets distinct targets denied within {@code window} (default 4; strict 2)
 * @param distinctPaths distinct target paths denied within {@code window} (default 25: a browser
 * reloading one page after its grant ended asks for a dozen assets; strict 10)
 * @param window the sliding window of event time (default 10 minutes; strict 60 minutes)
 */
public record GrantlessProbeThresholds(int distinctTargets, int distinctPaths, Duration window) {

	public static final GrantlessProbeThresholds DEFAULT = new GrantlessProbeThresholds(4, 25, Duration.ofMinutes(10));

	public static final GrantlessProbeThresholds STRICT = new GrantlessProbeThresholds(2, 10, Duration.ofMinutes(60));

	public GrantlessProbeThresholds {
		Objects.requireNonNull(window, "window cannot be null");
		if (distinctTargets < 2 || distinctTargets > 1000) {
			throw new IllegalArgumentException("grantless-probe distinct targets must be 2..1000, was " + distinctTargets);
		}
		if (distinctPaths < 2 || distinctPaths > GrantlessProbeDetector.MAX_ITEMS) {
			throw new IllegalArgumentException("grantless-probe distinct paths must be 2.." + GrantlessProbeDetector.MAX_ITEMS
					+ ", was " + distinctPaths);
		}
		if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("grantless-probe window must be 1 minute..1 day, was " + window);
		}
	}

}
