package io.keygate.testsupport;

import java.security.cert.X509Certificate;
import java.util.List;

import com.webauthn4j.test.CACertificatePath;
import com.webauthn4j.test.authenticator.webauthn.AttestationStatementRequest;

/** Chromium's virtual authenticator, as far as attestation goes (see {@link VirtualKey#chromiumLike()}). */
final class ChromiumLikeAuthenticator extends FlagRewritingPackedAuthenticator {

	static final TestCertificates.Issued BATCH = TestCertificates
		.selfSignedLeaf("C=US, O=Chromium, OU=Authenticator Attestation, CN=Batch Certificate");

	ChromiumLikeAuthenticator() {
		super((byte) 0, (byte) 0, VirtualKey.CHROMIUM_AAGUID);
	}

	@Override
	public java.security.KeyPair getAttestationKeyPair() {
		return BATCH.keyPair();
	}

	@Override
	public X509Certificate getAttestationCertificate(com.webauthn4j.test.authenticator.webauthn.AttestationStatementRequest request,
			com.webauthn4j.test.authenticator.webauthn.AttestationOption option) {
		return BATCH.certificate();
	}

	@Override
	public CACertificatePath getCACertificatePath() {
		return new CACertificatePath(List.of());
	}

}
