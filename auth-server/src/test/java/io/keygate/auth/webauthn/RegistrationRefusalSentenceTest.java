package io.keygate.auth.webauthn;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** Each reason a registration is refused has its own sentence for the person and advice for the operator. */
class RegistrationRefusalSentenceTest {

	@Test
	void refusalWhenAttestationUntrustedThenSentenceNamesTheTrustedRootAndOperatorAdviceNamesTheProperties() {
		assertThat(WebAuthnRefusal.ATTESTATION_UNTRUSTED.message()).contains("does not lead to a root this site trusts");
		assertThat(WebAuthnRefusal.ATTESTATION_UNTRUSTED.code()).isEqualTo("ATTESTATION_UNTRUSTED");
		assertThat(WebAuthnRefusal.ATTESTATION_UNTRUSTED.status()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(RegistrationRefusalAdvice.forOperator(WebAuthnRefusal.ATTESTATION_UNTRUSTED)).get()
			.asString()
			.contains("keygate.webauthn.trust.roots-directory", "keygate.webauthn.trust.bundled-roots=true",
					"keygate.webauthn.trust.mds-blob");
	}

	@Test
	void refusalWhenBackupEligibleThenSentenceSaysSyncedPasskey() {
		assertThat(WebAuthnRefusal.BACKUP_ELIGIBLE.message()).contains("synced passkey").contains("hardware security key");
		assertThat(RegistrationRefusalAdvice.forOperator(WebAuthnRefusal.BACKUP_ELIGIBLE)).get().asString().contains("synced passkey");
	}

	@Test
	void refusalWhenUserNotVerifiedThenSentenceAsksForAPin() {
		assertThat(WebAuthnRefusal.USER_NOT_VERIFIED.message()).contains("PIN").contains("Set a PIN");
		assertThat(RegistrationRefusalAdvice.forOperator(WebAuthnRefusal.USER_NOT_VERIFIED)).get().asString().contains("PIN");
	}

	@Test
	void refusalWhenModelWithdrawnThenSentenceNamesTheMetadataService() {
		assertThat(WebAuthnRefusal.AUTHENTICATOR_REVOKED.message()).contains("withdrawn by the FIDO Metadata Service");
		assertThat(RegistrationRefusalAdvice.forOperator(WebAuthnRefusal.AUTHENTICATOR_REVOKED)).get()
			.asString()
			.contains("different model");
	}

	@Test
	void refusalWhenAttestationMissingOrModelNotAllowedThenOperatorAdviceIsGiven() {
		assertThat(RegistrationRefusalAdvice.forOperator(WebAuthnRefusal.ATTESTATION_MISSING)).isPresent();
		assertThat(RegistrationRefusalAdvice.forOperator(WebAuthnRefusal.AAGUID_NOT_ALLOWED)).get()
			.asString()
			.contains("keygate.webauthn.aaguid-allow-list");
	}

	@Test
	void refusalWhenSignInFailureThenNoOperatorAdviceAndTheSharedSentenceStays() {
		assertThat(RegistrationRefusalAdvice.forOperator(WebAuthnRefusal.BAD_SIGNATURE)).isEmpty();
		assertThat(WebAuthnRefusal.UNKNOWN_CREDENTIAL.message()).isEqualTo(WebAuthnRefusal.BAD_SIGNATURE.message());
	}

}
