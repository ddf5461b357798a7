package io.keygate.auth.access.grant;

import java.time.Instant;
import java.util.Objects;

import io.keygate.policy.grant.Grant;

/**
 * A grant as history keeps it: the grant itself, when it was issued, whether it has been written
 * to the grant store and when, and, once over, how it ended.
 */
public record GrantRecord(Grant grant, Instant issuedAt, GrantActivation activation, Instant activatedAt, Instant endedAt,
		String endedBy, String endReason) {

	public GrantRecord {
		Objects.requireNonNull(grant, "grant cannot be null");
		Objects.requireNonNull(issuedAt, "issuedAt cannot be null");
		Objects.requireNonNull(activation, "activation cannot be null");
	}

	/** A grant just written to the store at {@code issuedAt}, as an approval with a begun window issues it. */
	public static GrantRecord activated(Grant grant, Instant issuedAt) {
		return new GrantRecord(grant, issuedAt, GrantActivation.ACTIVATED, issuedAt, null, null, null);
	}

	/** A grant just approved whose window starts later. */
	public static GrantRecord scheduled(Grant grant, Instant issuedAt) {
		return new GrantRecord(grant, issuedAt, GrantActivation.SCHEDULED, null, null, null, null);
	}

	/** Live means: in the grant store, not ended early and still inside its window. */
	public boolean isLiveAt(Instant now) {
		return this.activation == GrantActivation.ACTIVATED && this.endedAt == null && now.isBefore(this.grant.notAfter());
	}

	/** Approved, not ended, and waiting for its window to begin (or for the activator's next tick). */
	public boolean isScheduledAt(Instant now) {
		return this.activation == GrantActivation.SCHEDULED && this.endedAt == null && now.isBefore(this.grant.notAfter());
	}

	/** Live or scheduled: what a revocation of this grant's holder must end. */
	public boolean isCurrentAt(Instant now) {
		return isLiveAt(now) || isScheduledAt(now);
	}

}
