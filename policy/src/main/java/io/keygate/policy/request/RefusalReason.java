package io.keygate.policy.request;

/** Why an action on an access request was refused: a closed list, each with a sentence for the person. */
public enum RefusalReason {
	SELF_APPROVAL("You cannot approve your own request."),
	NOT_AN_APPROVER("Only approvers can approve or deny requests."),
	SAME_ORGANISATION("Approvers cannot approve requests from their own organisation."),
	ALREADY_APPROVED_BY_YOU("You have already approved this request; another approver is needed."),
	NOT_INDEPENDENT("Your approval cannot count: your account and another approver's were enrolled by the same person, "
			+ "or one enrolled the other. An independent approver is needed."),
	NOT_PENDING("This request has already been decided."),
	REQUEST_EXPIRED("This request expired before it was approved."),
	DURATION_OVER_CAP("The requested duration is longer than this target allows."),
	INVALID_WINDOW("The requested start or duration is not valid."),
	UNKNOWN_TARGET("There is no such target."),
	UNKNOWN_LEVEL("This target does not offer that access level."),
	NOT_A_REQUESTER("Only vendor engineers can request access."),
	NOT_YOUR_REQUEST("You can only cancel your own requests."),
	ORG_SUSPENDED("Your organisation's access is suspended."),
	MISSING_JUSTIFICATION("A reason and a ticket reference are required."),
	OWN_ORGANISATION_SUSPENSION("You cannot suspend your own organisation."),
	// Issue 18: a too-long text was refused with "required", which reads as if it were empty.
	TEXT_TOO_LONG("The reason and the ticket reference can each be at most " + AccessRequest.MAX_TEXT + " characters.");

	private final String message;

	RefusalReason(String message) {
		this.message = message;
	}

	public String message() {
		return this.message;
	}
}
