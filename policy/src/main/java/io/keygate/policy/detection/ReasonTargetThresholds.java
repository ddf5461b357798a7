package io.keygate.policy.detection;

import java.time.Duration;
import java.util.Objects;

/**
 * When a target counts as unusual for a request's stated reason.
 *
 * @param minSamples how many earlier requests of the organisation must share a reason word before
 * that word's targets count as "usual" (default 5; strict 3). Below it Keygate has no basis and
 * stays quiet
 * @param memory how much history a restart replays to rebuild the profiles (default 180 days)
 */
public record ReasonTargetThresholds(int minSamples, Duration memory) {

	public static final ReasonTargetThresholds DEFAULT = new ReasonTargetThresholds(5, Duration.ofDays(180));

	public static final ReasonTargetThresholds STRICT = new ReasonTargetThresholds(3, Duration.ofDays(180));

	public ReasonTargetThresholds {
		Objects.requireNonNull(memory, "memory cannot be null");
		if (minSamples < 2 || minSamples > 1000) {
			throw new IllegalArgumentException("reason-target minimum samples must be 2..1000, was " + minSamples);
		}
		if (memory.compareTo(Duration.ofDays(1)) < 0 || memory.compareTo(Duration.ofDays(800)) > 0) {
			throw new IllegalArgumentException("reason-target memory must be 1..800 days, was " + memory);
		}
	}

}
