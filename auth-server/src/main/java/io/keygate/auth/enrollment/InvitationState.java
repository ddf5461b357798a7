package io.keygate.auth.enrollment;

/** Where an invitation stands before it is used. */
public enum InvitationState {
	/**
	 * Asked for by one security admin, waiting for a second one's key-signed confirmation. Its link
	 * (held by the admin who asked) is refused until then.
	 */
	AWAITING_CONFIRMATION,
	/** Its one-time link exists and works once, until it expires or is withdrawn. */
	ISSUED
}
