package io.keygate.auth.webauthn;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.webauthn4j.anchor.TrustAnchorRepository;
import com.webauthn4j.data.attestation.authenticator.AAGUID;

/**
 * The roots an attestation may chain to: the operator's configured vendor roots, for every
 * model, plus the roots the FIDO Metadata Service BLOB lists for that model's AAGUID (or, for
 * U2F keys, their attestation key identifier).
 */
public final class AttestationTrustAnchors implements TrustAnchorRepository {

	private final Set<TrustAnchor> configured;

	private final MetadataTrust metadata;

	public AttestationTrustAnchors(List<X509Certificate> configuredRoots, MetadataTrust metadata) {
		Set<TrustAnchor> anchors = new HashSet<>();
		for (X509Certificate root : configuredRoots) {
			anchors.add(new TrustAnchor(root, null));
		}
		this.configured = Set.copyOf(anchors);
		this.metadata = metadata;
	}

	@Override
	public Set<TrustAnchor> find(AAGUID aaguid) {
		Set<TrustAnchor> anchors = new HashSet<>(this.configured);
		anchors.addAll(this.metadata.trustAnchors(aaguid));
		return anchors;
	}

	@Override
	public Set<TrustAnchor> find(byte[] attestationCertificateKeyIdentifier) {
		Set<TrustAnchor> anchors = new HashSet<>(this.configured);
		anchors.addAll(this.metadata.trustAnchors(attestationCertificateKeyIdentifier));
		return anchors;
	}

	public int configuredCount() {
		return this.configured.size();
	}

}
