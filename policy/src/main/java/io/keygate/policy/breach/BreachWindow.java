package io.keygate.policy.breach;

import java.time.Instant;
import java.util.Objects;

/**
 * The period during which a vendor says (or the utility must assume) attackers were inside:
 * {@code from} inclusive, {@code to} exclusive. Callers check the input and refuse a bad window
 * before making one; this constructor only guards the invariant.
 */
public record BreachWindow(Instant from, Instant to) {

	public BreachWindow {
		Objects.requireNonNull(from, "from cannot be null");
		Objects.requireNonNull(to, "to cannot be null");
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("a breach window must start before it ends: " + from + " - " + to);
		}
	}

	public boolean contains(Instant at) {
		return !at.isBefore(this.from) && at.isBefore(this.to);
	}

}
