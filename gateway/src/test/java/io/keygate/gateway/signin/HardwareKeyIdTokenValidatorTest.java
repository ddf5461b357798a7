package io.keygate.gateway.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

class HardwareKeyIdTokenValidatorTest {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private final HardwareKeyIdTokenValidator validator = new HardwareKeyIdTokenValidator("https://auth.test", "hwk",
			Duration.ofMinutes(10), Clock.fixed(NOW, ZoneOffset.UTC));

	private static Jwt token(Consumer<Jwt.Builder> change) {
		Jwt.Builder builder = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.issuer("https://auth.test")
			.subject("alice")
			.issuedAt(NOW.minusSeconds(5))
			.expiresAt(NOW.plusSeconds(300))
			.claim("amr", List.of("hwk", "pin"))
			.claim("auth_time", NOW.minusSeconds(60));
		change.accept(builder);
		return builder.build();
	}

	private static String error(OAuth2TokenValidatorResult result) {
		assertThat(result.hasErrors()).isTrue();
		return result.getErrors().iterator().next().getDescription();
	}

	@Test
	void validateWhenHardwareKeyAndRecentThenAccepted() {
		assertThat(this.validator.validate(token(b -> {
		})).hasErrors()).isFalse();
	}

	@Test
	void validateWhenOtherIssuerThenRefused() {
		assertThat(error(this.validator.validate(token(b -> b.issuer("https://evil.test"))))).contains("issuer");
	}

	@Test
	void validateWhenAmrLacksHardwareKeyThenRefused() {
		assertThat(error(this.validator.validate(token(b -> b.claim("amr", List.of("pwd", "otp")))))).contains("hardware");
	}

	@Test
	void validateWhenNoAmrThenRefused() {
		assertThat(error(this.validator.validate(token(b -> b.claims(claims -> claims.remove("amr")))))).contains("hardware");
	}

	@Test
	void validateWhenAmrIsAStringNotAListThenRefused() {
		assertThat(error(this.validator.validate(token(b -> b.claim("amr", "hwk"))))).contains("hardware");
	}

	@Test
	void validateWhenNoAuthTimeThenRefused() {
		assertThat(error(this.validator.validate(token(b -> b.claims(claims -> claims.remove("auth_time")))))).contains("auth_time");
	}

	@Test
	void validateWhenAuthTimeOlderThanMaxAgeThenRefused() {
		assertThat(error(this.validator.validate(token(b -> b.claim("auth_time", NOW.minus(Duration.ofMinutes(11)))))))
			.contains("too old");
	}

	@Test
	void validateWhenAuthTimeInTheFutureThenRefused() {
		assertThat(error(this.validator.validate(token(b -> b.claim("auth_time", NOW.plus(Duration.ofMinutes(5)))))))
			.contains("future");
	}

	@Test
	void validateWhenAuthTimeIsEpochSecondsThenRead() {
		assertThat(this.validator.validate(token(b -> b.claim("auth_time", NOW.minusSeconds(30).getEpochSecond()))).hasErrors())
			.isFalse();
	}

}
