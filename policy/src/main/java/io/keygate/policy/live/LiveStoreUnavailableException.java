package io.keygate.policy.live;

/** The shared store behind gateway presence or the live-session board could not be reached or read. */
public final class LiveStoreUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public LiveStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
