package io.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

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

	@Test
	void originsWhenNotABareOriginThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeygateGatewayProperties.Origins(URI.create("https://gw.example/keygate"), Map.of()))
			.withMessageContaining("keygate.gateway.origins.public-origin");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeygateGatewayProperties.Origins(null, Map.of("head-end", URI.create("head-end.gw.example"))))
			.withMessageContaining("keygate.gateway.origins.targets.head-end");
	}

	@Test
	void originsWhenTwoTargetsShareAHostOrATargetSharesTheGatewaysThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeygateGatewayProperties.Origins(null, Map.of("head-end", URI.create("https://t.gw.example"),
					"mdm", URI.create("https://T.gw.example:8443"))))
			.withMessageContaining("already serves another target");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeygateGatewayProperties.Origins(URI.create("https://gw.example"),
					Map.of("head-end", URI.create("https://gw.example"))))
			.withMessageContaining("must not be the gateway's public origin");
	}

	@Test
	void requestsWhenFormLimitNegativeThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeygateGatewayProperties.Requests(DataSize.ofBytes(-1), List.of(), List.of(), false,
					DataSize.ofKilobytes(8), DataSize.ofKilobytes(16)))
			.withMessageContaining("max-form-body");
	}

}
