package io.keygate.policy.breach;

import java.time.Instant;
import java.util.Objects;

/**
 * One moment a security key was enrolled or used (sign-in, step-up, added to an account), from
 * where, as the audit chain recorded it.
 */
public record KeyUse(String subject, String credentialId, String clientAddress, Instant at) {

	public KeyUse {
		Objects.requireNonNull(subject, "subject cannot be null");
		Objects.requireNonNull(credentialId, "credentialId cannot be null");
		clientAddress = clientAddress == null ? "" : clientAddress;
		Objects.requireNonNull(at, "at cannot be null");
	}

}
