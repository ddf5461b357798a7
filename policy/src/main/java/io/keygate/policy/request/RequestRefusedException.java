package io.keygate.policy.request;

import java.util.Objects;

/**
 * An action on a request broke a rule. {@link #reason()} is for code and audit; the message is
 * {@link RefusalReason#message()}, safe to show; {@link #detail()} is for the log.
 */
public final class RequestRefusedException extends RuntimeException {

	private final RefusalReason reason;

	private final String detail;

	public RequestRefusedException(RefusalReason reason, String detail) {
		super(Objects.requireNonNull(reason, "reason cannot be null").message());
		this.reason = reason;
		this.detail = Objects.requireNonNull(detail, "detail cannot be null");
	}

	public RefusalReason reason() {
		return this.reason;
	}

	public String detail() {
		return this.detail;
	}

}
