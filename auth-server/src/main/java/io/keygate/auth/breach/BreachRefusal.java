package io.keygate.auth.breach;

import org.springframework.http.HttpStatus;

import io.keygate.auth.web.Refusal;

/** Why a breach declaration or resumption was refused. */
public enum BreachRefusal implements Refusal {

	NOT_SECURITY_ADMIN(HttpStatus.FORBIDDEN, "Only a security admin can declare or lift a vendor breach."),
	UNKNOWN_ORGANISATION(HttpStatus.NOT_FOUND, "No such organisation."),
	OWN_ORGANISATION(HttpStatus.CONFLICT, "You cannot declare a breach of your own organisation here."),
	BAD_WINDOW(HttpStatus.BAD_REQUEST,
			"The breach window needs a start before its end (ISO-8601 instants, e.g. 2026-11-01T00:00:00Z), not in the future, "
					+ "and not longer than the longest allowed."),
	BAD_REFERENCE(HttpStatus.BAD_REQUEST, "Give a reference (the vendor's advisory or your incident number), at most 200 characters."),
	UNKNOWN_DECLARATION(HttpStatus.NOT_FOUND, "No such breach declaration."),
	NOT_AWAITING_CONFIRMATION(HttpStatus.CONFLICT, "This declaration is not waiting for your confirmation."),
	SECOND_ADMIN_MUST_DIFFER(HttpStatus.FORBIDDEN, "Another security admin must give the second confirmation."),
	CONFIRMATION_INVALID(HttpStatus.FORBIDDEN, "Your security key confirmation was not valid for this action. Touch your key again."),
	NOT_DECLARED(HttpStatus.CONFLICT, "Only a declared breach can be resumed, and only once."),
	DECLARATION_INCOMPLETE(HttpStatus.SERVICE_UNAVAILABLE,
			"The vendor is suspended, but the rest of the declaration could not be recorded. Confirm it again."),
	SUSPENSION_FAILED(HttpStatus.SERVICE_UNAVAILABLE,
			"The organisation could not be suspended right now (the grant store did not answer). Nothing else was done; try again.");

	private final HttpStatus status;

	private final String message;

	BreachRefusal(HttpStatus status, String message) {
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
