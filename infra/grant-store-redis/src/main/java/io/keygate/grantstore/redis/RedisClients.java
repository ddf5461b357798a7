package io.keygate.grantstore.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.keygate.policy.Names;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Lettuce clients Keygate's Redis pieces use: fail fast while disconnected, reconnect by themselves. */
public final class RedisClients {

	private static final Logger log = LoggerFactory.getLogger(RedisClients.class);

	private RedisClients() {
	}

	/**
	 * Client options the store relies on: reconnect automatically, reject commands at once while
	 * disconnected (fail fast and deny rather than queue), time every command out after
	 * {@code commandTimeout}, connect within twice that, and TCP keep-alive to notice dead peers.
	 */
	public static ClientOptions clientOptions(Duration commandTimeout) {
		return ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(commandTimeout))
			.socketOptions(SocketOptions.builder().connectTimeout(commandTimeout.multipliedBy(2)).keepAlive(true).build())
			.build();
	}

	/** A client of the store's own, with {@link #clientOptions(Duration)}, reconnecting every second at most. */
	static RedisClient owned(RedisURI uri, String keyPrefix, Duration commandTimeout) {
		return owned(uri, RedisTls.jvmDefault(), keyPrefix, commandTimeout);
	}

	/** Like {@link #owned(RedisURI, String, Duration)}, trusting {@code tls}'s CA for {@code rediss://}. */
	static RedisClient owned(RedisURI uri, RedisTls tls, String keyPrefix, Duration commandTimeout) {
		Objects.requireNonNull(uri, "uri cannot be null");
		Objects.requireNonNull(tls, "tls cannot be null");
		RedisTls.requireFullVerification(uri);
		// Checked before threads are started for the client, so that a bad argument leaks none.
		Names.requireToken(keyPrefix, "grant store key prefix");
		requirePositive(commandTimeout, "grant store command timeout");
		// Reconnect attempts back off to at most one second: a grant store that is back should be used
		// again within a second, and one attempt a second per gateway costs Redis nothing.
		ClientResources resources = ClientResources.builder()
			.reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
			.ioThreadPoolSize(2)
			.computationThreadPoolSize(2)
			.build();
		RedisClient client = RedisClient.create(resources, uri);
		client.setOptions(tls.apply(clientOptions(commandTimeout)));
		return client;
	}

	/**
	 * A client for {@code uri} with {@link #clientOptions(Duration)} and {@code tls}'s CA, on Lettuce's
	 * default resources (for the callers that made their own client before: the audit stream).
	 */
	public static RedisClient create(RedisURI uri, RedisTls tls, Duration commandTimeout) {
		RedisTls.requireFullVerification(uri);
		RedisClient client = RedisClient.create(uri);
		client.setOptions(tls.apply(clientOptions(commandTimeout)));
		return client;
	}

	static void requirePositive(Duration value, String what) {
		Objects.requireNonNull(value, what + " cannot be null");
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(what + " must be positive: " + value);
		}
	}

	static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			log.debug("Closing {} failed", closeable, ex);
		}
	}

	static void shutdown(RedisClient client) {
		ClientResources resources = client.getResources();
		try {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			resources.shutdown(0, 2, TimeUnit.SECONDS);
		}
		catch (RuntimeException ex) {
			log.debug("Shutting the Redis client down failed", ex);
		}
	}

}
