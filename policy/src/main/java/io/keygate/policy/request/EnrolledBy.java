package io.keygate.policy.request;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who brought each account into being: the security admins who created it or re-enrolled it
 * (the person who asked for the invitation, not the one who confirmed it). Approvals are only as
 * independent as the people behind them: an admin who enrolled two approver accounts holds, or
 * could hold, both keys, so those two approvals are one person's.
 * <p>
 * Subjects with no entry were enrolled by nobody known (the first admin's bootstrap, accounts from
 * before this was recorded).
 */
public record EnrolledBy(Map<String, Set<String>> bySubject) {

	/** Nobody is known to have enrolled anybody: only the same-person rule applies. */
	public static final EnrolledBy NOBODY = new EnrolledBy(Map.of());

	public EnrolledBy {
		Objects.requireNonNull(bySubject, "bySubject cannot be null");
		Map<String, Set<String>> copy = new HashMap<>();
		bySubject.forEach((subject, admins) -> copy.put(Objects.requireNonNull(subject, "subject cannot be null"),
				Set.copyOf(admins)));
		bySubject = Map.copyOf(copy);
	}

	/** The admins who created or re-enrolled {@code subject}'s account; empty when none is known. */
	public Set<String> of(String subject) {
		return this.bySubject.getOrDefault(subject, Set.of());
	}

}
