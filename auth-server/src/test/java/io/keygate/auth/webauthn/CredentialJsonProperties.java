package io.keygate.auth.webauthn;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.keygate.auth.web.RefusedException;

/**
 * Whatever arrives as a credential body, the parser either reads it or refuses it as MALFORMED:
 * no other exception can escape and become a 500.
 */
class CredentialJsonProperties {

	@Provide
	Arbitrary<String> bodies() {
		Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"type\"", "\"public-key\"", "\"id\"",
				"\"rawId\"", "\"response\"", "\"clientDataJSON\"", "\"attestationObject\"", "\"authenticatorData\"",
				"\"signature\"", "\"userHandle\"", "\"transports\"", "\"AAAA\"", "\"!!\"", "null", "1e309", "-0", "true", "\"\\u0000\"");
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
				fragments.list().ofMaxSize(40).map(parts -> String.join("", parts)));
	}

	@Property(tries = 500)
	void assertionWhenAnyBodyThenParsedOrRefusedAsMalformed(@ForAll("bodies") String body) {
		try {
			CredentialJson.assertion(body);
		}
		catch (RefusedException ex) {
			assertThat(ex.refusal()).isEqualTo(WebAuthnRefusal.MALFORMED);
		}
	}

	@Property(tries = 500)
	void attestationWhenAnyBodyThenParsedOrRefusedAsMalformed(@ForAll("bodies") String body) {
		try {
			CredentialJson.attestation(body);
		}
		catch (RefusedException ex) {
			assertThat(ex.refusal()).isEqualTo(WebAuthnRefusal.MALFORMED);
		}
	}

}
