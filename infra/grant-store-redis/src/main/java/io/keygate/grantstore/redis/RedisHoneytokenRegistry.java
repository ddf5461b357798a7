package io.keygate.grantstore.redis;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.policy.Names;
import io.keygate.policy.decoy.HoneytokenRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The distributed mode's honeytoken hashes: one Redis hash {@code {prefix}:honeytokens}, token hash
 * to {@code id|keyId|mac}, written by the auth server and read by every gateway. A gateway never
 * asks Redis on a request: it keeps a copy refreshed every {@code refresh} (a new token is live at
 * the gateways within that; a revoked one may trip for that long, which errs on the side of an
 * alert). Entries are signed with the grant store's integrity keys: a forged entry would let
 * whoever can write Redis get an innocent person cut off by making their ordinary credential a
 * "honeytoken", so one that does not verify is ignored and reported.
 * <p>
 * When Redis cannot be read the last copy is kept: tokens do not stop tripping because the store
 * is away.
 */
public final class RedisHoneytokenRegistry implements HoneytokenRegistry, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisHoneytokenRegistry.class);

	private static final String PURPOSE = "honeytoken";

	private final RedisClient client;

	private final String key;

	private final IntegrityKeys keys;

	private final ScheduledExecutorService refresher;

	private volatile StatefulRedisConnection<String, String> connection;

	private volatile Map<String, String> copy = Map.of();

	public RedisHoneytokenRegistry(RedisURI uri, String keyPrefix, IntegrityKeys keys, Duration refresh) {
		this(uri, RedisTls.jvmDefault(), keyPrefix, keys, refresh);
	}

	/** Trusting {@code tls}'s CA for {@code rediss://}. */
	public RedisHoneytokenRegistry(RedisURI uri, RedisTls tls, String keyPrefix, IntegrityKeys keys, Duration refresh) {
		Names.requireToken(keyPrefix, "honeytoken key prefix");
		this.keys = Objects.requireNonNull(keys, "keys cannot be null");
		RedisClients.requirePositive(refresh, "honeytoken refresh interval");
		this.client = RedisClients.owned(uri, tls, keyPrefix, Duration.ofSeconds(2));
		this.key = "{" + keyPrefix + "}:honeytokens";
		this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "keygate-honeytokens-" + keyPrefix);
			thread.setDaemon(true);
			return thread;
		});
		refresh();
		this.refresher.scheduleWithFixedDelay(this::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public Optional<String> idOf(String hash) {
		return hash == null ? Optional.empty() : Optional.ofNullable(this.copy.get(hash));
	}

	@Override
	public boolean isEmpty() {
		return this.copy.isEmpty();
	}

	@Override
	public Map<String, String> all() {
		return this.copy;
	}

	@Override
	public void plant(String id, String hash) {
		Names.requireToken(id, "honeytoken id");
		IntegrityKeys.Signature signature = this.keys.sign(PURPOSE, List.of(hash, id));
		connection().sync().hset(this.key, hash, id + "|" + signature.keyId() + "|" + signature.mac());
		refresh();
	}

	@Override
	public void remove(String hash) {
		connection().sync().hdel(this.key, hash);
		refresh();
	}

	/** Re-reads the hash; keeps the last copy when Redis cannot be read. */
	public void refresh() {
		try {
			Map<String, String> raw = connection().sync().hgetall(this.key);
			Map<String, String> verified = new HashMap<>();
			raw.forEach((hash, value) -> {
				String[] parts = value.split("\\|", 3);
				if (parts.length == 3
						&& this.keys.verify(PURPOSE, List.of(hash, parts[0]), parts[1], parts[2]) == IntegrityKeys.Verdict.VALID) {
					verified.put(hash, parts[0]);
				}
				else {
					log.error("Honeytoken entry {} in {} is not signed by Keygate's integrity keys: ignored (someone who can"
							+ " write Redis tried to plant it)", hash, this.key);
				}
			});
			this.copy = Map.copyOf(verified);
		}
		catch (RuntimeException ex) {
			log.warn("Honeytokens cannot be read from Redis; keeping the {} known: {}", this.copy.size(), ex.toString());
		}
	}

	private synchronized StatefulRedisConnection<String, String> connection() {
		if (this.connection == null) {
			this.connection = this.client.connect();
		}
		return this.connection;
	}

	@Override
	public void close() {
		this.refresher.shutdownNow();
		if (this.connection != null) {
			this.connection.close();
		}
		this.client.shutdown();
	}

}
