package io.keygate.policy.detection;

import java.time.Duration;
import java.util.Objects;

/**
 * How much slack around the working day a sign-in gets before it counts as out of hours.
 *
 * @param grace minutes either side of the working day still counted in it (default 60 minutes: an
 * engineer starting early is no intruder; strict 0)
 */
public record OffHoursThresholds(Duration grace) {

	public static final OffHoursThresholds DEFAULT = new OffHoursThresholds(Duration.ofMinutes(60));

	public static final OffHoursThresholds STRICT = new OffHoursThresholds(Duration.ZERO);

	public OffHoursThresholds {
		Objects.requireNonNull(grace, "grace cannot be null");
		if (grace.isNegative() || grace.compareTo(Duration.ofHours(6)) > 0) {
			throw new IllegalArgumentException("the off-hours grace must be 0..6 hours, was " + grace);
		}
	}

}
