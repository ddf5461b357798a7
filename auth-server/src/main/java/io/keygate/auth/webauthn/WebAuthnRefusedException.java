package io.keygate.auth.webauthn;

import java.util.Objects;

/**
 * A ceremony was refused. {@link #refusal()} is the typed reason (and the person's message);
 * {@link #getMessage()} is the detail for the log and the audit chain, never for the client.
 */
public final class WebAuthnRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final WebAuthnRefusal refusal;

	public WebAuthnRefusedException(WebAuthnRefusal refusal, String detail) {
		this(refusal, detail, null);
	}

	public WebAuthnRefusedException(WebAuthnRefusal refusal, String detail, Throwable cause) {
		super(detail, cause);
		this.refusal = Objects.requireNonNull(refusal, "refusal cannot be null");
	}

	public WebAuthnRefusal refusal() {
		return this.refusal;
	}

}
