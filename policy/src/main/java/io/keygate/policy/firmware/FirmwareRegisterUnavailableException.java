package io.keygate.policy.firmware;

/** The register cannot be consulted: the firmware gate refuses rather than forward unchecked. */
public final class FirmwareRegisterUnavailableException extends RuntimeException {

	public FirmwareRegisterUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
