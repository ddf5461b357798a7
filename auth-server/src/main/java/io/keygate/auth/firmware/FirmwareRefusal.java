package io.keygate.auth.firmware;

import org.springframework.http.HttpStatus;

import io.keygate.auth.web.Refusal;

/** Why a firmware action was refused. */
public enum FirmwareRefusal implements Refusal {

	NOT_SECURITY_ADMIN(HttpStatus.FORBIDDEN, "Only a security admin manages firmware."),
	INVALID_ENTRY(HttpStatus.BAD_REQUEST,
			"The entry is incomplete: a SHA-256 (64 hex digits), vendor, model, version and how it was verified are required."),
	ALREADY_LISTED(HttpStatus.CONFLICT, "This image is already on the allow-list."),
	INVALID_WINDOW(HttpStatus.BAD_REQUEST,
			"The window needs an organisation, a start before its end (e.g. 2026-11-01T00:00Z) and a reason."),
	UNKNOWN_HELD_IMAGE(HttpStatus.NOT_FOUND, "No such held image."),
	ALREADY_DECIDED(HttpStatus.CONFLICT, "This image was already released or rejected."),
	CONFIRMATION_INVALID(HttpStatus.FORBIDDEN, "Your security key confirmation was not valid for this action. Touch your key again."),
	REGISTER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The firmware register cannot be reached right now. Try again shortly.");

	private final HttpStatus status;

	private final String message;

	FirmwareRefusal(HttpStatus status, String message) {
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
