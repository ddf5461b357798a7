package io.keygate.grantstore.redis;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.keygate.policy.grant.RevocationDispatch;
import io.keygate.policy.grant.RevocationEvent;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocation channel of one installation, as the Redis grant store hears it: messages become
 * {@link RevocationDispatch#revoked}, and the health of the subscription becomes
 * {@code feedLost}/{@code feedRestored}. Lost as soon as the connection drops or a PING on it goes
 * unanswered (a hung Redis, a partition without RST); restored only once Redis has confirmed the
 * re-subscription, or answers again on the connection that never dropped.
 */
final class RevocationFeed implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RevocationFeed.class);

	private final String channel;

	private final Duration commandTimeout;

	private final RevocationDispatch dispatch;

	private volatile StatefulRedisPubSubConnection<String, String> pubSub;

	private volatile boolean up;

	/** Set while the feed is considered lost because a PING went unanswered. */
	private volatile boolean silent;

	/** Counts drops of the feed's connection. */
	private final AtomicLong disconnects = new AtomicLong();

	/** Where a message that fails verification is reported (logged and alarmed by the store). */
	@FunctionalInterface
	interface Violations {

		void report(IntegrityViolation.Record record, String key, String problem, String raw);

	}

	/**
	 * How old a signed message may be. Pub/sub delivers at once, so an older one is a replay of a genuine
	 * message (e.g. "revoke everything of alice", replayed to close the sessions of her later grants):
	 * it only makes caches read again. Generous, for clock skew between the auth server and the gateways.
	 */
	static final Duration MAX_MESSAGE_AGE = Duration.ofSeconds(60);

	private final SignedRecords signed;

	private final Violations violations;

	private final java.time.Clock clock;

	RevocationFeed(String channel, Duration commandTimeout, RevocationDispatch dispatch, SignedRecords signed,
			Violations violations, java.time.Clock clock) {
		this.channel = channel;
		this.commandTimeout = commandTimeout;
		this.dispatch = dispatch;
		this.signed = signed;
		this.violations = violations;
		this.clock = clock;
	}

	/** Opens the feed's connection and subscribes; throws Lettuce's exception when Redis cannot be reached. */
	void open(RedisClient client) {
		StatefulRedisPubSubConnection<String, String> feed = client.connectPubSub();
		try {
			feed.setTimeout(this.commandTimeout);
			feed.addListener(new Messages());
			feed.addListener(new ConnectionState());
			feed.sync().subscribe(this.channel);
		}
		catch (RuntimeException ex) {
			RedisClients.closeQuietly(feed);
			throw ex;
		}
		this.pubSub = feed;
	}

	boolean isUp() {
		StatefulRedisPubSubConnection<String, String> feed = this.pubSub;
		return this.up && feed != null && feed.isOpen();
	}

	/**
	 * One PING on the feed's connection. Unanswered: the feed is reported lost (caches stop trusting
	 * themselves). Answered again on a connection Lettuce never dropped: the subscription survived and
	 * nothing published was lost (pub/sub messages and the PING share the connection and its order),
	 * so the feed is back. Had the connection dropped, Lettuce re-subscribes and {@code subscribed}
	 * reports the feed back instead.
	 */
	void check() {
		StatefulRedisPubSubConnection<String, String> feed = this.pubSub;
		if (feed == null || !feed.isOpen()) {
			return;
		}
		long generation = this.disconnects.get();
		try {
			feed.async().ping().toCompletableFuture().get(this.commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
			// Only if no disconnect happened since the PING was sent: then Lettuce's re-subscription decides.
			if (this.silent && this.disconnects.get() == generation) {
				this.silent = false;
				this.up = true;
				log.info("Revocation feed {} answers again", this.channel);
				this.dispatch.feedRestored();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			if (!this.silent) {
				this.silent = true;
				lost("no answer to PING: " + ex);
			}
		}
	}

	@Override
	public void close() {
		this.up = false;
		RedisClients.closeQuietly(this.pubSub);
	}

	private void lost(String why) {
		if (this.up) {
			this.up = false;
			log.warn("Revocation feed {} lost ({}): caches must not be trusted until it is back", this.channel, why);
		}
		// Always tell listeners (idempotent for them): a missed feedLost would let a cache serve stale grants.
		this.dispatch.feedLost();
	}

	/** Messages and subscription confirmations of the revocation channel. */
	private final class Messages extends RedisPubSubAdapter<String, String> {

		@Override
		public void message(String channel, String message) {
			if (!RevocationFeed.this.channel.equals(channel)) {
				return;
			}
			String body;
			try {
				body = RevocationFeed.this.signed.verifiedMessageBody(message);
			}
			catch (SignedRecords.TamperedException ex) {
				// Anyone who can reach Redis can PUBLISH. A message we cannot verify ends nothing and stops
				// nothing (no session closed, no feed-lost that would close them all): caches read the store
				// again, where the signed truth is, and that is all a forger gets.
				RevocationFeed.this.violations.report(IntegrityViolation.Record.REVOCATION_MESSAGE, channel, ex.getMessage(),
						message);
				RevocationFeed.this.dispatch.reread();
				return;
			}
			RevocationEvent event;
			try {
				event = RedisGrantCodec.event(body);
			}
			catch (RuntimeException ex) {
				// Signed by Keygate, so something was revoked, but we cannot tell what: make every cache forget everything.
				log.error("Unreadable signed revocation message on {}: treating it as a lost feed", channel, ex);
				RevocationFeed.this.dispatch.feedLost();
				RevocationFeed.this.dispatch.feedRestored();
				return;
			}
			if (event.at().isBefore(RevocationFeed.this.clock.instant().minus(MAX_MESSAGE_AGE))) {
				RevocationFeed.this.violations.report(IntegrityViolation.Record.REVOCATION_MESSAGE, channel,
						"signed revocation message published at " + event.at() + " replayed", message);
				RevocationFeed.this.dispatch.reread();
				return;
			}
			RevocationFeed.this.dispatch.revoked(event);
		}

		/** Redis confirmed the subscription: at first, and again after every reconnect (Lettuce re-subscribes). */
		@Override
		public void subscribed(String channel, long count) {
			if (!RevocationFeed.this.channel.equals(channel)) {
				return;
			}
			boolean wasDown = !RevocationFeed.this.up;
			RevocationFeed.this.silent = false;
			RevocationFeed.this.up = true;
			if (wasDown) {
				log.info("Revocation feed {} subscribed", channel);
			}
			RevocationFeed.this.dispatch.feedRestored();
		}

	}

	/** Connection state of the pub/sub connection: a drop means revocations may be missed from now on. */
	private final class ConnectionState implements RedisConnectionStateListener {

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			RevocationFeed.this.disconnects.incrementAndGet();
			lost("disconnected");
		}

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
			// Connected is not subscribed: feedRestored waits for the subscription confirmation.
			log.debug("Revocation feed connection to {} is back; waiting for the re-subscription", socketAddress);
		}

	}

}
