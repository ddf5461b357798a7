package io.keygate.auth.audit.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.keygate.grantstore.redis.AuditStreamSignature;
import io.keygate.grantstore.redis.IntegrityKey;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.policy.audit.AuditChainVerifier;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.AuditStreamFormat;
import io.keygate.policy.audit.InMemoryAuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.testsupport.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Gateway decisions travel through a real Redis Stream into the chain; none is lost or dropped. */
class GatewayAuditStreamConsumerTest {

	private static final IntegrityKeys KEYS = IntegrityKeys.of(new IntegrityKey("k1", "consumer-test-integrity-key-0123456789"));

	private final RedisTestServer redis = RedisTestServer.sharedWithPassword();

	private final String stream = "test:audit:" + UUID.randomUUID();

	private final InMemoryAuditLog chain = new InMemoryAuditLog();

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	private RedisCommands<String, String> commands;

	@BeforeEach
	void connect() {
		this.client = RedisClient.create(this.redis.uri());
		this.connection = this.client.connect();
		this.commands = this.connection.sync();
	}

	@AfterEach
	void disconnect() {
		this.commands.del(this.stream);
		this.connection.close();
		this.client.shutdown();
	}

	private GatewayAuditStreamConsumer consumer() {
		return new GatewayAuditStreamConsumer(this.redis.uri(), this.stream, "auth", "auth-1", this.chain, Duration.ofMillis(200),
				KEYS);
	}

	/** What a gateway holding the integrity keys writes. */
	private Map<String, String> signed(Map<String, String> fields) {
		return new AuditStreamSignature(KEYS, this.stream).sign(fields);
	}

	private void gatewayWrites(String path) {
		AuditEntry entry = AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.parse("2026-11-25T10:00:00Z"))
			.actor("alice")
			.organisation("itron")
			.target("head-end")
			.outcome("ALLOW")
			.detail("path", path)
			.build();
		this.commands.xadd(this.stream, signed(AuditStreamFormat.toFields(entry)));
	}

	private List<String> chainedPaths() {
		return this.chain.events().stream().map(e -> e.entry().details().get("path")).toList();
	}

	private long pending() {
		return this.commands.xpending(this.stream, "auth").getCount();
	}

	@Test
	void consumeWhenGatewayWroteWhileAuthServerWasDownThenAllChainedInOrderAndAcknowledged() {
		gatewayWrites("/a");
		gatewayWrites("/b");
		try (GatewayAuditStreamConsumer consumer = consumer()) {
			consumer.start();
			gatewayWrites("/c");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.chain.events().size() == 3);
			assertThat(chainedPaths()).containsExactly("/a", "/b", "/c");
			assertThat(AuditChainVerifier.verify(this.chain.events()).intact()).isTrue();
			await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
		}
	}

	@Test
	void consumeWhenRestartedThenContinuesWhereItStoppedWithoutDuplicates() {
		try (GatewayAuditStreamConsumer consumer = consumer()) {
			consumer.start();
			gatewayWrites("/a");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.chain.events().size() == 1);
		}
		gatewayWrites("/b");
		try (GatewayAuditStreamConsumer consumer = consumer()) {
			consumer.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.chain.events().size() == 2);
		}
		assertThat(chainedPaths()).containsExactly("/a", "/b");
	}

	@Test
	void consumeWhenEntryDeliveredButNeverAcknowledgedThenReadAgainFromPendingList() {
		// A crash between delivery and acknowledgement: the entry sits in this consumer's pending list.
		this.commands.xgroupCreate(XReadArgs.StreamOffset.from(this.stream, "0"), "auth", XGroupCreateArgs.Builder.mkstream());
		gatewayWrites("/delivered-not-acked");
		assertThat(this.commands.xreadgroup(Consumer.from("auth", "auth-1"), XReadArgs.StreamOffset.lastConsumed(this.stream)))
			.hasSize(1);
		assertThat(pending()).isEqualTo(1);
		try (GatewayAuditStreamConsumer consumer = consumer()) {
			consumer.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.chain.events().size() == 1);
			assertThat(chainedPaths()).containsExactly("/delivered-not-acked");
			await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
		}
	}

	@Test
	void consumeWhenEntryMalformedThenChainedAsHighSeverityAlertWithRawFields() {
		this.commands.xadd(this.stream, signed(Map.of("v", "1", "at", "not-a-time", "action", "access.decision")));
		try (GatewayAuditStreamConsumer consumer = consumer()) {
			consumer.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.chain.events().size() == 1);
		}
		AuditEvent event = this.chain.events().get(0);
		assertThat(event.entry().action()).isEqualTo("audit.stream.malformed");
		assertThat(event.entry().severity()).isEqualTo(Severity.HIGH);
		assertThat(event.entry().details()).containsEntry("raw.at", "not-a-time");
	}


	@Test
	void consumeWhenEntryUnsignedThenChainedAsForgedAlertNotAsDecisionAcknowledgedAndNextGenuineChained() {
		AuditEntry claimed = AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.parse("2026-11-25T10:00:00Z"))
			.actor("mallory")
			.organisation("itron")
			.target("head-end")
			.outcome("ALLOW")
			.detail("path", "/forged")
			.build();
		this.commands.xadd(this.stream, AuditStreamFormat.toFields(claimed));
		gatewayWrites("/genuine");
		try (GatewayAuditStreamConsumer consumer = consumer()) {
			consumer.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.chain.events().size() == 2);
			await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
		}
		AuditEntry alert = this.chain.events().get(0).entry();
		assertThat(alert.action()).isEqualTo("audit.stream.forged");
		assertThat(alert.severity()).isEqualTo(Severity.HIGH);
		assertThat(alert.actor()).as("nothing of the forged entry is taken as fact").isNullOrEmpty();
		assertThat(alert.outcome()).isEqualTo("FORGED");
		assertThat(alert.reason()).isEqualTo("forged audit entry: MAC MISSING");
		assertThat(alert.details().get("raw")).contains("actor=mallory", "detail.path=/forged");
		assertThat(this.chain.events().get(1).entry().action()).isEqualTo("access.decision");
		assertThat(chainedPaths()).containsExactly(null, "/genuine");
		assertThat(AuditChainVerifier.verify(this.chain.events()).intact()).isTrue();
	}

	@Test
	void consumeWhenSignedEntryAlteredOrSignedWithUnknownKeyThenChainedAsForged() {
		Map<String, String> genuine = new java.util.LinkedHashMap<>(signed(Map.of("v", "1", "at", "2026-11-25T10:00:00Z",
				"action", "access.decision", "actor", "alice", "outcome", "DENY", "reason", "DECOY", "severity", "INFO")));
		genuine.put("outcome", "ALLOW");
		this.commands.xadd(this.stream, genuine);
		Map<String, String> otherKey = new AuditStreamSignature(
				IntegrityKeys.of(new IntegrityKey("k9", "someone-elses-key-0123456789abcdefgh")), this.stream)
			.sign(Map.of("v", "1", "at", "2026-11-25T10:00:00Z", "action", "access.decision", "severity", "INFO"));
		this.commands.xadd(this.stream, otherKey);
		try (GatewayAuditStreamConsumer consumer = consumer()) {
			consumer.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.chain.events().size() == 2);
		}
		assertThat(this.chain.events()).extracting(event -> event.entry().reason())
			.containsExactly("forged audit entry: MAC BAD_MAC", "forged audit entry: MAC UNKNOWN_KEY");
		assertThat(this.chain.events()).allSatisfy(event -> assertThat(event.entry().action()).isEqualTo("audit.stream.forged"));
	}

	@Test
	void consumeWhenForgedEntryHugeThenItsRawContentIsCutShort() {
		this.commands.xadd(this.stream, Map.of("v", "1", "action", "access.decision", "junk", "x".repeat(200_000)));
		try (GatewayAuditStreamConsumer consumer = consumer()) {
			consumer.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.chain.events().size() == 1);
		}
		assertThat(this.chain.events().get(0).entry().details().get("raw")).hasSizeLessThan(600).contains("chars)");
	}

}
