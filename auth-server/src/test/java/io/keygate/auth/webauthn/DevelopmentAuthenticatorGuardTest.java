package io.keygate.auth.webauthn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which settings let the development switch through: loopback origins and embedded stores only. */
class DevelopmentAuthenticatorGuardTest {

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost", "http://localhost:9000", "http://127.0.0.1:8443", "http://[::1]:9000" })
	void originWhenLoopbackThenAllowed(String origin) {
		assertThat(DevelopmentAuthenticatorGuard.isLoopbackOrigin(origin)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://keygate.example.test", "http://localhost.example.test", "http://portal.localhost",
			"http://10.0.0.5:9000", "http://0.0.0.0", "ftp://localhost", "not a url", "http://[::2]",
			"http://127.0.0.2" })
	void originWhenNotLoopbackThenRefused(String origin) {
		assertThat(DevelopmentAuthenticatorGuard.isLoopbackOrigin(origin)).isFalse();
	}

	@Test
	void checkWhenRedisGrantStoreThenRefusedNamingTheProperty() {
		assertThatThrownBy(() -> DevelopmentAuthenticatorGuard.check(List.of("http://localhost"), "jdbc:h2:mem:x", "REDIS"))
			.hasMessageContaining("keygate.webauthn.allow-chromium-virtual-authenticator=true is refused")
			.hasMessageContaining("keygate.grant-store.kind is redis");
	}

	@Test
	void checkWhenLoopbackAndEmbeddedThenAllowed() {
		assertThatCode(() -> DevelopmentAuthenticatorGuard.check(List.of("http://localhost:9000"), "jdbc:h2:file:./data/x",
				"IN_MEMORY")).doesNotThrowAnyException();
	}

}
