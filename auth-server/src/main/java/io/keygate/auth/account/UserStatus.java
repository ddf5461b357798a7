package io.keygate.auth.account;

/** Where an account stands. Only {@link #ACTIVE} accounts may sign in. */
public enum UserStatus {
	/** Created from an invitation whose key registration is not finished. Never signs in. */
	PENDING,
	/** Has at least one registered hardware key and may sign in. */
	ACTIVE,
	/** Switched off by a security admin: sessions end and sign-in is refused. */
	DISABLED,
	/**
	 * Removed by a security admin: keys deleted, access ended. The row stays as a tombstone so
	 * that history, approvals and the audit chain keep naming who did what; it never signs in again.
	 */
	DELETED;

	/** How pages and the API name the state next to a person, e.g. in an approver's queue. */
	public String label() {
		switch (this) {
			case ACTIVE:
				return "active";
			case PENDING:
				return "without keys";
			case DISABLED:
				return "disabled";
			default:
				return "removed";
		}
	}
}
