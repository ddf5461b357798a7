package io.keygate.auth.access.request;

import java.util.Objects;

import io.keygate.policy.Names;

/**
 * The WebAuthn assertion an approval was given with, kept whole (the browser's
 * {@code PublicKeyCredential} JSON) so that an auditor can re-verify it later against the
 * approver's public key and the challenge it answered.
 */
public record ApprovalEvidence(String id, String credentialId, String challenge, String assertionJson, long signatureCount) {

	public ApprovalEvidence {
		Names.requireToken(id, "evidence id");
		Objects.requireNonNull(credentialId, "credentialId cannot be null");
		Objects.requireNonNull(challenge, "challenge cannot be null");
		Objects.requireNonNull(assertionJson, "assertionJson cannot be null");
	}

}
