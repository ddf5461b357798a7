package io.keygate.policy.detection;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the key detectors remember a credential (its owner, its last signature counter). These
 * detectors have no threshold to tighten: one cloned-key sign-in, one key in two people's
 * sessions, is already the finding. Strictness does not change them.
 *
 * @param memory how long a credential's last use is remembered (default 90 days)
 */
public record KeyMemoryThresholds(Duration memory) {

	public static final KeyMemoryThresholds DEFAULT = new KeyMemoryThresholds(Duration.ofDays(90));

	public KeyMemoryThresholds {
		Objects.requireNonNull(memory, "memory cannot be null");
		if (memory.compareTo(Duration.ofDays(1)) < 0 || memory.compareTo(Duration.ofDays(400)) > 0) {
			throw new IllegalArgumentException("the key memory must be 1..400 days, was " + memory);
		}
	}

}
