package io.keygate.auth.breach;

/** Where a declaration stands. Only DECLARED can be resumed; RESUMED is final. */
public enum BreachState {
	/** Drafted; the declaring admin has not confirmed it with their key yet. */
	AWAITING_KEY,
	/** Confirmed by the declaring admin; a second admin's key is required and not given yet. */
	AWAITING_SECOND_ADMIN,
	DECLARED,
	RESUMED
}
