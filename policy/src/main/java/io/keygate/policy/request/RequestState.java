package io.keygate.policy.request;

/** Where an access request stands. Every state but {@link #PENDING} is final. */
public enum RequestState {
	PENDING, APPROVED, DENIED, EXPIRED, CANCELLED;

	public boolean isTerminal() {
		return this != PENDING;
	}
}
