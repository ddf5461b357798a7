package io.keygate.auth.webauthn;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.statement.AttestationCertificatePath;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.PackedAttestationStatement;
import com.webauthn4j.verifier.exception.TrustAnchorNotFoundException;
import org.junit.jupiter.api.Test;

import io.keygate.testsupport.TestCertificates;

class ChromiumVirtualAuthenticatorTrustTest {

	private static final TestCertificates.Issued BATCH = TestCertificates
		.selfSignedLeaf("C=US, O=Chromium, OU=Authenticator Attestation, CN=Batch Certificate");

	private static final AAGUID CHROMIUM = new AAGUID(ChromiumVirtualAuthenticatorTrust.CHROMIUM_AAGUID);

	private static PackedAttestationStatement statement(TestCertificates.Issued certificate) {
		return new PackedAttestationStatement(COSEAlgorithmIdentifier.ES256, new byte[64],
				new AttestationCertificatePath(List.of(certificate.certificate())));
	}

	private static ChromiumVirtualAuthenticatorTrust trust(java.security.PublicKey pinned) {
		return new ChromiumVirtualAuthenticatorTrust((aaguid, statement, at) -> {
			throw new TrustAnchorNotFoundException("delegate: not trusted");
		}, pinned);
	}

	@Test
	void verifyWhenBatchCertificateAndChromiumAaguidThenTrusted() {
		assertThatCode(() -> trust(null).verify(CHROMIUM, statement(BATCH), Instant.now())).doesNotThrowAnyException();
	}

	@Test
	void verifyWhenPinnedToTheSameKeyThenTrusted() {
		assertThatCode(() -> trust(BATCH.keyPair().getPublic()).verify(CHROMIUM, statement(BATCH), Instant.now()))
			.doesNotThrowAnyException();
	}

	@Test
	void verifyWhenPinnedToAnotherKeyThenDelegateDecidesAndRefuses() {
		java.security.PublicKey other = TestCertificates.ecKeyPair().getPublic();

		assertThatThrownBy(() -> trust(other).verify(CHROMIUM, statement(BATCH), Instant.now()))
			.isInstanceOf(TrustAnchorNotFoundException.class);
	}

	@Test
	void verifyWhenOtherAaguidThenDelegateDecidesAndRefuses() {
		AAGUID other = new AAGUID(java.util.UUID.randomUUID());

		assertThatThrownBy(() -> trust(null).verify(other, statement(BATCH), Instant.now()))
			.isInstanceOf(TrustAnchorNotFoundException.class);
	}

	@Test
	void verifyWhenOtherSubjectThenDelegateDecidesAndRefuses() {
		TestCertificates.Issued impostor = TestCertificates.selfSignedLeaf("C=US, O=Someone, CN=Batch Certificate");

		assertThatThrownBy(() -> trust(null).verify(CHROMIUM, statement(impostor), Instant.now()))
			.isInstanceOf(TrustAnchorNotFoundException.class);
	}

}
