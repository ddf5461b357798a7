package io.keygate.auth.alert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.keygate.policy.audit.Severity;

/**
 * An alert as stored: what a detector found, the chained events behind it (by sequence), how
 * often the same pattern repeated while it was open, and what was done about it.
 *
 * @param responseState {@code NONE}, or {@code PENDING}/{@code DONE}/{@code FAILED} for an
 * automatic cut-off (a decoy or honeytoken trip)
 */
public record Alert(String id, Instant openedAt, Instant lastSeenAt, Severity severity, String techniqueId, String detector,
		String explanation, String actor, String organisation, String targetId, List<Long> eventSequences, int repeatCount,
		AlertState state, String dedupKey, String responseState, List<String> actionsTaken, Instant updatedAt,
		String updatedBy) {

	public Alert {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(severity, "severity cannot be null");
		Objects.requireNonNull(state, "state cannot be null");
		eventSequences = List.copyOf(eventSequences);
		actionsTaken = List.copyOf(actionsTaken);
	}

	public boolean isOpen() {
		return this.state != AlertState.CLOSED;
	}

}
