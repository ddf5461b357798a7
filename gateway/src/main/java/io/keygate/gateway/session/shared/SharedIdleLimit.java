package io.keygate.gateway.session.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.keygate.gateway.session.LiveSessionRegistry;
import reactor.core.publisher.Mono;

/**
 * The idle limit of a shared browser session as Redis knows it: Spring Session renews the session
 * key's expiry to the idle limit on every request, on whichever instance serves it, so the key's
 * remaining time to live is how long the session stays valid. An instance whose own idle deadline
 * for the session passed (the browser's requests went elsewhere) asks this before closing the
 * WebSockets and streams the session opened through it. No key (expired, signed out): nothing.
 */
final class SharedIdleLimit implements LiveSessionRegistry.IdleRenewal {

	private final ReactiveStringRedisTemplate redis;

	private final String sessionKeys;

	private final Clock clock;

	/** @param sessionKeys where Spring Session keeps sessions, {@code {prefix}:session:sessions:} */
	SharedIdleLimit(ReactiveStringRedisTemplate redis, String sessionKeys, Clock clock) {
		this.redis = Objects.requireNonNull(redis, "redis cannot be null");
		this.sessionKeys = Objects.requireNonNull(sessionKeys, "sessionKeys cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public Mono<Instant> idleUntil(String browserSession) {
		return this.redis.getExpire(this.sessionKeys + browserSession)
			.filter(left -> !left.isNegative() && !left.isZero())
			.map(left -> this.clock.instant().plus(left))
			.timeout(SessionRedis.COMMAND_TIMEOUT.plus(Duration.ofSeconds(1)));
	}

}
