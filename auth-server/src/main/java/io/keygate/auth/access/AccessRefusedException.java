package io.keygate.auth.access;

import java.util.Objects;

import io.keygate.policy.request.RequestRefusedException;

/** An access action was refused. {@link #refusal()} is for code and audit, {@link #detail()} for the log only. */
public final class AccessRefusedException extends RuntimeException {

	private final AccessRefusal refusal;

	private final String detail;

	public AccessRefusedException(AccessRefusal refusal, String detail) {
		super(Objects.requireNonNull(refusal, "refusal cannot be null").message());
		this.refusal = refusal;
		this.detail = Objects.requireNonNull(detail, "detail cannot be null");
	}

	public AccessRefusedException(AccessRefusal refusal, String detail, Throwable cause) {
		super(Objects.requireNonNull(refusal, "refusal cannot be null").message(), cause);
		this.refusal = refusal;
		this.detail = Objects.requireNonNull(detail, "detail cannot be null");
	}

	public static AccessRefusedException from(RequestRefusedException ex) {
		return new AccessRefusedException(AccessRefusal.of(ex.reason()), ex.detail(), ex);
	}

	public AccessRefusal refusal() {
		return this.refusal;
	}

	public String detail() {
		return this.detail;
	}

}
