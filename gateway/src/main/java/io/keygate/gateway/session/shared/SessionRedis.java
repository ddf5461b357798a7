package io.keygate.gateway.session.shared;

import java.time.Duration;

import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.RedisClients;
import io.keygate.grantstore.redis.RedisTls;
import io.lettuce.core.RedisURI;

/**
 * The Spring Data Redis connection Spring Session needs (its repository speaks
 * {@code ReactiveRedisOperations}), built from the grant store's settings so that sessions use the
 * same Redis, ACL user, TLS trust and failure behaviour as everything else: commands are refused at
 * once while disconnected (a request then finds no session and is signed out) instead of queueing.
 * Not a bean of its own, so nothing else in the context can pick up a Redis connection factory.
 */
final class SessionRedis implements AutoCloseable {

	/** How long a session read or write may take before the request is treated as signed out. */
	static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	private final LettuceConnectionFactory factory;

	private SessionRedis(LettuceConnectionFactory factory) {
		this.factory = factory;
	}

	static SessionRedis open(GrantStoreSettings settings) {
		RedisURI uri = RedisURI.create(settings.redisUrl());
		RedisTls.requireFullVerification(uri);
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.apply(uri)
			.clientOptions(RedisTls.of(settings).apply(RedisClients.clientOptions(COMMAND_TIMEOUT)))
			.commandTimeout(COMMAND_TIMEOUT)
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				LettuceConnectionFactory.createRedisConfiguration(uri), client);
		// Connect lazily: a gateway starts (and signs everyone out) while Redis is down, like the grant store.
		factory.setEagerInitialization(false);
		factory.afterPropertiesSet();
		factory.start();
		return new SessionRedis(factory);
	}

	LettuceConnectionFactory factory() {
		return this.factory;
	}

	@Override
	public void close() {
		this.factory.destroy();
	}

}
