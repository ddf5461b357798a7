package io.keygate.auth.webauthn;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A challenge handed to the browser and not answered yet, kept server-side in the session. It is
 * removed the moment an answer arrives, right or wrong, so a challenge is never answered twice.
 *
 * @param purpose what the challenge is for (sign-in, enrollment, adding a key...)
 * @param challenge the random challenge bytes
 * @param issuedAt when it was issued; answers after the configured timeout are refused
 * @param reference what the ceremony is bound to: an invitation id, a subject, or empty
 */
public record PendingCeremony(String purpose, byte[] challenge, Instant issuedAt, String reference) implements Serializable {

	public PendingCeremony {
		Objects.requireNonNull(purpose, "purpose cannot be null");
		challenge = challenge.clone();
		Objects.requireNonNull(issuedAt, "issuedAt cannot be null");
		reference = reference == null ? "" : reference;
	}

	@Override
	public byte[] challenge() {
		return this.challenge.clone();
	}

}
