package io.keygate.auth.breakglass;

import org.springframework.http.HttpStatus;

import io.keygate.auth.web.Refusal;

/** Why a break-glass action was refused, with the sentence the person reads. */
public enum BreakGlassRefusal implements Refusal {
	NOT_A_VENDOR(HttpStatus.FORBIDDEN, "Only vendor engineers open emergency access."),
	NOT_ELIGIBLE(HttpStatus.FORBIDDEN,
			"You have no emergency access for this target. Ask for access the usual way, or ask a security admin."),
	LEVEL_NOT_ALLOWED(HttpStatus.FORBIDDEN,
			"Emergency access is for reading or operating only, never for firmware. Ask for this level the usual way."),
	REASON_REQUIRED(HttpStatus.UNPROCESSABLE_CONTENT, "Say what the emergency is: every approver and admin will read it."),
	ORG_SUSPENDED(HttpStatus.FORBIDDEN, "Your organisation's access is suspended: emergency access does not apply."),
	ACCOUNT_NOT_ACTIVE(HttpStatus.FORBIDDEN, "Your account is not active."),
	UNKNOWN_TARGET(HttpStatus.UNPROCESSABLE_CONTENT, "There is no such target."),
	ALREADY_HELD(HttpStatus.CONFLICT, "You already hold access to this target now."),
	UNKNOWN_PERSON(HttpStatus.UNPROCESSABLE_CONTENT, "There is no active vendor engineer with that name."),
	CONFIRMATION_INVALID(HttpStatus.FORBIDDEN, "Your security key confirmation was not valid for this change. Touch your key again."),
	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found."),
	ALREADY_REVIEWED(HttpStatus.CONFLICT, "This emergency access was reviewed already."),
	REVIEW_NOTE_REQUIRED(HttpStatus.UNPROCESSABLE_CONTENT, "Say why: the review is kept with the emergency access."),
	INVALID_INPUT(HttpStatus.BAD_REQUEST, "The request is not valid."),
	GRANT_STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE,
			"The grant store could not be reached, so nothing was granted. Try again in a moment.");

	private final HttpStatus status;

	private final String message;

	BreakGlassRefusal(HttpStatus status, String message) {
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
