package io.keygate.auth.audit.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.AuditStreamFormat;
import io.keygate.policy.audit.Severity;

/**
 * Moves the gateways' decision events from their Redis Stream into the hash chain.
 * <p>
 * The stream is the spool of the distributed mode: gateways XADD, and entries wait there while
 * the auth server is down. This consumer reads them in a consumer group and acknowledges an entry
 * only after the chain holds it, so a crash between the two re-delivers the entry (it is read
 * again from this consumer's pending list at start): delivery is at least once, never lost. A
 * malformed entry is not dropped either: it is chained as {@code audit.stream.malformed} with its
 * raw fields, at high severity, because a gateway writing garbage is itself worth an alert. An entry
 * whose MAC does not verify ({@link ForgedEntryCheck}) is chained as {@code audit.stream.forged}, never
 * as the decision it claims to be.
 */
public final class GatewayAuditStreamConsumer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GatewayAuditStreamConsumer.class);

	private static final int BATCH = 100;

	private final RedisClient client;

	private final String stream;

	private final String group;

	private final String consumer;

	private final AuditLog auditLog;

	private final Duration block;

	private final ForgedEntryCheck forgery;

	private volatile boolean running;

	private Thread worker;

	/** {@code keys}: the integrity keys the gateways sign their entries with; an entry that does not verify is chained as an alert. */
	public GatewayAuditStreamConsumer(RedisURI uri, String stream, String group, String consumer, AuditLog auditLog,
			Duration block, IntegrityKeys keys) {
		this.client = RedisClient.create(Objects.requireNonNull(uri, "uri cannot be null"));
		this.stream = Objects.requireNonNull(stream, "stream cannot be null");
		this.group = Objects.requireNonNull(group, "group cannot be null");
		this.consumer = Objects.requireNonNull(consumer, "consumer cannot be null");
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog cannot be null");
		this.block = Objects.requireNonNull(block, "block cannot be null");
		this.forgery = new ForgedEntryCheck(keys, stream, java.time.Clock.systemUTC());
	}

	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.worker = new Thread(this::run, "gateway-audit-stream");
		this.worker.setDaemon(true);
		this.worker.start();
	}

	@Override
	public void close() {
		Thread thread;
		synchronized (this) {
			this.running = false;
			thread = this.worker;
		}
		if (thread != null) {
			try {
				thread.join(this.block.toMillis() + 5000);
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
				// delivery), then new entries.
				while (this.running && drain(redis, XReadArgs.StreamOffset.from(this.stream, "0"), false) > 0) {
					// keep draining the pending list
				}
				backoff = Duration.ofMillis(200);
				while (this.running) {
					drain(redis, XReadArgs.StreamOffset.lastConsumed(this.stream), true);
				}
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				log.warn("Gateway audit stream {} unreachable or failing; retrying in {} ms: {}", this.stream,
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
			redis.xgroupCreate(XReadArgs.StreamOffset.from(this.stream, "0"), this.group, XGroupCreateArgs.Builder.mkstream());
		}
		catch (RedisBusyException ex) {
			// BUSYGROUP: the group exists already; that is the normal case after the first start.
		}
	}

	private int drain(RedisCommands<String, String> redis, XReadArgs.StreamOffset<String> offset, boolean block) {
		XReadArgs args = XReadArgs.Builder.count(BATCH);
		if (block) {
			args = args.block(this.block);
		}
		List<StreamMessage<String, String>> messages = redis.xreadgroup(Consumer.from(this.group, this.consumer), args,
				offset);
		for (StreamMessage<String, String> message : messages) {
			this.auditLog.append(entryOf(message));
			redis.xack(this.stream, this.group, message.getId());
		}
		return messages.size();
	}

	private AuditEntry entryOf(StreamMessage<String, String> message) {
		Map<String, String> fields = message.getBody();
		AuditEntry forged = this.forgery.alertIfForged(message.getId(), fields);
		if (forged != null) {
			return forged;
		}
		try {
			return AuditStreamFormat.fromFields(fields);
		}
		catch (IllegalArgumentException ex) {
			log.error("Malformed gateway audit entry {} on {}: {}", message.getId(), this.stream, ex.getMessage());
			AuditEntry.Builder malformed = AuditEntry.builder(AuditAction.AUDIT_STREAM_MALFORMED, java.time.Instant.now())
				.severity(Severity.HIGH)
				.outcome("MALFORMED")
				.reason(ex.getMessage())
				.detail("stream.id", message.getId());
			new TreeMap<>(fields == null ? Map.of() : fields).forEach((key, value) -> malformed.detail("raw." + key, value));
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
