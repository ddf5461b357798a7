package io.keygate.policy.detection;

import java.time.Duration;
import java.util.Objects;

/**
 * How many refused key assertions (sign-in or step-up) for one person, or from one network when
 * the key named nobody, make a finding.
 *
 * @param failures refusals within {@code window} (default 5; strict 3)
 * @param window the sliding window of event time (default 10 minutes; strict 30 minutes)
 */
public record FailedAssertionThresholds(int failures, Duration window) {

	public static final FailedAssertionThresholds DEFAULT = new FailedAssertionThresholds(5, Duration.ofMinutes(10));

	public static final FailedAssertionThresholds STRICT = new FailedAssertionThresholds(3, Duration.ofMinutes(30));

	public FailedAssertionThresholds {
		Objects.requireNonNull(window, "window cannot be null");
		if (failures < 2 || failures > 10_000) {
			throw new IllegalArgumentException("failed-assertion threshold must be 2..10000, was " + failures);
		}
		if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("failed-assertion window must be 1 minute..1 day, was " + window);
		}
	}

}
