package io.keygate.auth.web;

import java.util.Objects;

/**
 * The one way the auth server refuses a call. {@link #refusal()} is for code, the client and the
 * audit chain; {@link #getMessage()} (= {@link #detail()}) is the detail for the log only, never
 * for the client; {@link #userMessage()} is the person's sentence: the refusal's own unless a more
 * precise one, equally safe to show to whoever asked, was given.
 */
public final class RefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient Refusal refusal;

	private final String userMessage;

	public RefusedException(Refusal refusal, String detail) {
		this(refusal, detail, (Throwable) null);
	}

	public RefusedException(Refusal refusal, String detail, Throwable cause) {
		this(refusal, Objects.requireNonNull(refusal, "refusal cannot be null").message(), detail, cause);
	}

	private RefusedException(Refusal refusal, String userMessage, String detail, Throwable cause) {
		super(Objects.requireNonNull(detail, "detail cannot be null"), cause);
		this.refusal = Objects.requireNonNull(refusal, "refusal cannot be null");
		this.userMessage = Objects.requireNonNull(userMessage, "userMessage cannot be null");
	}

	/** A refusal with a sentence for the person more precise than the refusal's own. */
	public static RefusedException withMessage(Refusal refusal, String userMessage, String detail) {
		return new RefusedException(refusal, userMessage, detail, null);
	}

	public Refusal refusal() {
		return this.refusal;
	}

	/** What the log and the audit chain get; never the client. */
	public String detail() {
		return getMessage();
	}

	public String userMessage() {
		return this.userMessage;
	}

}
