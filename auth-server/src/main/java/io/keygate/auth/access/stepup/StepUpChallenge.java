package io.keygate.auth.access.stepup;

import java.time.Instant;
import java.util.Map;

/**
 * A challenge the approver's key must sign: its id (sent back with the assertion) and the
 * WebAuthn request options for {@code navigator.credentials.get} (challenge, RP ID, the
 * approver's own keys, user verification required).
 */
public record StepUpChallenge(String challengeId, String requestId, Map<String, Object> publicKey, Instant expiresAt) {

	public StepUpChallenge {
		publicKey = Map.copyOf(publicKey);
	}

	/** The base64url challenge the key signs. */
	public String challenge() {
		return (String) this.publicKey.get("challenge");
	}

}
