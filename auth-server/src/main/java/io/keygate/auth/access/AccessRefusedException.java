package io.keygate.auth.access;

import java.util.Objects;

import io.keygate.policy.request.RequestRefusedException;

/**
 * An access action was refused. {@link #refusal()} is for code and audit, {@link #detail()} for the
 * log only, {@link #userMessage()} for the person (the refusal's sentence unless a more precise one,
 * equally safe to show to whoever asked, was given).
 */
public final class AccessRefusedException extends RuntimeException {

	private final AccessRefusal refusal;

	private final String detail;

	private final String userMessage;

	public AccessRefusedException(AccessRefusal refusal, String detail) {
		super(Objects.requireNonNull(refusal, "refusal cannot be null").message());
		this.refusal = refusal;
		this.detail = Objects.requireNonNull(detail, "detail cannot be null");
		this.userMessage = refusal.message();
	}

	/** A refusal with a sentence for the person more precise than the refusal's own. */
	public static AccessRefusedException withMessage(AccessRefusal refusal, String userMessage, String detail) {
		return new AccessRefusedException(refusal, detail, Objects.requireNonNull(userMessage, "userMessage cannot be null"));
	}

	private AccessRefusedException(AccessRefusal refusal, String detail, String userMessage) {
		super(userMessage);
		this.refusal = Objects.requireNonNull(refusal, "refusal cannot be null");
		this.detail = Objects.requireNonNull(detail, "detail cannot be null");
		this.userMessage = userMessage;
	}

	public AccessRefusedException(AccessRefusal refusal, String detail, Throwable cause) {
		super(Objects.requireNonNull(refusal, "refusal cannot be null").message(), cause);
		this.refusal = refusal;
		this.detail = Objects.requireNonNull(detail, "detail cannot be null");
		this.userMessage = refusal.message();
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

	public String userMessage() {
		return this.userMessage;
	}

}
