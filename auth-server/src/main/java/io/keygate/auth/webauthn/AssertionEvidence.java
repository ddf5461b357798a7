package io.keygate.auth.webauthn;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Proof that a person just used one of their registered keys with user verification: which key,
 * when, its new signature counter and the RFC 8176 authentication methods it shows.
 */
public record AssertionEvidence(String subject, String credentialId, Instant verifiedAt, long signatureCount,
		boolean userVerified, List<String> amr) {

	public AssertionEvidence {
		Objects.requireNonNull(subject, "subject cannot be null");
		Objects.requireNonNull(credentialId, "credentialId cannot be null");
		Objects.requireNonNull(verifiedAt, "verifiedAt cannot be null");
		amr = List.copyOf(amr);
	}

}
