package io.keygate.policy.grant;

import java.time.Instant;
import java.util.Objects;

/**
 * When a grant may be used: from {@code notBefore} (inclusive) until {@code notAfter} (exclusive).
 * An empty or inverted window is a bug in whoever computed it, never something to store.
 */
public record GrantWindow(Instant notBefore, Instant notAfter) {

	public GrantWindow {
		Objects.requireNonNull(notBefore, "notBefore cannot be null");
		Objects.requireNonNull(notAfter, "notAfter cannot be null");
		if (!notAfter.isAfter(notBefore)) {
			throw new IllegalArgumentException("window ends (" + notAfter + ") before it starts (" + notBefore + ")");
		}
	}

	/**
	 * Whether the two windows share an instant. Half-open: a window that starts exactly when the other
	 * ends does not overlap it, so a person can be approved for "right after" their current grant.
	 */
	public boolean overlaps(GrantWindow other) {
		return this.notBefore.isBefore(other.notAfter) && other.notBefore.isBefore(this.notAfter);
	}

	/**
	 * Whether the window has not begun at {@code now}: a grant approved with it waits for its start
	 * (it is scheduled, not live). Decided against the same reading that computed the window, so a
	 * window that begins "now" is live, not scheduled.
	 */
	public boolean isScheduledAt(Instant now) {
		return this.notBefore.isAfter(now);
	}

	/** Whether {@code now} is inside the window. */
	public boolean contains(Instant now) {
		return !now.isBefore(this.notBefore) && now.isBefore(this.notAfter);
	}

}
