package io.keygate.auth.access.grant;

import java.time.Instant;
import java.util.Objects;

import io.keygate.policy.grant.Grant;

/** A grant as history keeps it: the grant itself, when it was issued and, once over, how it ended. */
public record GrantRecord(Grant grant, Instant issuedAt, Instant endedAt, String endedBy, String endReason) {

	public GrantRecord {
		Objects.requireNonNull(grant, "grant cannot be null");
		Objects.requireNonNull(issuedAt, "issuedAt cannot be null");
	}

	/** Live means: not ended early and still inside its window. */
	public boolean isLiveAt(Instant now) {
		return this.endedAt == null && now.isBefore(this.grant.notAfter());
	}

}
