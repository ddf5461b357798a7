package io.keygate.gateway.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Objects;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Accepts an ID token only if it says a hardware key was used ({@code amr} contains the configured
 * value, {@code hwk} by default, RFC 8176 §2) and the person authenticated recently
 * ({@code auth_time} no older than {@code maxAuthAge}), and only if the auth server issued it. A
 * sign-in the auth server remembered from hours ago, or one done without the key, does not open a
 * gateway session.
 */
public final class HardwareKeyIdTokenValidator implements OAuth2TokenValidator<Jwt> {

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private final String issuer;

	private final String requiredAmr;

	private final Duration maxAuthAge;

	private final Clock clock;

	public HardwareKeyIdTokenValidator(String issuer, String requiredAmr, Duration maxAuthAge, Clock clock) {
		this.issuer = Objects.requireNonNull(issuer, "issuer cannot be null");
		this.requiredAmr = Objects.requireNonNull(requiredAmr, "requiredAmr cannot be null");
		this.maxAuthAge = Objects.requireNonNull(maxAuthAge, "maxAuthAge cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		Object iss = token.getClaims().get("iss");
		if (iss == null || !this.issuer.equals(iss.toString())) {
			return failure("ID token from an unexpected issuer");
		}
		Object amr = token.getClaims().get("amr");
		if (!(amr instanceof Collection<?> methods) || !methods.contains(this.requiredAmr)) {
			return failure("sign-in did not use a hardware security key");
		}
		Instant authTime = instant(token.getClaims().get("auth_time"));
		if (authTime == null) {
			return failure("ID token has no auth_time");
		}
		Instant now = this.clock.instant();
		if (authTime.isAfter(now.plus(CLOCK_SKEW))) {
			return failure("auth_time is in the future");
		}
		if (authTime.plus(this.maxAuthAge).isBefore(now)) {
			return failure("sign-in is too old; sign in again with your security key");
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static Instant instant(Object value) {
		if (value instanceof Instant instant) {
			return instant;
		}
		if (value instanceof Date date) {
			return date.toInstant();
		}
		if (value instanceof Number number) {
			return Instant.ofEpochSecond(number.longValue());
		}
		return null;
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_id_token", description, null));
	}

}
