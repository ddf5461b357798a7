package io.keygate.auth.webauthn;

import java.util.Optional;

/**
 * What an operator can do about a refused registration. The person sees the refusal's sentence;
 * the log gets this, because the fix (trust a vendor's root, load a fresh MDS BLOB, tell people to
 * set a PIN) is the operator's, and "registration refused" alone leaves them guessing.
 */
final class RegistrationRefusalAdvice {

	private RegistrationRefusalAdvice() {
	}

	static Optional<String> forOperator(WebAuthnRefusal refusal) {
		return Optional.ofNullable(switch (refusal) {
			case ATTESTATION_UNTRUSTED -> "the key's attestation does not chain to a trusted root. If this vendor is approved, "
					+ "add its published FIDO root to keygate.webauthn.trust.roots-directory (or key-store), set "
					+ "keygate.webauthn.trust.bundled-roots=true for the roots Keygate ships (OPERATING.md), or configure "
					+ "keygate.webauthn.trust.mds-blob";
			case ATTESTATION_MISSING -> "the authenticator sent no attestation (format 'none'): a browser or platform "
					+ "authenticator that hides its model; hardware keys send one when asked";
			case BACKUP_ELIGIBLE -> "a synced passkey (backup eligible) was offered; nothing to change on the server: the "
					+ "person needs a hardware security key";
			case USER_NOT_VERIFIED -> "the key did not verify the user; the person must set a PIN on the key (e.g. in the "
					+ "vendor's key manager) and enter it";
			case AUTHENTICATOR_REVOKED -> "the FIDO Metadata Service withdraws this model; do not override: issue the person "
					+ "a different model";
			case AAGUID_NOT_ALLOWED -> "the model is not in keygate.webauthn.aaguid-allow-list; add its AAGUID there if "
					+ "it is approved";
			case ALGORITHM_NOT_ALLOWED -> "the key offers no signature algorithm Keygate accepts";
			default -> null;
		});
	}

}
