package io.keygate.auth.webauthn;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** A registration that passed every check, ready to be stored. Byte values are base64url. */
public record VerifiedKey(String credentialId, String attestedCredentialData, String attestationObject,
		String attestationFormat, UUID aaguid, long signatureCount, boolean userVerified, boolean backupEligible,
		boolean backupState, Set<String> transports) {

	public VerifiedKey {
		Objects.requireNonNull(credentialId, "credentialId cannot be null");
		Objects.requireNonNull(attestedCredentialData, "attestedCredentialData cannot be null");
		Objects.requireNonNull(attestationObject, "attestationObject cannot be null");
		Objects.requireNonNull(attestationFormat, "attestationFormat cannot be null");
		Objects.requireNonNull(aaguid, "aaguid cannot be null");
		transports = Set.copyOf(transports);
	}

}
