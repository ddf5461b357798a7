package io.keygate.auth.live;

import org.springframework.http.HttpStatus;

import io.keygate.auth.web.Refusal;

/** Why a live-view call was refused. */
public enum LiveRefusal implements Refusal {

	NOT_ALLOWED(HttpStatus.FORBIDDEN, "You are not allowed to do this."),
	NOT_FOUND(HttpStatus.NOT_FOUND, "That session is no longer live."),
	GATEWAY_SILENT(HttpStatus.CONFLICT,
			"That gateway has stopped heartbeating, so it cannot be told to end the session. Revoke the grant instead."),
	INVALID_INPUT(HttpStatus.BAD_REQUEST, "The request is not valid."),
	STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Live sessions cannot be read right now. Try again in a moment.");

	private final HttpStatus status;

	private final String message;

	LiveRefusal(HttpStatus status, String message) {
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
