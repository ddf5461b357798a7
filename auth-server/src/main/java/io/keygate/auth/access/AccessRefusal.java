package io.keygate.auth.access;

import io.keygate.policy.request.RefusalReason;

/**
 * Why the access service refused an action: policy's reasons plus the ones only the server can
 * know (step-up evidence, existence, the grant store). Each carries a sentence safe to show.
 */
public enum AccessRefusal {
	SELF_APPROVAL(RefusalReason.SELF_APPROVAL, 403),
	NOT_AN_APPROVER(RefusalReason.NOT_AN_APPROVER, 403),
	SAME_ORGANISATION(RefusalReason.SAME_ORGANISATION, 403),
	ALREADY_APPROVED_BY_YOU(RefusalReason.ALREADY_APPROVED_BY_YOU, 409),
	NOT_PENDING(RefusalReason.NOT_PENDING, 409),
	REQUEST_EXPIRED(RefusalReason.REQUEST_EXPIRED, 409),
	DURATION_OVER_CAP(RefusalReason.DURATION_OVER_CAP, 422),
	INVALID_WINDOW(RefusalReason.INVALID_WINDOW, 422),
	UNKNOWN_TARGET(RefusalReason.UNKNOWN_TARGET, 422),
	UNKNOWN_LEVEL(RefusalReason.UNKNOWN_LEVEL, 422),
	NOT_A_REQUESTER(RefusalReason.NOT_A_REQUESTER, 403),
	NOT_YOUR_REQUEST(RefusalReason.NOT_YOUR_REQUEST, 404),
	ORG_SUSPENDED(RefusalReason.ORG_SUSPENDED, 403),
	MISSING_JUSTIFICATION(RefusalReason.MISSING_JUSTIFICATION, 422),
	STEP_UP_INVALID(null, 403, "Your security key confirmation was not valid for this request. Touch your key again."),
	STEP_UP_EXPIRED(null, 403, "Your security key confirmation has expired or was already used. Touch your key again."),
	DENIAL_REASON_REQUIRED(null, 422, "Say why you deny the request: the requester will read it."),
	NOT_FOUND(null, 404, "Not found."),
	NOT_ALLOWED(null, 403, "You are not allowed to do this."),
	INVALID_INPUT(null, 400, "The request is not valid."),
	GRANT_OVERLAP(null, 409,
			"The person already holds access to this target in that window. Approve a window that starts after it."),
	CONFLICT(null, 409, "Someone else changed this at the same moment. Reload and try again."),
	GRANT_STORE_UNAVAILABLE(null, 503,
			"The grant store could not be reached, so nothing was granted. Try again in a moment.");

	private final RefusalReason policyReason;

	private final int status;

	private final String message;

	AccessRefusal(RefusalReason policyReason, int status) {
		this(policyReason, status, policyReason.message());
	}

	AccessRefusal(RefusalReason policyReason, int status, String message) {
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

	/** The HTTP status the API answers with. */
	public int status() {
		return this.status;
	}

	/** A sentence for the person; never internals. */
	public String message() {
		return this.message;
	}

}
