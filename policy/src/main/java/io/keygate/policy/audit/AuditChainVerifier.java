package io.keygate.policy.audit;

import java.util.Objects;

/**
 * Walks a chain from its first event and points at the first broken link. An altered event
 * fails its own hash; a removed event leaves a gap in the sequence and a previous-hash mismatch;
 * a reordered pair fails both.
 */
public final class AuditChainVerifier {

	private AuditChainVerifier() {
	}

	/** The outcome of a verification. */
	public record Verification(boolean intact, long eventsChecked, long firstBrokenSequence, String problem) {

		public static Verification ok(long checked) {
			return new Verification(true, checked, 0, "");
		}

		public static Verification broken(long checked, long at, String problem) {
			return new Verification(false, checked, at, Objects.requireNonNull(problem));
		}

	}

	/** Verifies events in the order given, which must be the order they were stored in. */
	public static Verification verify(Iterable<AuditEvent> events) {
		long expectedSequence = 1;
		String expectedPrevious = AuditHashing.GENESIS;
		long checked = 0;
		for (AuditEvent event : events) {
			checked++;
			if (event.sequence() != expectedSequence) {
				return Verification.broken(checked, expectedSequence,
						"expected event " + expectedSequence + " but found " + event.sequence() + " (removed or reordered)");
			}
			if (!event.previousHash().equals(expectedPrevious)) {
				return Verification.broken(checked, event.sequence(), "event " + event.sequence()
						+ " does not link to the event before it (an earlier event was removed, altered or reordered)");
			}
			String recomputed = AuditHashing.hash(event.sequence(), event.entry(), event.previousHash());
			if (!recomputed.equals(event.hash())) {
				return Verification.broken(checked, event.sequence(), "event " + event.sequence() + " was altered");
			}
			expectedSequence++;
			expectedPrevious = event.hash();
		}
		return Verification.ok(checked);
	}

}
