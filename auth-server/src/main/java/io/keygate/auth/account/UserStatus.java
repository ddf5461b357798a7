package io.keygate.auth.account;

/** Where an account stands. Only {@link #ACTIVE} accounts may sign in. */
public enum UserStatus {
	/** Created from an invitation whose key registration is not finished. Never signs in. */
	PENDING,
	/** Has at least one registered hardware key and may sign in. */
	ACTIVE,
	/** Switched off by a security admin: sessions end and sign-in is refused. */
	DISABLED
}
