package io.keygate.auth.access;

import java.time.Instant;
import java.util.Optional;

import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantWindow;

/**
 * Finds, among the grants history says a person holds or will hold on a target, one that a new
 * window would overlap (the rule itself is {@link Grant#overlaps}), and refuses with a sentence
 * that names it. History, not the grant store, is asked: scheduled grants are not in the store yet.
 */
public final class GrantOverlapCheck {

	private final GrantHistoryRepository history;

	private final AccessSupport support;

	public GrantOverlapCheck(GrantHistoryRepository history, AccessSupport support) {
		this.history = history;
		this.support = support;
	}

	/** A live or scheduled grant of {@code subject} on {@code targetId} whose window overlaps {@code window}. */
	Optional<GrantRecord> overlapping(String subject, String targetId, GrantWindow window, Instant now) {
		return this.history.findCurrent(subject, targetId, now)
			.stream()
			.filter(held -> held.grant().overlaps(subject, targetId, window))
			.findFirst();
	}

	/**
	 * Refuses a window that overlaps a grant the same person holds, or is scheduled to hold, on the
	 * same target: the approval would silently end or cut short access somebody approved before.
	 * The approver is told whose grant, and until when, so they can ask for a window that starts
	 * after it, or revoke that grant first.
	 */
	void refuse(String subject, String targetId, GrantWindow window, Instant now) {
		Optional<GrantRecord> other = overlapping(subject, targetId, window, now);
		if (other.isEmpty()) {
			return;
		}
		Grant held = other.get().grant();
		String message = other.get().isScheduledAt(now)
				? subject + " is already approved for " + targetId + " from " + this.support.at(held.notBefore()) + " until "
						+ this.support.at(held.notAfter())
						+ ". Approve a window that does not overlap it, or revoke that grant first."
				: subject + " already holds " + targetId + " until " + this.support.at(held.notAfter())
						+ ". Approve a window that starts after it, or revoke that grant first.";
		throw RefusedException.withMessage(AccessRefusal.GRANT_OVERLAP, message,
				subject + " on " + targetId + " " + window + " overlaps grant " + held.id());
	}

}
