package io.keygate.auth.web;

import org.springframework.http.HttpStatus;

/**
 * Refusals every feature can give, and what {@link RefusalAdvice} answers for a call Spring could
 * not read or route. A feature with its own reasons (sign-in, enrollment links, keys, admin) has
 * its own enum; a field-level sentence more precise than these goes through
 * {@link RefusedException#withMessage}.
 */
public enum CommonRefusal implements Refusal {

	INVALID_INPUT(HttpStatus.BAD_REQUEST, "The request could not be read."),
	SIGN_IN_AGAIN(HttpStatus.UNAUTHORIZED, "Please sign in again."),
	/** The session belonged to a person who was cut off (disabled, keys revoked, removed) after signing in. */
	SESSION_ENDED(HttpStatus.UNAUTHORIZED,
			"Your session has ended: your account is no longer active. Ask your security admin if this is unexpected."),
	NOT_ALLOWED(HttpStatus.FORBIDDEN, "You are not allowed to do this."),
	/** A state-changing call without the page's current CSRF token (a stale page, or another site's form). */
	CSRF_INVALID(HttpStatus.FORBIDDEN, "This page has expired. Reload it and try again."),
	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found."),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "This method is not supported here."),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "This answer is not available in the format asked for."),
	UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE,
			"Keygate could not reach its store. Nothing was changed; try again in a moment."),
	/** A bug: the client learns nothing but that it was not their fault. */
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side.");

	private final HttpStatus status;

	private final String message;

	CommonRefusal(HttpStatus status, String message) {
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
