package io.keygate.auth.webauthn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * What a client can tell apart: refusals that share a sentence share the public code too, so the
 * problem document says no more than the sentence (no account or key enumeration at sign-in).
 */
class WebAuthnRefusalTest {

	@Test
	void refusalsWithTheSameSentenceThenTheSamePublicCode() {
		Map<String, Set<String>> codesBySentence = Arrays.stream(WebAuthnRefusal.values())
			.collect(Collectors.groupingBy(WebAuthnRefusal::message,
					Collectors.mapping(WebAuthnRefusal::code, Collectors.toSet())));

		assertThat(codesBySentence).allSatisfy((sentence, codes) -> assertThat(codes).as(sentence).hasSize(1));
	}

	@Test
	void signInFailuresThenOneCodeWhetherTheKeyOrTheAccountIsUnknownDisabledOrTheSignatureBad() {
		assertThat(List.of(WebAuthnRefusal.UNKNOWN_CREDENTIAL.code(), WebAuthnRefusal.ACCOUNT_DISABLED.code(),
				WebAuthnRefusal.BAD_SIGNATURE.code()))
			.containsOnly("SIGN_IN_FAILED");
	}

}
