package io.keygate.grantstore.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.keygate.policy.Names;
import io.keygate.policy.live.LiveSessionBoard;
import io.keygate.policy.live.LiveSessionReport;
import io.keygate.policy.live.LiveStoreUnavailableException;
import io.keygate.policy.live.SessionTermination;
import io.keygate.policy.presence.GatewayInstance;
import io.keygate.policy.presence.GatewayPresence;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway presence and live sessions of the distributed mode, in the Redis the grant store uses.
 * Each gateway's heartbeat and its live-session snapshot are one key each, with a TTL of
 * {@code forgetAfter}: a gateway that died is shown as silent (its last heartbeat is old) for that
 * long, then forgotten (its key expires, and the next read drops it from the index). Being shown as
 * silent never rests on Redis expiring anything: callers compare the heartbeat with the clock.
 * <p>
 * A termination is pushed to its gateway's list and published on one channel: the gateway acts on
 * the message at once, and finds any it missed (it was reconnecting) in the list on its next
 * heartbeat. Every record is signed ({@link LiveRecordCodec}); one that fails verification is
 * dropped and reported to the integrity alarm.
 * <p>
 * Keys and the channel are under {@code {<keyPrefix>}:live:}, which the deployment's ACL opens to
 * the gateways' user (read-write) besides its read-only access to the grant keys.
 * <p>
 * Operations are synchronous with the client's command timeout; a failure throws
 * {@link LiveStoreUnavailableException}. Nothing here is on a request's path.
 */
public final class RedisGatewayPresence implements GatewayPresence, LiveSessionBoard, AutoCloseable {

	/** How long a silent gateway (and what it last reported) is remembered by default. */
	public static final Duration DEFAULT_FORGET_AFTER = Duration.ofHours(24);

	/** Terminations kept per gateway for a heartbeat that missed the message. */
	static final int KEPT_TERMINATIONS = 1024;

	private static final Logger log = LoggerFactory.getLogger(RedisGatewayPresence.class);

	private final RedisClient client;

	private final String base;

	private final String channel;

	private final Duration forgetAfter;

	private final LiveRecordCodec codec;

	private final IntegrityAlarm alarm;

	private final List<AutoCloseable> subscriptions = new CopyOnWriteArrayList<>();

	private volatile StatefulRedisConnection<String, String> connection;

	public RedisGatewayPresence(RedisURI uri, String keyPrefix, Duration forgetAfter, StoreIntegrity integrity) {
		this(uri, RedisTls.jvmDefault(), keyPrefix, forgetAfter, integrity);
	}

	/** Like {@link #RedisGatewayPresence(RedisURI, String, Duration, StoreIntegrity)}, trusting {@code tls}'s CA for {@code rediss://}. */
	public RedisGatewayPresence(RedisURI uri, RedisTls tls, String keyPrefix, Duration forgetAfter, StoreIntegrity integrity) {
		Names.requireToken(keyPrefix, "gateway presence key prefix");
		RedisClients.requirePositive(forgetAfter, "gateway presence forget-after");
		this.forgetAfter = forgetAfter;
		// One namespace for all of it: the gateways' Redis user may write here and nowhere else of
		// the installation's keys (infra/README.md: ~{keygate}:live:* &{keygate}:live:*).
		this.base = "{" + keyPrefix + "}:live:";
		this.channel = this.base + "terminations";
		Objects.requireNonNull(integrity, "integrity cannot be null");
		this.codec = new LiveRecordCodec(integrity.keys());
		this.alarm = integrity.alarm();
		this.client = RedisClients.owned(uri, tls, keyPrefix, RedisGrantStore.DEFAULT_COMMAND_TIMEOUT);
	}

	@Override
	public void heartbeat(GatewayInstance instance) {
		String id = Names.requireToken(instance.id(), "gateway instance id");
		String key = instanceKey(id);
		run("heartbeat of " + id, redis -> {
			redis.set(key, this.codec.instance(key, instance), SetArgs.Builder.px(this.forgetAfter.toMillis()));
			redis.sadd(index(), id);
			return null;
		});
	}

	@Override
	public List<GatewayInstance> instances() {
		return run("gateway instances", redis -> {
			List<GatewayInstance> instances = new ArrayList<>();
			for (String id : redis.smembers(index())) {
				String key = instanceKey(id);
				String stored = redis.get(key);
				if (stored == null) {
					// Silent for longer than forgetAfter: its key expired; drop it from the index too.
					redis.srem(index(), id);
					continue;
				}
				try {
					instances.add(this.codec.instance(key, stored));
				}
				catch (SignedRecords.TamperedException | RuntimeException ex) {
					violation(key, ex, stored);
				}
			}
			instances.sort(Comparator.comparing(GatewayInstance::id));
			return instances;
		});
	}

	@Override
	public void report(String gatewayInstance, List<LiveSessionReport> sessions) {
		String id = Names.requireToken(gatewayInstance, "gateway instance id");
		String key = sessionsKey(id);
		run("live sessions of " + id, redis -> redis.set(key, this.codec.sessions(key, sessions),
				SetArgs.Builder.px(this.forgetAfter.toMillis())));
	}

	@Override
	public List<LiveSessionReport> sessions() {
		return run("live sessions", redis -> {
			List<LiveSessionReport> all = new ArrayList<>();
			Set<String> ids = redis.smembers(index());
			for (String id : ids) {
				String key = sessionsKey(id);
				String stored = redis.get(key);
				if (stored == null) {
					continue;
				}
				try {
					all.addAll(this.codec.sessions(key, stored));
				}
				catch (SignedRecords.TamperedException | RuntimeException ex) {
					violation(key, ex, stored);
				}
			}
			all.sort(Comparator.comparing(LiveSessionReport::started).thenComparing(LiveSessionReport::id));
			return all;
		});
	}

	@Override
	public void terminate(SessionTermination termination) {
		String id = Names.requireToken(termination.gatewayInstance(), "gateway instance id");
		String key = terminationsKey(id);
		run("termination on " + id, redis -> {
			redis.rpush(key, this.codec.termination(key, termination));
			redis.ltrim(key, -KEPT_TERMINATIONS, -1);
			redis.pexpire(key, this.forgetAfter.toMillis());
			redis.publish(this.channel, this.codec.termination(this.channel, termination));
			return null;
		});
	}

	@Override
	public List<SessionTermination> pendingTerminations(String gatewayInstance) {
		String key = terminationsKey(Names.requireToken(gatewayInstance, "gateway instance id"));
		return run("terminations of " + gatewayInstance, redis -> {
			List<SessionTermination> pending = new ArrayList<>();
			for (String stored : redis.lrange(key, 0, -1)) {
				try {
					pending.add(this.codec.termination(key, stored));
				}
				catch (SignedRecords.TamperedException | RuntimeException ex) {
					violation(key, ex, stored);
				}
			}
			return pending;
		});
	}

	/**
	 * Subscribes to the termination channel; Lettuce re-subscribes after a reconnect, and what is
	 * published meanwhile is found by {@link #pendingTerminations} on the next heartbeat.
	 */
	@Override
	public AutoCloseable onTermination(String gatewayInstance, Consumer<SessionTermination> listener) {
		Objects.requireNonNull(listener, "listener cannot be null");
		String id = Names.requireToken(gatewayInstance, "gateway instance id");
		StatefulRedisPubSubConnection<String, String> pubSub;
		try {
			pubSub = this.client.connectPubSub();
		}
		catch (RuntimeException ex) {
			throw new LiveStoreUnavailableException("cannot subscribe to " + this.channel + ": " + ex.getMessage(), ex);
		}
		pubSub.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				if (!RedisGatewayPresence.this.channel.equals(channel)) {
					return;
				}
				SessionTermination termination;
				try {
					termination = RedisGatewayPresence.this.codec.termination(channel, message);
				}
				catch (SignedRecords.TamperedException | RuntimeException ex) {
					violation(channel, ex, message);
					return;
				}
				if (termination.gatewayInstance().equals(id)) {
					listener.accept(termination);
				}
			}
		});
		try {
			pubSub.sync().subscribe(this.channel);
		}
		catch (RuntimeException ex) {
			RedisClients.closeQuietly(pubSub);
			throw new LiveStoreUnavailableException("cannot subscribe to " + this.channel + ": " + ex.getMessage(), ex);
		}
		AutoCloseable subscription = pubSub::close;
		this.subscriptions.add(subscription);
		return () -> {
			this.subscriptions.remove(subscription);
			RedisClients.closeQuietly(subscription);
		};
	}

	@Override
	public void close() {
		this.subscriptions.forEach(RedisClients::closeQuietly);
		RedisClients.closeQuietly(this.connection);
		RedisClients.shutdown(this.client);
	}

	private String index() {
		return this.base + "gateways";
	}

	private String instanceKey(String id) {
		return this.base + "gateway:" + id;
	}

	private String sessionsKey(String id) {
		return this.base + "sessions:" + id;
	}

	private String terminationsKey(String id) {
		return this.base + "pending:" + id;
	}

	private void violation(String key, Exception ex, String raw) {
		log.error("Dropped a {} record that failed verification: {}", key, ex.getMessage());
		this.alarm.raised(new IntegrityViolation(IntegrityViolation.Record.LIVE_SESSIONS, key, ex.getMessage(), raw));
	}

	private <T> T run(String what, java.util.function.Function<RedisCommands<String, String>, T> command) {
		try {
			return command.apply(connection().sync());
		}
		catch (RuntimeException ex) {
			throw new LiveStoreUnavailableException(what + ": " + ex.getMessage(), ex);
		}
	}

	/** Opened on first use and kept (Lettuce reconnects it), so a gateway started while Redis is down recovers. */
	private StatefulRedisConnection<String, String> connection() {
		StatefulRedisConnection<String, String> open = this.connection;
		if (open != null) {
			return open;
		}
		synchronized (this) {
			if (this.connection == null) {
				this.connection = this.client.connect();
			}
			return this.connection;
		}
	}

}
