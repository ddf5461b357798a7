package io.keygate.policy.detection;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * When a granted person's requests refused by shape or level add up to probing beyond the grant.
 *
 * @param distinctRequests distinct (target, method, path) refused within {@code window} (default 10;
 * strict 4). Distinct, so a page polling one forbidden endpoint is not a probe
 * @param window the sliding window of event time (default 10 minutes; strict 60 minutes)
 * @param reasons the deny reasons that count
 */
public record PathProbeThresholds(int distinctRequests, Duration window, Set<String> reasons) {

	/** Refusals a person with a grant causes by reaching past it, or by shaping a request to slip past the check. */
	public static final Set<String> PROBE_REASONS = Set.of("PATH_NOT_ALLOWED", "METHOD_NOT_ALLOWED", "MALFORMED_REQUEST",
			"OVERRIDE_REFUSED", "BODY_NOT_ALLOWED", "CROSS_ORIGIN", "WEBSOCKET_NOT_ALLOWED");

	public static final PathProbeThresholds DEFAULT = new PathProbeThresholds(10, Duration.ofMinutes(10), PROBE_REASONS);

	public static final PathProbeThresholds STRICT = new PathProbeThresholds(4, Duration.ofMinutes(60), PROBE_REASONS);

	public PathProbeThresholds {
		Objects.requireNonNull(window, "window cannot be null");
		if (distinctRequests < 2 || distinctRequests > GrantlessProbeDetector.MAX_ITEMS) {
			throw new IllegalArgumentException("path-probe distinct requests must be 2.." + GrantlessProbeDetector.MAX_ITEMS
					+ ", was " + distinctRequests);
		}
		if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("path-probe window must be 1 minute..1 day, was " + window);
		}
		if (reasons == null || reasons.isEmpty()) {
			throw new IllegalArgumentException("path-probe counts at least one deny reason");
		}
		reasons = Set.copyOf(reasons);
	}

}
