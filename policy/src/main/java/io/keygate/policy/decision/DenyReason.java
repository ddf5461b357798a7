package io.keygate.policy.decision;

/** Why access was denied: a closed list, so logs, metrics and alerts can rely on it. */
public enum DenyReason {
	/** No grant for this person on this target. */
	NO_GRANT("You have no access grant for this target."),
	/** The grant's window has not started. */
	NOT_YET_VALID("Your access grant has not started yet."),
	/** The grant's window is over. */
	EXPIRED("Your access grant has expired."),
	/** The grant was revoked before it ran out. */
	REVOKED("Your access grant was revoked."),
	/** No rule of the granted level allows this HTTP method. */
	METHOD_NOT_ALLOWED("Your access level does not allow this action."),
	/** The method is allowed somewhere, but not on this path. */
	PATH_NOT_ALLOWED("Your access level does not allow this page."),
	/** The grant names a level the target does not offer (the catalogue changed). */
	LEVEL_UNKNOWN("Your access level is no longer offered by this target."),
	/** The person's organisation is suspended. */
	ORG_SUSPENDED("Your organisation's access is suspended."),
	/** The target is not in the catalogue. */
	UNKNOWN_TARGET("There is no such target."),
	/** The target is a decoy; any touch is an alert. */
	DECOY("There is no such target."),
	/** The grant store could not be consulted; denying is the safe answer. */
	STORE_UNAVAILABLE("Access cannot be checked right now. Try again shortly."),
	/** The request itself is ambiguous or malformed (path tricks, bad method, missing identity). */
	MALFORMED_REQUEST("The request was malformed."),
	/**
	 * The gateway browser session that opened a live session ended (logout, idle or absolute
	 * timeout, sign-out at the portal): what it opened must not outlive it.
	 */
	SIGNED_OUT("Your Keygate session has ended. Sign in again.");

	private final String message;

	DenyReason(String message) {
		this.message = message;
	}

	/**
	 * A short sentence safe to show the person: it never names internals. Note that DECOY reads
	 * exactly like UNKNOWN_TARGET so that a prober cannot tell a decoy from a typo.
	 */
	public String message() {
		return this.message;
	}

}
