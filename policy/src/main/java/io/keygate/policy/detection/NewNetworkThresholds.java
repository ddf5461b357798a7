package io.keygate.policy.detection;

import java.time.Duration;
import java.util.Objects;

/**
 * When a sign-in's client network counts as new for its person.
 *
 * @param memory how long a network a person signed in from stays known (default 30 days; strict 7)
 * @param alertWithoutBaseline whether a person with no sign-in in {@code memory} is alerted on too
 * (default no: a newly enrolled or long-absent person has nothing to compare with; strict yes: under
 * a declared breach, every sign-in from a network Keygate cannot vouch for is worth a look)
 */
public record NewNetworkThresholds(Duration memory, boolean alertWithoutBaseline) {

	public static final NewNetworkThresholds DEFAULT = new NewNetworkThresholds(Duration.ofDays(30), false);

	public static final NewNetworkThresholds STRICT = new NewNetworkThresholds(Duration.ofDays(7), true);

	public NewNetworkThresholds {
		Objects.requireNonNull(memory, "memory cannot be null");
		if (memory.compareTo(Duration.ofDays(1)) < 0 || memory.compareTo(Duration.ofDays(400)) > 0) {
			throw new IllegalArgumentException("the new-network memory must be 1..400 days, was " + memory);
		}
	}

}
