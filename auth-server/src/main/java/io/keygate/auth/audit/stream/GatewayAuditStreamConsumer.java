package io.keygate.auth.audit.stream;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.RedisTls;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditQuarantine;
import io.keygate.policy.audit.AuditStreamFormat;
import io.keygate.policy.audit.Severity;

/**
 * Moves the gateways' decision events from their Redis Stream into the hash chain, in blocks.
 * <p>
 * The stream is the distributed mode's queue: gateways XADD, and entries wait there while no auth
 * server runs. Every auth-server replica runs one consumer in the same group. Guarantees:
 * <ul>
 * <li><b>Never lost.</b> An entry is acknowledged only after the block holding it committed, and
 * the stream is trimmed only below the oldest entry not yet acknowledged ({@code XTRIM MINID}),
 * never by count.</li>
 * <li><b>Exactly once in the chain.</b> Each event keeps its stream id as its source id (unique in
 * the chain), so an entry delivered twice (a replica died after committing, before acknowledging)
 * is chained once.</li>
 * <li><b>Failover.</b> Entries a replica read and never acknowledged (it died) are claimed by
 * another replica once idle longer than {@code claimIdle} ({@code XAUTOCLAIM}); a replica's own
 * pending entries are read again at its start.</li>
 * <li><b>Poison.</b> A block the database refuses is retried entry by entry; an entry refused
 * alone is chained as a HIGH {@code audit.entry.quarantined} event with its raw fields cut short,
 * acknowledged, and the consumer moves on. A malformed entry is chained as
 * {@code audit.stream.malformed}. If even the quarantine is refused the database itself is failing:
 * nothing is acknowledged and the consumer retries with back-off.</li>
 * <li><b>Forgery.</b> An entry whose MAC does not verify ({@link ForgedEntryCheck}) is chained as
 * a HIGH {@code audit.stream.forged} alert holding its raw content cut short, never as the decision
 * it claims to be: anyone who can reach Redis can XADD.</li>
 * </ul>
 */
public final class GatewayAuditStreamConsumer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GatewayAuditStreamConsumer.class);

	/** Where entries are chained: one block, skipping source ids chained before; returns how many were new. */
	@FunctionalInterface
	public interface Chain {

		int chain(List<AuditEntry> entries, List<String> sourceIds);

	}

	/** Told after each block commits, with the stream ids it held. */
	@FunctionalInterface
	public interface Listener {

		void chained(List<String> streamIds, long chainedAtMillis);

	}

	/**
	 * @param batch the most entries read (and chained as one block) at a time
	 * @param block how long one read waits for new entries
	 * @param claimIdle how long another replica's unacknowledged entries wait before this one claims them
	 */
	public record Settings(String stream, String group, String consumer, int batch, Duration block, Duration claimIdle) {

		public Settings {
			Objects.requireNonNull(stream, "stream cannot be null");
			Objects.requireNonNull(group, "group cannot be null");
			Objects.requireNonNull(consumer, "consumer cannot be null");
			Objects.requireNonNull(block, "block cannot be null");
			Objects.requireNonNull(claimIdle, "claimIdle cannot be null");
			if (batch < 1) {
				throw new IllegalArgumentException("batch must be positive");
			}
		}

	}

	private static final Duration TRIM_EVERY = Duration.ofMillis(200);

	private final RedisClient client;

	private final Settings settings;

	private final Chain chain;

	private final Clock clock;

	private volatile Listener listener = (ids, at) -> {
	};

	private final ForgedEntryCheck forgery;

	private volatile boolean running;

	private Thread worker;

	/** {@code keys}: the integrity keys the gateways sign their entries with; an entry that does not verify is chained as an alert. */
	public GatewayAuditStreamConsumer(RedisURI uri, Settings settings, Chain chain, Clock clock, IntegrityKeys keys) {
		this(uri, RedisTls.jvmDefault(), settings, chain, clock, keys);
	}

	/** Like the other constructor, trusting {@code tls}'s CA for {@code rediss://}. */
	public GatewayAuditStreamConsumer(RedisURI uri, RedisTls tls, Settings settings, Chain chain, Clock clock,
			IntegrityKeys keys) {
		this.client = RedisClient.create(Objects.requireNonNull(uri, "uri cannot be null"));
		this.client.setOptions(tls.apply(this.client.getOptions()));
		this.settings = Objects.requireNonNull(settings, "settings cannot be null");
		this.chain = Objects.requireNonNull(chain, "chain cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.forgery = new ForgedEntryCheck(keys, settings.stream(), clock);
	}

	/** The source id a stream entry is chained under: the stream's key and the entry's id. */
	public static String sourceId(String stream, String id) {
		return stream + "/" + id;
	}

	public void listener(Listener listener) {
		this.listener = Objects.requireNonNull(listener, "listener cannot be null");
	}

	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.worker = new Thread(this::run, "gateway-audit-stream-" + this.settings.consumer());
		this.worker.setDaemon(true);
		this.worker.start();
	}

	/**
	 * Stops at once: a block being chained is abandoned unacknowledged (it stays pending, and this
	 * replica at its next start, or another after {@code claimIdle}, chains it).
	 */
	@Override
	public void close() {
		Thread thread;
		synchronized (this) {
			this.running = false;
			thread = this.worker;
		}
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(this.settings.block().toMillis() + 5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.client.shutdown();
	}

	private void run() {
		Duration backoff = Duration.ofMillis(200);
		while (this.running) {
			try (StatefulRedisConnection<String, String> connection = this.client.connect()) {
				RedisCommands<String, String> redis = connection.sync();
				createGroup(redis);
				// First what this consumer was given before and never acknowledged (a crash after
				// delivery), then entries other replicas left idle, then new entries.
				while (this.running && chainRead(redis, XReadArgs.StreamOffset.from(this.settings.stream(), "0"), false) > 0) {
					// keep draining the pending list
				}
				backoff = Duration.ofMillis(200);
				long nextClaim = 0;
				long nextTrim = 0;
				while (this.running) {
					long now = System.currentTimeMillis();
					if (now >= nextClaim) {
						claimIdle(redis);
						nextClaim = now + Math.max(500, this.settings.claimIdle().toMillis() / 2);
					}
					int read = chainRead(redis, XReadArgs.StreamOffset.lastConsumed(this.settings.stream()), true);
					if (read > 0 && System.currentTimeMillis() >= nextTrim || read == 0) {
						trimChained(redis);
						nextTrim = System.currentTimeMillis() + TRIM_EVERY.toMillis();
					}
				}
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				log.warn("Gateway audit stream {} unreachable or failing; retrying in {} ms: {}", this.settings.stream(),
						backoff.toMillis(), ex.toString());
				sleep(backoff);
				backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
						: backoff.multipliedBy(2);
			}
		}
	}

	private void createGroup(RedisCommands<String, String> redis) {
		try {
			// From the start of the stream: entries spooled before the first auth server ever ran count too.
			redis.xgroupCreate(XReadArgs.StreamOffset.from(this.settings.stream(), "0"), this.settings.group(),
					XGroupCreateArgs.Builder.mkstream());
		}
		catch (RedisBusyException ex) {
			// BUSYGROUP: the group exists already; that is the normal case after the first start.
		}
	}

	private int chainRead(RedisCommands<String, String> redis, XReadArgs.StreamOffset<String> offset, boolean block) {
		XReadArgs args = XReadArgs.Builder.count(this.settings.batch());
		if (block) {
			args = args.block(this.settings.block());
		}
		List<StreamMessage<String, String>> messages = redis
			.xreadgroup(Consumer.from(this.settings.group(), this.settings.consumer()), args, offset);
		chainAndAck(redis, messages);
		return messages.size();
	}

	/** Takes over entries another replica read and left unacknowledged for longer than {@code claimIdle}. */
	private void claimIdle(RedisCommands<String, String> redis) {
		String start = "0-0";
		do {
			ClaimedMessages<String, String> claimed = redis.xautoclaim(this.settings.stream(),
					XAutoClaimArgs.Builder
						.xautoclaim(Consumer.from(this.settings.group(), this.settings.consumer()), this.settings.claimIdle(), start)
						.count(this.settings.batch()));
			if (!claimed.getMessages().isEmpty()) {
				log.warn("Claimed {} gateway audit entries left unacknowledged by another replica for over {}",
						claimed.getMessages().size(), this.settings.claimIdle());
			}
			chainAndAck(redis, claimed.getMessages());
			start = claimed.getId();
		}
		while (this.running && start != null && !"0-0".equals(start));
	}

	private void chainAndAck(RedisCommands<String, String> redis, List<StreamMessage<String, String>> messages) {
		if (messages.isEmpty()) {
			return;
		}
		List<AuditEntry> entries = new ArrayList<>(messages.size());
		List<String> sources = new ArrayList<>(messages.size());
		for (StreamMessage<String, String> message : messages) {
			entries.add(entryOf(message));
			sources.add(sourceId(this.settings.stream(), message.getId()));
		}
		chainOrQuarantine(entries, sources);
		String[] ids = messages.stream().map(StreamMessage::getId).toArray(String[]::new);
		redis.xack(this.settings.stream(), this.settings.group(), ids);
		this.listener.chained(List.of(ids), System.currentTimeMillis());
	}

	private void chainOrQuarantine(List<AuditEntry> entries, List<String> sources) {
		try {
			this.chain.chain(entries, sources);
			return;
		}
		catch (RuntimeException ex) {
			if (!this.running) {
				throw ex;
			}
			if (entries.size() == 1) {
				quarantine(entries.get(0), sources.get(0), ex);
				return;
			}
		}
		for (int i = 0; i < entries.size(); i++) {
			try {
				this.chain.chain(List.of(entries.get(i)), List.of(sources.get(i)));
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					throw ex;
				}
				quarantine(entries.get(i), sources.get(i), ex);
			}
		}
	}

	/** Chains the quarantine under the entry's own source id; throws when even that fails (the database is failing). */
	private void quarantine(AuditEntry refused, String source, RuntimeException problem) {
		AuditEntry quarantine = AuditQuarantine.of(refused, String.valueOf(problem.getMessage()), source, this.clock.instant());
		try {
			this.chain.chain(List.of(quarantine), List.of(source));
		}
		catch (RuntimeException ex) {
			ex.addSuppressed(problem);
			throw ex;
		}
		log.error("Gateway audit entry {} refused by the chain; chained as a quarantine (HIGH)", source, problem);
	}

	/**
	 * Trims what is in the chain and nothing else: entries below the oldest one still pending in the
	 * group, and never above the last one the group delivered. The group's last-delivered id is read
	 * first, so anything delivered later (possibly still unacknowledged) lies above the bound.
	 */
	private void trimChained(RedisCommands<String, String> redis) {
		String lastDelivered = lastDeliveredId(redis);
		if (lastDelivered == null) {
			return;
		}
		PendingMessages pending = redis.xpending(this.settings.stream(), this.settings.group());
		String minId = pending.getCount() > 0 ? pending.getMessageIds().getLower().getValue() : next(lastDelivered);
		if (minId != null && !"0-1".equals(minId)) {
			redis.xtrim(this.settings.stream(), XTrimArgs.Builder.minId(minId));
		}
	}

	private String lastDeliveredId(RedisCommands<String, String> redis) {
		for (Object group : redis.xinfoGroups(this.settings.stream())) {
			if (!(group instanceof List<?> fields)) {
				continue;
			}
			Map<String, Object> info = new TreeMap<>();
			for (int i = 0; i + 1 < fields.size(); i += 2) {
				info.put(String.valueOf(fields.get(i)), fields.get(i + 1));
			}
			if (this.settings.group().equals(String.valueOf(info.get("name")))) {
				Object id = info.get("last-delivered-id");
				return id == null ? null : String.valueOf(id);
			}
		}
		return null;
	}

	/** The smallest stream id above {@code id} ("ms-seq"). */
	static String next(String id) {
		int dash = id.indexOf('-');
		if (dash < 0) {
			return null;
		}
		return id.substring(0, dash) + "-" + (Long.parseLong(id.substring(dash + 1)) + 1);
	}

	private AuditEntry entryOf(StreamMessage<String, String> message) {
		Map<String, String> fields = message.getBody();
		try {
			if (fields == null) {
				throw new IllegalArgumentException("the entry has no fields (deleted from the stream)");
			}
			AuditEntry forged = this.forgery.alertIfForged(message.getId(), fields);
			if (forged != null) {
				return forged;
			}
			return AuditStreamFormat.fromFields(fields);
		}
		catch (IllegalArgumentException ex) {
			log.error("Malformed gateway audit entry {} on {}: {}", message.getId(), this.settings.stream(), ex.getMessage());
			AuditEntry quarantined = AuditQuarantine.of(fields, ex.getMessage(), sourceId(this.settings.stream(), message.getId()),
					this.clock.instant());
			// The malformed action, so detectors that match it keep working; the rest is the quarantine's.
			AuditEntry.Builder malformed = AuditEntry.builder(AuditAction.AUDIT_STREAM_MALFORMED, quarantined.at())
				.severity(Severity.HIGH)
				.outcome("MALFORMED")
				.reason(quarantined.reason())
				.detail("stream.id", message.getId());
			quarantined.details().forEach(malformed::detail);
			return malformed.build();
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
