package io.keygate.auth.webauthn;

import java.security.cert.TrustAnchor;
import java.util.Optional;
import java.util.Set;

import com.webauthn4j.data.attestation.authenticator.AAGUID;

/**
 * What the FIDO Metadata Service says about an authenticator model: the roots its attestation
 * chains to and whether its status reports withdraw it. {@link #NONE} when no BLOB is configured.
 */
public interface MetadataTrust {

	MetadataTrust NONE = new MetadataTrust() {
		@Override
		public Set<TrustAnchor> trustAnchors(AAGUID aaguid) {
			return Set.of();
		}

		@Override
		public Set<TrustAnchor> trustAnchors(byte[] attestationCertificateKeyIdentifier) {
			return Set.of();
		}

		@Override
		public Optional<String> withdrawal(AAGUID aaguid, byte[] attestationCertificateKeyIdentifier) {
			return Optional.empty();
		}
	};

	Set<TrustAnchor> trustAnchors(AAGUID aaguid);

	Set<TrustAnchor> trustAnchors(byte[] attestationCertificateKeyIdentifier);

	/**
	 * The status that withdraws this model (revoked, attestation key compromised, user
	 * verification bypass...), if any. {@code attestationCertificateKeyIdentifier} may be null.
	 */
	Optional<String> withdrawal(AAGUID aaguid, byte[] attestationCertificateKeyIdentifier);

	/** The model's name as the metadata describes it, if the metadata knows the AAGUID. */
	default Optional<String> description(AAGUID aaguid) {
		return Optional.empty();
	}

}
