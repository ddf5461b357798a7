package io.keygate.auth.access;

import org.springframework.http.HttpStatus;

import io.keygate.auth.web.Refusal;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.request.RefusalReason;
import io.keygate.policy.request.RequestRefusedException;

/**
 * Why an access action was refused: policy's reasons plus the ones only the server can know
 * (step-up evidence, existence, the grant store). Each carries a sentence safe to show.
 */
public enum AccessRefusal implements Refusal {
	SELF_APPROVAL(RefusalReason.SELF_APPROVAL, HttpStatus.FORBIDDEN),
	NOT_AN_APPROVER(RefusalReason.NOT_AN_APPROVER, HttpStatus.FORBIDDEN),
	SAME_ORGANISATION(RefusalReason.SAME_ORGANISATION, HttpStatus.FORBIDDEN),
	ALREADY_APPROVED_BY_YOU(RefusalReason.ALREADY_APPROVED_BY_YOU, HttpStatus.CONFLICT),
	NOT_INDEPENDENT(RefusalReason.NOT_INDEPENDENT, HttpStatus.FORBIDDEN),
	NOT_PENDING(RefusalReason.NOT_PENDING, HttpStatus.CONFLICT),
	REQUEST_EXPIRED(RefusalReason.REQUEST_EXPIRED, HttpStatus.CONFLICT),
	DURATION_OVER_CAP(RefusalReason.DURATION_OVER_CAP, HttpStatus.UNPROCESSABLE_CONTENT),
	INVALID_WINDOW(RefusalReason.INVALID_WINDOW, HttpStatus.UNPROCESSABLE_CONTENT),
	UNKNOWN_TARGET(RefusalReason.UNKNOWN_TARGET, HttpStatus.UNPROCESSABLE_CONTENT),
	UNKNOWN_LEVEL(RefusalReason.UNKNOWN_LEVEL, HttpStatus.UNPROCESSABLE_CONTENT),
	NOT_A_REQUESTER(RefusalReason.NOT_A_REQUESTER, HttpStatus.FORBIDDEN),
	NOT_YOUR_REQUEST(RefusalReason.NOT_YOUR_REQUEST, HttpStatus.NOT_FOUND),
	ORG_SUSPENDED(RefusalReason.ORG_SUSPENDED, HttpStatus.FORBIDDEN),
	MISSING_JUSTIFICATION(RefusalReason.MISSING_JUSTIFICATION, HttpStatus.UNPROCESSABLE_CONTENT),
	TEXT_TOO_LONG(RefusalReason.TEXT_TOO_LONG, HttpStatus.UNPROCESSABLE_CONTENT),
	DUPLICATE_REQUEST(null, HttpStatus.CONFLICT,
			"You already have a pending request for this target and level in that window. Wait for its answer or cancel it first."),
	STEP_UP_INVALID(null, HttpStatus.FORBIDDEN,
			"Your security key confirmation was not valid for this request. Touch your key again."),
	STEP_UP_EXPIRED(null, HttpStatus.FORBIDDEN,
			"Your security key confirmation has expired or was already used. Touch your key again."),
	DENIAL_REASON_REQUIRED(null, HttpStatus.UNPROCESSABLE_CONTENT,
			"Say why you deny the request: the requester will read it."),
	NOT_FOUND(null, HttpStatus.NOT_FOUND, "Not found."),
	// Policy's self-suspension ban answers as every other "not yours to do" has always answered:
	// API clients and pages already know this code and sentence.
	NOT_ALLOWED(RefusalReason.OWN_ORGANISATION_SUSPENSION, HttpStatus.FORBIDDEN, "You are not allowed to do this."),
	INVALID_INPUT(null, HttpStatus.BAD_REQUEST, "The request is not valid."),
	GRANT_OVERLAP(null, HttpStatus.CONFLICT,
			"The person already holds access to this target in that window. Approve a window that starts after it."),
	CONFLICT(null, HttpStatus.CONFLICT, "Someone else changed this at the same moment. Reload and try again."),
	REQUESTER_NOT_ACTIVE(null, HttpStatus.CONFLICT,
			"The person who asked is no longer active (disabled, without keys or removed): their request cannot be approved."),
	APPROVER_NOT_ACTIVE(null, HttpStatus.FORBIDDEN, "Your account is no longer active, so your approval cannot count."),
	GRANT_STORE_UNAVAILABLE(null, HttpStatus.SERVICE_UNAVAILABLE,
			"The grant store could not be reached, so nothing was granted. Try again in a moment.");

	private final RefusalReason policyReason;

	private final HttpStatus status;

	private final String message;

	AccessRefusal(RefusalReason policyReason, HttpStatus status) {
		this(policyReason, status, policyReason.message());
	}

	AccessRefusal(RefusalReason policyReason, HttpStatus status, String message) {
		this.policyReason = policyReason;
		this.status = status;
		this.message = message;
	}

	public static AccessRefusal of(RefusalReason reason) {
		for (AccessRefusal refusal : values()) {
			if (refusal.policyReason == reason) {
				return refusal;
			}
		}
		throw new IllegalArgumentException("no access refusal for " + reason + " (this is a bug)");
	}

	/** Policy's refusal as the server's, with policy's detail for the log. */
	public static RefusedException refusedFrom(RequestRefusedException ex) {
		return new RefusedException(of(ex.reason()), ex.detail(), ex);
	}

	/** A refusal for a reason policy gave without throwing (a query such as the review check). */
	public static RefusedException refusedFor(RefusalReason reason, String detail) {
		return new RefusedException(of(reason), detail);
	}

	/** The HTTP status the API answers with. */
	@Override
	public HttpStatus status() {
		return this.status;
	}

	/** A sentence for the person; never internals. */
	@Override
	public String message() {
		return this.message;
	}

}
