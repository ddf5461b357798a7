package io.keygate.testsupport;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import com.webauthn4j.test.CACertificatePath;
import com.webauthn4j.test.authenticator.webauthn.PackedAuthenticator;

/** Packed attestation under a CA made for this test only, which no trust store holds. */
final class UntrustedPackedAuthenticator extends PackedAuthenticator {

	private static final TestCertificates.Issued UNKNOWN_ROOT = TestCertificates
		.selfSignedCa("CN=Unknown Vendor Root, O=Nobody, C=US");

	@Override
	public X509Certificate getAttestationIssuerCertificate() {
		return UNKNOWN_ROOT.certificate();
	}

	@Override
	public PrivateKey getAttestationIssuerPrivateKey() {
		return UNKNOWN_ROOT.keyPair().getPrivate();
	}

	@Override
	public CACertificatePath getCACertificatePath() {
		return new CACertificatePath(List.of());
	}

}
