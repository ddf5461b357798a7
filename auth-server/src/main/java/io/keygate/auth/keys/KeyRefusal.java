package io.keygate.auth.keys;

import org.springframework.http.HttpStatus;

import io.keygate.auth.web.Refusal;

/** Why a change to a person's own security keys was refused. */
public enum KeyRefusal implements Refusal {

	UNKNOWN_KEY(HttpStatus.NOT_FOUND, "No such security key."),
	/** Removing the last key would lock the person out. */
	LAST_KEY(HttpStatus.CONFLICT, "You cannot remove your last security key. Add another key first.");

	private final HttpStatus status;

	private final String message;

	KeyRefusal(HttpStatus status, String message) {
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
