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
	/**
	 * The request carried a header or parameter that some upstream stack reads as another method
	 * or another URL ({@code io.keygate.policy.shape.OverrideVectors}), or a form body too large or
	 * malformed to be checked for one.
	 */
	OVERRIDE_REFUSED("The request carried something that could change its action or address, or could not be checked for it."),
	/** A body on a method that has none in the level (GET, HEAD, OPTIONS, DELETE unless allowed). */
	BODY_NOT_ALLOWED("Your access level does not allow a request body here."),
	/** A WebSocket handshake on a path whose rule admits no WebSocket. */
	WEBSOCKET_NOT_ALLOWED("Your access level does not allow a live connection here."),
	/** A data frame the level does not allow (e.g. from the client on a receive-only socket); the socket is closed. */
	WEBSOCKET_FRAME_REFUSED("Your access level only allows receiving on this connection."),
	/**
	 * A state-changing request or WebSocket handshake not from the origin serving the target
	 * ({@code io.keygate.policy.shape.SameOriginRule}): another site, another target, a null origin.
	 */
	CROSS_ORIGIN("This action must come from the target's own pages."),
	/** The embedded audit queue is full: the decision cannot be recorded, so nothing is forwarded. */
	AUDIT_QUEUE_FULL("Access cannot be recorded right now. Try again shortly."),
	/** The distributed audit stream holds more unchained entries than its bound: deny rather than lose events. */
	AUDIT_BACKLOG_EXCEEDED("Access cannot be recorded right now. Try again shortly."),
	/** The request itself is ambiguous or malformed (path tricks, bad method, missing identity). */
	MALFORMED_REQUEST("The request was malformed."),
	/**
	 * The gateway browser session that opened a live session ended (logout, idle or absolute
	 * timeout, sign-out at the portal): what it opened must not outlive it.
	 */
	SIGNED_OUT("Your Keygate session has ended. Sign in again."),
	// decoys and honeytokens (issue 14)
	/** A credential the utility planted as bait was presented: the presenter is treated as an intruder. */
	HONEYTOKEN("There is no such target."),
	// firmware gate (issue 15)
	/** A firmware image whose SHA-256 is not on the utility's allow-list. */
	FIRMWARE_NOT_ALLOWED("This firmware image is not on the utility's list of verified images."),
	/** A listed image from inside a distrust window: kept by the gateway until a security admin decides. */
	FIRMWARE_HELD("This firmware image is held for review by the utility's security team; it was not sent."),
	/** The upload is larger than the target's firmware size limit. */
	FIRMWARE_TOO_LARGE("This firmware upload is larger than this target accepts."),
	// live sessions (issue 16)
	/** An administrator terminated this live session (the grant itself may still stand). */
	SESSION_TERMINATED("An administrator ended this session."),
	// break-glass (issue 19)
	/** A break-glass grant's review marked it as misuse, or break-glass was refused. */
	BREAK_GLASS_REFUSED("Emergency access is not available."),
	// first-run look and feel (issue 18)
	/**
	 * The holder ended their own grant ("I'm done"): still a deny, told apart from a revocation so
	 * the person is not alarmed and the metrics do not count it as one.
	 */
	ENDED("Your access has ended. Ask for access again in the portal if you still need it.");

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
