package io.keygate.gateway.session.shared;

import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.gateway.session.BrowserSessionEnd;
import io.keygate.gateway.session.LiveSessionRegistry;
import io.keygate.grantstore.redis.IntegrityAlarm;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.IntegrityViolation;
import io.keygate.policy.decision.DenyReason;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * "Browser session X ended", between the gateway instances: one instance signs a browser session out
 * (logout, a back-channel logout token, the absolute limit) and publishes this, signed with the
 * installation's integrity keys like the revocation channel; every instance closes the WebSockets and
 * streams that session opened through it. Anyone who can reach Redis can publish, so a message that
 * does not verify ends nothing and is raised as an integrity violation; a verified one older than a
 * minute is a replay and is ignored (the session it names is gone anyway).
 * <p>
 * Fail closed: while this instance cannot hear the channel (connection lost), a session ended
 * elsewhere could keep its live sessions here, so every live session here is closed at once, as
 * the revocation feed does when it is lost.
 */
final class BrowserSessionEndFeed implements BrowserSessionEnd.Announcement, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BrowserSessionEndFeed.class);

	static final String PURPOSE = "keygate-gateway-browser-session-ended";

	static final Duration MAX_MESSAGE_AGE = Duration.ofSeconds(60);

	private final RedisClient client;

	private final String channel;

	private final IntegrityKeys keys;

	private final LiveSessionRegistry registry;

	private final IntegrityAlarm alarm;

	private final Clock clock;

	private volatile StatefulRedisPubSubConnection<String, String> subscription;

	private volatile StatefulRedisConnection<String, String> publisher;

	private volatile Disposable opening;

	/** Set by {@link #close()}: our own disconnect at shutdown is no lost channel. */
	private volatile boolean closed;

	BrowserSessionEndFeed(RedisClient client, String channel, IntegrityKeys keys, LiveSessionRegistry registry,
			IntegrityAlarm alarm, Clock clock) {
		this.client = Objects.requireNonNull(client, "client cannot be null");
		this.channel = Objects.requireNonNull(channel, "channel cannot be null");
		this.keys = Objects.requireNonNull(keys, "keys cannot be null");
		this.registry = Objects.requireNonNull(registry, "registry cannot be null");
		this.alarm = Objects.requireNonNull(alarm, "alarm cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/**
	 * Subscribes, now or (Redis unreachable at start) by retrying every second: Lettuce re-subscribes by
	 * itself after a reconnect, but cannot open the first connection during an outage. Meanwhile the
	 * revocation feed is lost too, so this instance holds no live session and allows none.
	 */
	BrowserSessionEndFeed start() {
		this.opening = Mono.fromRunnable(this::open)
			.subscribeOn(Schedulers.boundedElastic())
			.retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofSeconds(1))
				.doBeforeRetry(signal -> log.debug("Browser session end channel: Redis not reachable yet", signal.failure())))
			.subscribe();
		return this;
	}

	private synchronized void open() {
		if (this.subscription != null) {
			return;
		}
		StatefulRedisPubSubConnection<String, String> feed = this.client.connectPubSub();
		try {
			feed.addListener(new Messages());
			feed.addListener(new ConnectionState());
			feed.sync().subscribe(this.channel);
			this.publisher = this.client.connect();
		}
		catch (RuntimeException ex) {
			closeQuietly(feed);
			throw ex;
		}
		this.subscription = feed;
		log.info("Browser session end channel {} subscribed", this.channel);
	}

	@Override
	public void announce(String browserSession) {
		String at = Long.toString(this.clock.millis());
		IntegrityKeys.Signature signature = this.keys.sign(PURPOSE, List.of(browserSession, at));
		String message = String.join(" ", signature.keyId(), signature.mac(), browserSession, at);
		StatefulRedisConnection<String, String> connection = this.publisher;
		if (connection == null) {
			log.warn("Browser session end not announced (no connection to Redis): other instances close its live sessions"
					+ " when they lose the channel");
			return;
		}
		// Not awaited: the sign-out itself is done here; an instance that misses the message has lost the channel
		// and has closed every live session it held.
		connection.async().publish(this.channel, message).whenComplete((receivers, ex) -> {
			if (ex != null) {
				log.warn("Browser session end could not be announced to the other gateway instances: {}", ex.toString());
			}
		});
	}

	void heard(String message) {
		String[] parts = message.split(" ", -1);
		IntegrityKeys.Verdict verdict = parts.length != 4 ? IntegrityKeys.Verdict.MISSING
				: this.keys.verify(PURPOSE, List.of(parts[2], parts[3]), parts[0], parts[1]);
		if (verdict != IntegrityKeys.Verdict.VALID) {
			refuse("browser session end message " + verdict, message);
			return;
		}
		Instant at;
		try {
			at = Instant.ofEpochMilli(Long.parseLong(parts[3]));
		}
		catch (NumberFormatException ex) {
			refuse("browser session end message with an unreadable time", message);
			return;
		}
		Instant now = this.clock.instant();
		if (at.isBefore(now.minus(MAX_MESSAGE_AGE)) || at.isAfter(now.plus(MAX_MESSAGE_AGE))) {
			refuse("signed browser session end message published at " + at + " replayed", message);
			return;
		}
		int closed = this.registry.endBrowserSession(parts[2], DenyReason.SIGNED_OUT);
		if (closed > 0) {
			log.info("A browser session ended on another gateway instance: closed its {} live session(s) here", closed);
		}
	}

	private void refuse(String problem, String message) {
		log.error("Refused on {}: {}", this.channel, problem);
		this.alarm.raised(new IntegrityViolation(IntegrityViolation.Record.BROWSER_SESSION, this.channel, problem,
				message));
	}

	@Override
	public void close() {
		this.closed = true;
		Disposable pending = this.opening;
		if (pending != null) {
			pending.dispose();
		}
		closeQuietly(this.subscription);
		closeQuietly(this.publisher);
		this.client.shutdown();
	}

	private static void closeQuietly(AutoCloseable closeable) {
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

	private final class Messages extends RedisPubSubAdapter<String, String> {

		@Override
		public void message(String channel, String message) {
			if (BrowserSessionEndFeed.this.channel.equals(channel)) {
				heard(message);
			}
		}

	}

	private final class ConnectionState implements RedisConnectionStateListener {

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (BrowserSessionEndFeed.this.closed) {
				return;
			}
			int closed = BrowserSessionEndFeed.this.registry.endAll(DenyReason.STORE_UNAVAILABLE);
			log.warn("Browser session end channel lost: closed {} live session(s) here, as sign-outs elsewhere may be missed",
					closed);
		}

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
			log.debug("Browser session end channel connection to {} is back", socketAddress);
		}

	}

}
