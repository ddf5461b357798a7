package io.keygate.auth.alert;

import org.springframework.http.HttpStatus;

import io.keygate.auth.web.Refusal;

/** Why an alert or honeytoken action was refused. */
public enum AlertRefusal implements Refusal {
	NOT_ALLOWED(HttpStatus.FORBIDDEN, "You are not allowed to do this."),
	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found."),
	ALREADY_CLOSED(HttpStatus.CONFLICT, "This alert is closed already."),
	NOTHING_TO_ACT_ON(HttpStatus.CONFLICT, "This alert names no person or organisation to act on."),
	SELF_ACTION(HttpStatus.FORBIDDEN, "You cannot act on an alert about yourself."),
	CONFIRMATION_INVALID(HttpStatus.FORBIDDEN, "The security-key confirmation was not accepted. Try again."),
	INVALID_INPUT(HttpStatus.BAD_REQUEST, "The request is not valid.");

	private final HttpStatus status;

	private final String message;

	AlertRefusal(HttpStatus status, String message) {
		this.status = status;
		this.message = message;
	}

	@Override
	public HttpStatus status() {
		return this.status;
	}

	@Override
	public String message() {
		return this.message;
	}

}
