package io.keygate.auth.webauthn;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A registered hardware key as stored. Byte values are base64url strings; the attestation object
 * is kept whole so that an operator can re-examine a key's attestation later (e.g. after an MDS
 * status change).
 */
public record StoredCredential(String credentialId, String subject, String label, String attestedCredentialData,
		String attestationObject, String attestationFormat, String aaguid, long signatureCount, boolean uvInitialized,
		boolean backupEligible, boolean backupState, Set<String> transports, Instant createdAt, Instant lastUsedAt) {

	public StoredCredential {
		Objects.requireNonNull(credentialId, "credentialId cannot be null");
		Objects.requireNonNull(subject, "subject cannot be null");
		Objects.requireNonNull(label, "label cannot be null");
		Objects.requireNonNull(attestedCredentialData, "attestedCredentialData cannot be null");
		Objects.requireNonNull(attestationObject, "attestationObject cannot be null");
		Objects.requireNonNull(attestationFormat, "attestationFormat cannot be null");
		Objects.requireNonNull(aaguid, "aaguid cannot be null");
		transports = Set.copyOf(transports);
		Objects.requireNonNull(createdAt, "createdAt cannot be null");
	}

}
