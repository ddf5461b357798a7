package io.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The store and audit-stream settings are shared with the auth server: their checks are in grant-store-redis's SettingsTest. */
class KeygateGatewayPropertiesTest {

	@Test
	void signinWhenMaxAuthAgeNotPositiveThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeygateGatewayProperties.Signin("keygate", "http://issuer", "hwk", Duration.ZERO,
					Duration.ofMinutes(30), Duration.ofHours(8), "sub", "org"))
			.withMessageContaining("max-auth-age");
	}

	@Test
	void signinWhenRequiredAmrBlankThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeygateGatewayProperties.Signin("keygate", "http://issuer", " ", Duration.ofMinutes(5),
					Duration.ofMinutes(30), Duration.ofHours(8), "sub", "org"))
			.withMessageContaining("required-amr");
	}

}
