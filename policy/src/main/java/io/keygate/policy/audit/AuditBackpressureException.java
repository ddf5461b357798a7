package io.keygate.policy.audit;

import java.util.Objects;

import io.keygate.policy.decision.DenyReason;

/**
 * The audit pipeline cannot take another entry right now (the embedded queue is full, or the
 * distributed stream's unchained backlog is over its bound). Not a failure of one entry: the
 * caller denies with {@link #reason()} rather than act unaudited, and the pipeline records the
 * overflow itself once it can.
 */
public final class AuditBackpressureException extends RuntimeException {

	private final DenyReason reason;

	public AuditBackpressureException(DenyReason reason, String message) {
		super(message, null, false, false);
		this.reason = Objects.requireNonNull(reason, "reason cannot be null");
	}

	public DenyReason reason() {
		return this.reason;
	}

}
