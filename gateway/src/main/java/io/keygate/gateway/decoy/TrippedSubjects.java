package io.keygate.gateway.decoy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * People this gateway saw trip a decoy or a honeytoken, refused here at once and for a while,
 * whatever their grants say. It bridges the moment between the trip and the auth server's cut-off
 * reaching every gateway: in the distributed mode the gateway may not write the grant store (its
 * Redis user is read-only on grants), so it cannot revoke there itself. After {@code hold} the
 * account is long disabled and its grants revoked, and the entry is forgotten.
 */
public final class TrippedSubjects {

	private final Map<String, Instant> until = new ConcurrentHashMap<>();

	private final Duration hold;

	private final Clock clock;

	public TrippedSubjects(Duration hold, Clock clock) {
		this.hold = hold;
		this.clock = clock;
	}

	public void trip(String subject) {
		this.until.put(subject, this.clock.instant().plus(this.hold));
	}

	/** Cheap when nobody tripped: one {@code isEmpty} on the hot path. */
	public boolean isEmpty() {
		return this.until.isEmpty();
	}

	public boolean contains(String subject) {
		Instant end = this.until.get(subject);
		if (end == null) {
			return false;
		}
		if (!this.clock.instant().isBefore(end)) {
			this.until.remove(subject, end);
			return false;
		}
		return true;
	}

}
