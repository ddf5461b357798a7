package io.keygate.auth.webauthn;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import javax.security.auth.x500.X500Principal;

import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.statement.CertificateBaseAttestationStatement;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.exception.TrustAnchorNotFoundException;

/**
 * DEVELOPMENT ONLY ({@code keygate.webauthn.allow-chromium-virtual-authenticator}). Chromium's
 * virtual authenticator signs a packed attestation with one self-signed "batch" certificate,
 * re-issued per credential with the same key. This verifier lets exactly that through, on top of
 * the real trust store: the certificate must be self-signed with Chromium's batch subject, the
 * AAGUID must be Chromium's, and when an operator configured the captured certificate its public
 * key must match. Anyone can run Chromium, so this is never for production.
 */
final class ChromiumVirtualAuthenticatorTrust implements CertPathTrustworthinessVerifier {

	static final X500Principal BATCH_SUBJECT = new X500Principal(
			"CN=Batch Certificate, OU=Authenticator Attestation, O=Chromium, C=US");

	static final UUID CHROMIUM_AAGUID = UUID.fromString("01020304-0506-0708-0102-030405060708");

	private final CertPathTrustworthinessVerifier delegate;

	private final PublicKey pinnedKey;

	ChromiumVirtualAuthenticatorTrust(CertPathTrustworthinessVerifier delegate, PublicKey pinnedKey) {
		this.delegate = delegate;
		this.pinnedKey = pinnedKey;
	}

	@Override
	public void verify(AAGUID aaguid, CertificateBaseAttestationStatement statement, Instant timestamp) {
		if (isChromiumBatchAttestation(aaguid, statement)) {
			return;
		}
		this.delegate.verify(aaguid, statement, timestamp);
	}

	private boolean isChromiumBatchAttestation(AAGUID aaguid, CertificateBaseAttestationStatement statement) {
		if (aaguid == null || !CHROMIUM_AAGUID.equals(aaguid.getValue()) || statement.getX5c() == null
				|| statement.getX5c().size() != 1) {
			return false;
		}
		X509Certificate certificate = statement.getX5c().getEndEntityAttestationCertificate().getCertificate();
		if (!BATCH_SUBJECT.equals(certificate.getSubjectX500Principal())
				|| !BATCH_SUBJECT.equals(certificate.getIssuerX500Principal())) {
			return false;
		}
		try {
			certificate.verify(certificate.getPublicKey());
			certificate.checkValidity();
		}
		catch (Exception ex) {
			throw new TrustAnchorNotFoundException("Chromium batch certificate is not validly self-signed", ex);
		}
		return this.pinnedKey == null
				|| Arrays.equals(this.pinnedKey.getEncoded(), certificate.getPublicKey().getEncoded());
	}

}
