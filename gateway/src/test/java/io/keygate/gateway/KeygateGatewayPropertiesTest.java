package io.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class KeygateGatewayPropertiesTest {

	@Test
	void storeWhenRedisWithoutUrlThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeygateGatewayProperties.Store(KeygateGatewayProperties.StoreKind.REDIS, null, "keygate"))
			.withMessageContaining("keygate.gateway.store.redis-url");
	}

	@Test
	void storeWhenKeyPrefixHasSeparatorThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeygateGatewayProperties.Store(KeygateGatewayProperties.StoreKind.REDIS, "redis://127.0.0.1",
					"keygate:"))
			.withMessageContaining("keygate.gateway.store.key-prefix");
	}

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
	void auditWhenMaxLengthTooSmallThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeygateGatewayProperties.Audit(KeygateGatewayProperties.AuditSinkKind.REDIS_STREAM, null,
					"s", 10))
			.withMessageContaining("max-length");
	}

}
