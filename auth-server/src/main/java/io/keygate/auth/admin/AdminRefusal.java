package io.keygate.auth.admin;

import org.springframework.http.HttpStatus;

import io.keygate.auth.web.Refusal;

/** Why a security admin's call was refused. */
public enum AdminRefusal implements Refusal {

	UNKNOWN_USER(HttpStatus.NOT_FOUND, "No such user."),
	/** An admin cannot lock themselves out through the admin API. */
	SELF_ADMINISTRATION(HttpStatus.CONFLICT, "You cannot disable yourself or revoke your own keys here."),
	SIGNING_KEY_IN_USE(HttpStatus.CONFLICT, "Rotate first: this key still signs tokens."),
	UNKNOWN_SIGNING_KEY(HttpStatus.NOT_FOUND, "No such published signing key.");

	private final HttpStatus status;

	private final String message;

	AdminRefusal(HttpStatus status, String message) {
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
