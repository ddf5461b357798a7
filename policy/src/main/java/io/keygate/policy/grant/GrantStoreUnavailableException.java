package io.keygate.policy.grant;

/** The grant store could not carry out a write; nothing may be assumed to have happened. */
public final class GrantStoreUnavailableException extends RuntimeException {

	public GrantStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
