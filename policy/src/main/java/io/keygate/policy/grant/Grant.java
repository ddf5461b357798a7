package io.keygate.policy.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.keygate.policy.Names;

/**
 * Time-boxed access of one person to one target at one level. Immutable: a grant ends by expiry
 * or revocation and is never extended in place; more time means a new request and a new grant.
 */
public record Grant(String id, String subject, String organisation, String targetId, String level, Instant notBefore,
		Instant notAfter, String requestId, List<String> approvers) {

	/**
	 * The request id prefix of a break-glass grant (issue 19): opened by the holder without approval.
	 * Carried in the request id rather than a new field so that every store, signed record and
	 * revocation path keeps the grant as it is; the gateway reads it to show the red banner.
	 */
	public static final String BREAK_GLASS_PREFIX = "break-glass-";

	public Grant {
		Names.requireToken(id, "grant id");
		Names.requireToken(subject, "grant subject");
		Names.requireToken(organisation, "grant organisation");
		Names.requireToken(targetId, "grant target");
		Names.requireToken(level, "grant level");
		Objects.requireNonNull(notBefore, "notBefore cannot be null");
		Objects.requireNonNull(notAfter, "notAfter cannot be null");
		if (!notAfter.isAfter(notBefore)) {
			throw new IllegalArgumentException("grant " + id + " ends (" + notAfter + ") before it starts (" + notBefore + ")");
		}
		Names.requireToken(requestId, "grant request id");
		Objects.requireNonNull(approvers, "approvers cannot be null");
		approvers = List.copyOf(approvers);
	}

	/** Whether the grant is inside its window at {@code now}: notBefore inclusive, notAfter exclusive. */
	public boolean isActiveAt(Instant now) {
		// Compared in place rather than through window(): this runs on the gateway's hot path.
		return !now.isBefore(this.notBefore) && now.isBefore(this.notAfter);
	}

	public GrantWindow window() {
		return new GrantWindow(this.notBefore, this.notAfter);
	}

	/**
	 * The overlap rule: this grant and a {@code window} for the same person on the same target cannot
	 * both stand. A grant store keeps one grant per person and target and a later write supersedes the
	 * earlier one, so approving the second would silently end (or, once activated, cut short) access
	 * somebody approved before. Another person, or another target, never overlaps.
	 */
	public boolean overlaps(String subject, String targetId, GrantWindow window) {
		return this.subject.equals(subject) && this.targetId.equals(targetId) && window().overlaps(window);
	}

	/** Whether this grant was opened by break-glass (see {@link #BREAK_GLASS_PREFIX}). */
	public boolean isBreakGlass() {
		return this.requestId.startsWith(BREAK_GLASS_PREFIX);
	}

	/** Time until {@code notAfter}, never negative. */
	public Duration remainingAt(Instant now) {
		Duration left = Duration.between(now, this.notAfter);
		return left.isNegative() ? Duration.ZERO : left;
	}

}
