package io.keygate.auth.web;

import org.springframework.http.HttpStatus;

/**
 * A refused portal or admin call: {@link #userMessage()} is shown to the person, the exception
 * message (the detail) is logged only.
 */
public final class KeygateRequestException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final HttpStatus status;

	private final String userMessage;

	public KeygateRequestException(HttpStatus status, String userMessage, String detail) {
		super(detail);
		this.status = status;
		this.userMessage = userMessage;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String userMessage() {
		return this.userMessage;
	}

}
