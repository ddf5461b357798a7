package io.keygate.grantstore.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.keygate.policy.Names;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.GrantStoreUnavailableException;
import io.keygate.policy.grant.RevocationDispatch;
import io.keygate.policy.grant.RevocationEvent;
import io.keygate.policy.grant.RevocationListener;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed grant store: live grants in Redis, shared by every gateway, revocations
 * broadcast on Redis pub/sub.
 * <p>
 * Every operation that reads and writes is one Lua script, so a check and the write it guards
 * are atomic (Redis runs a script alone): a put cannot slip between a suspension and the revocation
 * of the organisation's grants. Times come from the injected {@link Clock}, never from Redis: keys
 * carry a TTL of the time left, but every read checks {@code notAfter} itself.
 * <p>
 * Failure behaviour, fail closed: lookups never throw and answer {@link GrantLookup.Unavailable};
 * writes throw {@link GrantStoreUnavailableException}. Commands time out after a short
 * {@code commandTimeout} and are rejected at once while disconnected (no queueing that would
 * answer late), and Lettuce reconnects by itself, so the store recovers without a restart when
 * Redis comes back; a store created while Redis is down denies until it has connected, which it
 * retries by itself. The revocation feed reports {@link RevocationListener#feedLost()} as soon as
 * its connection drops or a PING on it goes unanswered (a hung Redis, a partition without RST), and
 * {@link RevocationListener#feedRestored()} only once Redis has confirmed the re-subscription (or
 * answers again on the connection that never dropped). Listeners are called as
 * {@link RevocationDispatch} says (in order, on a thread of its own, never on Lettuce's I/O threads).
 * <p>
 * Keys live under {@code {<keyPrefix>}:}, one hash tag, so that installations and test runs sharing
 * a Redis never collide and all keys of one installation sit in one cluster slot.
 */
public final class RedisGrantStore implements GrantStore {

	/** Default command timeout: long enough for a loaded Redis, short enough that a dead one is noticed fast. */
	public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);

	/** Default interval of the revocation feed's PING. */
	public static final Duration DEFAULT_FEED_CHECK_INTERVAL = Duration.ofSeconds(1);

	private static final Logger log = LoggerFactory.getLogger(RedisGrantStore.class);

	private static final RedisScript LOOKUP = RedisScript.loadReadOnly("lookup");

	private static final RedisScript PUT = RedisScript.load("put");

	private static final RedisScript REVOKE = RedisScript.load("revoke");

	private static final RedisScript LIVE = RedisScript.loadReadOnly("live");

	private static final RedisScript RESUME = RedisScript.load("resume");

	private final Clock clock;

	private final String base;

	private final String channel;

	private final String[] routingKeys;

	private final RedisClient client;

	private final boolean ownsClient;

	/** Null until the first successful connect; Lettuce reconnects it by itself afterwards. */
	private volatile StatefulRedisConnection<String, String> connection;

	private volatile boolean closed;

	/** Delivers to listeners in order, off Lettuce's I/O thread, so that a slow listener blocks no Redis traffic. */
	private final RevocationDispatch dispatch;

	private final RevocationFeed feed;

	/** PINGs the feed's connection: a silent partition (no RST, no FIN) never fires a disconnect. */
	private final ScheduledExecutorService feedCheck;

	private final Duration commandTimeout;

	/** Signs what this store writes and verifies everything it reads before anyone acts on it. */
	private final SignedRecords signed;

	private final IntegrityAlarm alarm;

	/**
	 * Organisations this store has read a verified suspension of, until it reads a verified lift. A MAC
	 * cannot sign an absence: a suspension record deleted by someone else than Keygate would read as
	 * "never suspended", so this instance keeps believing the suspension it saw (and raises the alarm).
	 */
	private final Set<String> suspensionsSeen = ConcurrentHashMap.newKeySet();

	/** Connects to {@code uri} with {@link #DEFAULT_COMMAND_TIMEOUT}; see {@link #RedisGrantStore(RedisURI, Clock, String, Duration, StoreIntegrity)}. */
	public RedisGrantStore(RedisURI uri, Clock clock, String keyPrefix, StoreIntegrity integrity) {
		this(uri, clock, keyPrefix, DEFAULT_COMMAND_TIMEOUT, integrity);
	}

	/**
	 * Connects to {@code uri} with a client of its own (closed by {@link #close()}), configured by
	 * {@link RedisClients#clientOptions(Duration)} and reconnecting every second at most.
	 * Does not fail when Redis cannot be reached: the store then answers Unavailable and refuses
	 * writes until it connects, which it retries by itself.
	 */
	public RedisGrantStore(RedisURI uri, Clock clock, String keyPrefix, Duration commandTimeout, StoreIntegrity integrity) {
		this(RedisClients.owned(uri, keyPrefix, commandTimeout), true, clock, keyPrefix, commandTimeout, DEFAULT_FEED_CHECK_INTERVAL,
				integrity);
	}

	/** Like {@link #RedisGrantStore(RedisURI, Clock, String, StoreIntegrity)}, trusting {@code tls}'s CA for {@code rediss://}. */
	public RedisGrantStore(RedisURI uri, RedisTls tls, Clock clock, String keyPrefix, StoreIntegrity integrity) {
		this(RedisClients.owned(uri, tls, keyPrefix, DEFAULT_COMMAND_TIMEOUT), true, clock, keyPrefix, DEFAULT_COMMAND_TIMEOUT,
				DEFAULT_FEED_CHECK_INTERVAL, integrity);
	}

	/**
	 * Uses a client of the caller's (not closed by {@link #close()}). Give it
	 * {@link RedisClients#clientOptions(Duration)}, or at least auto-reconnect and
	 * {@link ClientOptions.DisconnectedBehavior#REJECT_COMMANDS}: a client that queues commands
	 * while disconnected makes lookups wait out their timeout instead of failing fast.
	 * Does not fail when Redis cannot be reached: the store then answers Unavailable and refuses
	 * writes until it connects, which it retries by itself.
	 */
	public RedisGrantStore(RedisClient client, Clock clock, String keyPrefix, Duration commandTimeout,
			StoreIntegrity integrity) {
		this(client, false, clock, keyPrefix, commandTimeout, DEFAULT_FEED_CHECK_INTERVAL, integrity);
	}

	/**
	 * Like {@link #RedisGrantStore(RedisURI, Clock, String, Duration)}, with the interval at which the
	 * revocation feed's connection is PINGed: an unanswered PING (within {@code commandTimeout})
	 * reports the feed lost, as a partition that drops no connection would otherwise go unnoticed.
	 */
	public RedisGrantStore(RedisURI uri, Clock clock, String keyPrefix, Duration commandTimeout,
			Duration feedCheckInterval, StoreIntegrity integrity) {
		this(RedisClients.owned(uri, keyPrefix, commandTimeout), true, clock, keyPrefix, commandTimeout, feedCheckInterval,
				integrity);
	}

	private RedisGrantStore(RedisClient client, boolean ownsClient, Clock clock, String keyPrefix,
			Duration commandTimeout, Duration feedCheckInterval, StoreIntegrity integrity) {
		this.client = Objects.requireNonNull(client, "client cannot be null");
		this.ownsClient = ownsClient;
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		Names.requireToken(keyPrefix, "grant store key prefix");
		RedisClients.requirePositive(commandTimeout, "grant store command timeout");
		RedisClients.requirePositive(feedCheckInterval, "revocation feed check interval");
		this.commandTimeout = commandTimeout;
		this.base = "{" + keyPrefix + "}:";
		this.channel = this.base + "revocations";
		Objects.requireNonNull(integrity, "integrity cannot be null");
		this.signed = new SignedRecords(integrity.keys(), this.base);
		this.alarm = integrity.alarm();
		// Cluster routes a script by its first key; every key shares this one's hash tag.
		this.routingKeys = new String[] { this.base + "live" };
		if (!ownsClient && client.getOptions().getDisconnectedBehavior() != ClientOptions.DisconnectedBehavior.REJECT_COMMANDS) {
			log.warn("Redis client for the grant store queues commands while disconnected; lookups will wait out their"
					+ " timeout instead of denying at once. Use RedisClients.clientOptions(...)");
		}
		this.dispatch = new RevocationDispatch(keyPrefix);
		this.feed = new RevocationFeed(this.channel, commandTimeout, this.dispatch, this.signed, this::violation, clock);
		this.feedCheck = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "keygate-revocations-check-" + keyPrefix);
			thread.setDaemon(true);
			return thread;
		});
		if (!connect()) {
			log.warn("Grant store {} cannot reach Redis yet: lookups deny (STORE_UNAVAILABLE) and writes fail until it"
					+ " can; retrying every {}", this.base, feedCheckInterval);
		}
		this.feedCheck.scheduleWithFixedDelay(this::checkFeed, feedCheckInterval.toMillis(), feedCheckInterval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Opens the command and feed connections once. Lettuce keeps reconnecting a connection it has
	 * opened, but cannot open the first one while Redis is down: until then, this is retried by the
	 * feed check, so a gateway started during an outage also recovers by itself.
	 */
	private synchronized boolean connect() {
		if (this.connection != null || this.closed) {
			return this.connection != null;
		}
		StatefulRedisConnection<String, String> commands = null;
		try {
			commands = this.client.connect();
			commands.setTimeout(this.commandTimeout);
			this.feed.open(this.client);
		}
		catch (RedisException ex) {
			RedisClients.closeQuietly(commands);
			log.debug("Grant store {} could not connect to Redis", this.base, ex);
			return false;
		}
		this.connection = commands;
		return true;
	}

	@Override
	public PutResult put(Grant grant) {
		Objects.requireNonNull(grant, "grant cannot be null");
		Instant now = this.clock.instant();
		if (!now.isBefore(grant.notAfter())) {
			return PutResult.ALREADY_EXPIRED;
		}
		List<String> args = new ArrayList<>(common(now));
		args.addAll(this.signed.signedGrant(grant));
		List<Object> reply = command("put " + grant.id(),
				redis -> PUT.run(redis, ScriptOutputType.MULTI, this.routingKeys, args.toArray(String[]::new)));
		String outcome = String.valueOf(reply.get(0));
		if (reply.size() > 1 && reply.get(1) instanceof String previous) {
			log.info("Grant {} superseded grant {} of {} on {}", grant.id(), previous, grant.subject(), grant.targetId());
			publish(RevocationEvent.Scope.GRANT, previous, List.of(previous), "superseded", now);
		}
		return PutResult.valueOf(outcome);
	}

	@Override
	public GrantLookup lookup(String subject, String organisation, String targetId) {
		if (!Names.isToken(subject) || !Names.isToken(organisation) || !Names.isToken(targetId)) {
			// Cannot name a key (and must not: a separator could address another pair); nothing is stored for it.
			return new GrantLookup.Absent();
		}
		Instant now = this.clock.instant();
		try {
			List<String> args = common(now);
			args.add(subject);
			args.add(organisation);
			args.add(targetId);
			StatefulRedisConnection<String, String> redis = this.connection;
			if (redis == null) {
				return new GrantLookup.Unavailable("grant store has not reached Redis yet");
			}
			List<Object> reply = LOOKUP.run(redis.sync(), ScriptOutputType.MULTI, this.routingKeys,
					args.toArray(String[]::new));
			if (suspendedByRecord(reply.get(0), organisation)) {
				return new GrantLookup.Suspended(organisation);
			}
			String kind = String.valueOf(reply.get(1));
			switch (kind) {
				case "LIVE":
					Grant grant;
					try {
						grant = this.signed.verifiedGrant(reply.get(2));
						if (!grant.subject().equals(subject) || !grant.organisation().equals(organisation)
								|| !grant.targetId().equals(targetId)) {
							// A genuine grant of someone else, pointed at by a forged pair key.
							throw new SignedRecords.TamperedException("pair " + subject + "/" + targetId + " of " + organisation
									+ " points at grant " + grant.id() + " of " + grant.subject() + "/" + grant.targetId() + " of "
									+ grant.organisation());
						}
					}
					catch (SignedRecords.TamperedException ex) {
						violation(IntegrityViolation.Record.GRANT, this.base + "pair:" + subject + ":" + targetId, ex.getMessage(),
								String.valueOf(reply.get(2)));
						// No grant: what is not signed by Keygate grants nothing.
						return new GrantLookup.Absent();
					}
					// The script compares milliseconds; the exact instant has the last word.
					return now.isBefore(grant.notAfter()) ? new GrantLookup.Live(grant) : new GrantLookup.Absent();
				case "REVOKED":
					// Unsigned on purpose: a tombstone only ever denies, so forging one gains nothing.
					return new GrantLookup.Revoked(String.valueOf(reply.get(2)), String.valueOf(reply.get(3)));
				case "ABSENT":
					return new GrantLookup.Absent();
				default:
					return new GrantLookup.Unavailable("grant lookup script answered '" + kind + "' (this is a bug)");
			}
		}
		catch (RuntimeException ex) {
			// Any failure, Redis's or ours (a corrupt entry), denies: never an exception into the decision.
			log.debug("Grant lookup of {} on {} failed", subject, targetId, ex);
			return new GrantLookup.Unavailable("grant store: " + ex);
		}
	}

	@Override
	public Optional<Grant> revoke(String grantId, String reason) {
		return revokeScript(RevocationEvent.Scope.GRANT, grantId, reason, false).stream().findFirst();
	}

	@Override
	public List<Grant> revokeSubject(String subject, String reason) {
		return revokeScript(RevocationEvent.Scope.SUBJECT, subject, reason, false);
	}

	@Override
	public List<Grant> revokeOrganisation(String organisation, String reason) {
		return revokeScript(RevocationEvent.Scope.ORGANISATION, organisation, reason, false);
	}

	@Override
	public List<Grant> suspend(String organisation, String reason) {
		return revokeScript(RevocationEvent.Scope.ORGANISATION, organisation, reason, true);
	}

	@Override
	public void resume(String organisation) {
		Names.requireToken(organisation, "organisation");
		Instant now = this.clock.instant();
		List<String> args = common(now);
		args.add(organisation);
		args.addAll(this.signed.signedSuspension(organisation, SignedRecords.RESUMED, "resumed", now.toEpochMilli()));
		command("resume " + organisation,
				redis -> RESUME.run(redis, ScriptOutputType.INTEGER, this.routingKeys, args.toArray(String[]::new)));
		this.suspensionsSeen.remove(organisation);
	}

	@Override
	public boolean isSuspended(String organisation) {
		Names.requireToken(organisation, "organisation");
		String key = this.base + "susp:" + organisation;
		List<Object> flat = command("isSuspended " + organisation, redis -> {
			if (redis.exists(key) == 0) {
				return List.of();
			}
			if (!"hash".equals(redis.type(key))) {
				return List.<Object>of("garbled", "not a hash");
			}
			List<Object> pairs = new ArrayList<>();
			redis.hgetall(key).forEach((field, value) -> {
				pairs.add(field);
				pairs.add(value);
			});
			return pairs;
		});
		return suspendedByRecord(flat, organisation);
	}

	/**
	 * Whether a suspension record (flat, empty when none) suspends {@code organisation}. Verified
	 * SUSPENDED: yes; verified RESUMED: no; anything that does not verify: yes (fail closed) and the
	 * alarm; none at all: no, unless this instance has seen the organisation suspended and never a
	 * verified lift, which means the record was deleted by someone else.
	 */
	private boolean suspendedByRecord(Object flat, String organisation) {
		if (flat instanceof List<?> list && list.isEmpty()) {
			if (this.suspensionsSeen.contains(organisation)) {
				violation(IntegrityViolation.Record.SUSPENSION, this.base + "susp:" + organisation,
						"suspension record deleted without a signed lift", "");
				return true;
			}
			return false;
		}
		try {
			String state = this.signed.verifiedSuspensionState(flat, organisation);
			if (SignedRecords.SUSPENDED.equals(state)) {
				this.suspensionsSeen.add(organisation);
				return true;
			}
			this.suspensionsSeen.remove(organisation);
			return false;
		}
		catch (SignedRecords.TamperedException ex) {
			violation(IntegrityViolation.Record.SUSPENSION, this.base + "susp:" + organisation, ex.getMessage(),
					String.valueOf(flat));
			return true;
		}
	}

	@Override
	public List<Grant> liveGrants() {
		Instant now = this.clock.instant();
		List<Object> reply = command("liveGrants",
				redis -> LIVE.run(redis, ScriptOutputType.MULTI, this.routingKeys, common(now).toArray(String[]::new)));
		return verifiedGrants(reply, "live").stream().filter(grant -> now.isBefore(grant.notAfter())).toList();
	}

	@Override
	public AutoCloseable subscribe(RevocationListener listener) {
		return this.dispatch.subscribe(listener);
	}

	@Override
	public boolean revocationFeedUp() {
		return this.feed.isUp();
	}

	@Override
	public void close() {
		this.closed = true;
		this.feedCheck.shutdownNow();
		this.dispatch.close();
		synchronized (this) {
			// Under the lock of connect(): a connect in flight finishes first, then is closed here.
			this.feed.close();
			RedisClients.closeQuietly(this.connection);
		}
		if (this.ownsClient) {
			RedisClients.shutdown(this.client);
		}
	}

	@Override
	public String toString() {
		return "RedisGrantStore[" + this.base + "]";
	}

	private List<Grant> revokeScript(RevocationEvent.Scope scope, String key, String reason, boolean suspend) {
		Names.requireToken(key, scope.name().toLowerCase(java.util.Locale.ROOT) + " to revoke");
		Objects.requireNonNull(reason, "reason cannot be null");
		Instant now = this.clock.instant();
		List<String> args = common(now);
		args.add(scope.name());
		args.add(key);
		args.add(reason);
		args.add(suspend ? "1" : "0");
		if (suspend) {
			args.addAll(this.signed.signedSuspension(key, SignedRecords.SUSPENDED, reason, now.toEpochMilli()));
		}
		List<Object> reply = command((suspend ? "suspend " : "revoke ") + scope + " " + key,
				redis -> REVOKE.run(redis, ScriptOutputType.MULTI, this.routingKeys, args.toArray(String[]::new)));
		if (suspend) {
			this.suspensionsSeen.add(key);
		}
		// Forged entries the script removed are reported, not returned: they were never grants.
		List<Grant> revoked = verifiedGrants(reply, "revoked");
		List<String> ids = reply.isEmpty() ? List.of() : revoked.stream().map(Grant::id).toList();
		if (!ids.isEmpty() || suspend) {
			publish(scope, key, ids, reason, now);
		}
		return revoked.stream()
			.sorted(java.util.Comparator.comparing(Grant::notAfter).thenComparing(Grant::id))
			.toList();
	}

	private List<Grant> verifiedGrants(List<Object> flats, String what) {
		List<Grant> grants = new ArrayList<>(flats.size());
		for (Object flat : flats) {
			try {
				grants.add(this.signed.verifiedGrant(flat));
			}
			catch (SignedRecords.TamperedException ex) {
				violation(IntegrityViolation.Record.GRANT, this.base + what, ex.getMessage(), String.valueOf(flat));
			}
		}
		return grants;
	}

	/**
	 * Publishes a signed revocation message (format: {@link SignedRecords#signedMessage}). After the
	 * script, not inside it: signing needs the key, which never goes to Redis. The store has already
	 * changed, so a message lost here (a crash in between) leaves lookups right; only near caches
	 * would serve the grant until their feed check or restart.
	 */
	private void publish(RevocationEvent.Scope scope, String key, List<String> ids, String reason, Instant at) {
		StringBuilder body = new StringBuilder();
		body.append("v1\n").append(scope.name()).append('\n').append(key).append('\n').append(at.toEpochMilli()).append('\n')
			.append(ids.size()).append('\n');
		ids.forEach(id -> body.append(id).append('\n'));
		body.append(reason);
		String message = this.signed.signedMessage(body.toString());
		try {
			command("publish revocation of " + scope + " " + key, redis -> redis.publish(this.channel, message));
		}
		catch (GrantStoreUnavailableException ex) {
			// The revocation itself is stored (lookups deny); failing the call would make the caller think it was not.
			log.warn("Revocation of {} {} is stored but could not be published: near caches learn it on their next feed check ({})",
					scope, key, ex.getMessage());
		}
	}

	/** Logs and reports a record that failed verification; the caller has already refused it. */
	private void violation(IntegrityViolation.Record record, String key, String problem, String raw) {
		IntegrityViolation violation = new IntegrityViolation(record, key, problem, raw);
		log.error("INTEGRITY VIOLATION in Redis ({}): {} at {}: {} - refused; someone other than Keygate writes to Redis,"
				+ " or a process runs with other integrity keys", violation.record(), violation.problem(), violation.key(),
				violation.raw());
		try {
			this.alarm.raised(violation);
		}
		catch (RuntimeException ex) {
			log.error("Integrity alarm failed for {}", violation, ex);
		}
	}

	private List<String> common(Instant now) {
		List<String> args = new ArrayList<>();
		args.add(this.base);
		args.add(Long.toString(now.toEpochMilli()));
		args.add(this.channel);
		return args;
	}

	private <T> T command(String what, java.util.function.Function<RedisCommands<String, String>, T> command) {
		try {
			StatefulRedisConnection<String, String> redis = this.connection;
			if (redis == null) {
				throw new GrantStoreUnavailableException("grant store could not " + what + ": Redis not reached yet", null);
			}
			return command.apply(redis.sync());
		}
		catch (RedisException ex) {
			throw new GrantStoreUnavailableException("grant store could not " + what + ": " + ex.getMessage(), ex);
		}
	}

	/** Connects when it could not before (a store started during an outage), then checks the feed. */
	private void checkFeed() {
		if (this.connection == null && !connect()) {
			return;
		}
		this.feed.check();
	}

}
