package io.keygate.auth.access.grant;

/**
 * Where a grant stands with respect to the grant store. A grant whose window starts later is not
 * written to the store at approval (the store keeps one grant per person and target, and a write
 * supersedes the earlier one): it waits as {@code SCHEDULED} until its {@code notBefore}.
 */
public enum GrantActivation {
	/** Approved; its window has not begun; not in the grant store. */
	SCHEDULED,
	/** Written to the grant store. Whether it ended early is in the record's ending. */
	ACTIVATED,
	/** Revoked or suspended before it was ever written to the grant store: it never starts. */
	CANCELLED,
	/** Its window passed without it being written to the grant store (no activator ran in time). */
	EXPIRED
}
