package io.keygate.auth.audit.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.grantstore.redis.AuditStreamSignature;
import io.keygate.grantstore.redis.IntegrityKey;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditChainVerifier.Verification;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.AuditStreamFormat;
import io.keygate.policy.audit.Severity;
import io.keygate.testsupport.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Gateway decisions travel through a real Redis Stream into the real (H2) chain: none lost, none
 * chained twice, a poison entry does not stop the ones after it, a dead replica's entries are
 * chained by another, and only chained entries leave the stream.
 */
class GatewayAuditStreamConsumerTest {

	private static final IntegrityKeys KEYS = IntegrityKeys.of(new IntegrityKey("k1", "consumer-test-integrity-key-0123456789"));

	private final RedisTestServer redis = RedisTestServer.sharedWithPassword();

	private final String stream = "test:audit:" + UUID.randomUUID();

	private JdbcAuditLog chain;

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	private RedisCommands<String, String> commands;

	private final List<GatewayAuditStreamConsumer> consumers = new ArrayList<>();

	@BeforeEach
	void connect() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:stream-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		this.chain = new JdbcAuditLog(JdbcClient.create(dataSource), new DataSourceTransactionManager(dataSource));
		this.client = RedisClient.create(this.redis.uri());
		this.connection = this.client.connect();
		this.commands = this.connection.sync();
	}

	@AfterEach
	void disconnect() {
		this.consumers.forEach(GatewayAuditStreamConsumer::close);
		this.commands.del(this.stream);
		this.connection.close();
		this.client.shutdown();
	}

	private GatewayAuditStreamConsumer consumer(String name, GatewayAuditStreamConsumer.Chain chain) {
		GatewayAuditStreamConsumer consumer = new GatewayAuditStreamConsumer(this.redis.uri(),
				new GatewayAuditStreamConsumer.Settings(this.stream, "auth", name, 100, Duration.ofMillis(200),
						Duration.ofSeconds(1)),
				chain, Clock.systemUTC(), KEYS);
		this.consumers.add(consumer);
		return consumer;
	}

	/** What a gateway holding the integrity keys writes. */
	private Map<String, String> signed(Map<String, String> fields) {
		return new AuditStreamSignature(KEYS, this.stream).sign(fields);
	}

	private GatewayAuditStreamConsumer consumer(String name) {
		return consumer(name, (entries, sources) -> this.chain.appendSourcedBlock(entries, sources).size());
	}

	private static AuditEntry decision(String path) {
		return AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.parse("2026-11-25T10:00:00Z"))
			.actor("alice")
			.organisation("itron")
			.target("head-end")
			.outcome("allow")
			.detail("path", path)
			.build();
	}

	private String gatewayWrites(String path) {
		return this.commands.xadd(this.stream, signed(AuditStreamFormat.toFields(decision(path))));
	}

	private List<AuditEvent> events() {
		return this.chain.eventsAfter(0, 10_000);
	}

	private List<String> chainedPaths() {
		return events().stream().map(e -> e.entry().details().getOrDefault("path", e.entry().action())).toList();
	}

	private long pending() {
		return this.commands.xpending(this.stream, "auth").getCount();
	}

	@Test
	void consumeWhenGatewayWroteWhileAuthServerWasDownThenAllChainedInOrderAcknowledgedAndTrimmed() {
		gatewayWrites("/a");
		gatewayWrites("/b");
		consumer("auth-1").start();
		gatewayWrites("/c");

		await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 3);
		assertThat(chainedPaths()).containsExactly("/a", "/b", "/c");
		assertThat(this.chain.verify()).isEqualTo(Verification.ok(3));
		await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
		await("chained entries trimmed from the stream").atMost(Duration.ofSeconds(5))
			.until(() -> this.commands.xlen(this.stream) == 0);
	}

	@Test
	void consumeWhenRestartedThenContinuesWhereItStoppedWithoutDuplicates() {
		GatewayAuditStreamConsumer first = consumer("auth-1");
		first.start();
		gatewayWrites("/a");
		await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 1);
		first.close();
		gatewayWrites("/b");
		consumer("auth-1").start();

		await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 2);
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
		consumer("auth-1").start();

		await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 1);
		assertThat(chainedPaths()).containsExactly("/delivered-not-acked");
		await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
	}

	@Test
	void consumeWhenEntryMalformedThenChainedAsHighSeverityAlertWithRawFields() {
		this.commands.xadd(this.stream, signed(Map.of("v", "1", "at", "not-a-time", "action", "access.decision")));
		consumer("auth-1").start();

		await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 1);
		AuditEvent event = events().get(0);
		assertThat(event.entry().action()).isEqualTo("audit.stream.malformed");
		assertThat(event.entry().severity()).isEqualTo(Severity.HIGH);
		assertThat(event.entry().details()).containsEntry("raw.at", "not-a-time");
	}

	@Test
	void consumeWhenEntryTooLongForTheDatabaseThenQuarantinedAndTheNextDecisionStillReachesTheChain() {
		// What a gateway without field limits wrote for a 4,100-character path: the target column refuses it.
		String path = "/t/" + "x".repeat(4100);
		AuditEntry poison = AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.parse("2026-11-25T10:00:00Z"))
			.actor("mallory")
			.target("x".repeat(4100))
			.outcome("deny")
			.reason("UNKNOWN_TARGET")
			.detail("path", path)
			.build();
		gatewayWrites("/before");
		String poisonId = this.commands.xadd(this.stream, signed(AuditStreamFormat.toFields(poison)));
		gatewayWrites("/next-allowed");
		consumer("auth-1").start();

		await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 3);
		assertThat(chainedPaths()).containsExactly("/before", "audit.entry.quarantined", "/next-allowed");
		AuditEntry quarantine = events().get(1).entry();
		assertThat(quarantine.severity()).isEqualTo(Severity.HIGH);
		assertThat(quarantine.details().get("source")).isEqualTo(GatewayAuditStreamConsumer.sourceId(this.stream, poisonId));
		assertThat(quarantine.details().get("raw.target")).startsWith("xxx").hasSizeLessThanOrEqualTo(256);
		assertThat(quarantine.details().get("raw.actor")).isEqualTo("mallory");
		assertThat(this.chain.verify()).isEqualTo(Verification.ok(3));
		await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
	}

	@Test
	void consumeWhenReplicaDiesMidBatchThenAnotherClaimsItsEntriesAndChainsThemExactlyOnce() {
		CountDownLatch read = new CountDownLatch(1);
		// Replica 1 reads a batch and dies before chaining it (its thread is stopped while holding the batch).
		GatewayAuditStreamConsumer dying = consumer("auth-1", (entries, sources) -> {
			read.countDown();
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("killed");
		});
		for (int i = 0; i < 50; i++) {
			gatewayWrites("/" + i);
		}
		dying.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> read.getCount() == 0);
		dying.close();
		assertThat(this.commands.xpending(this.stream, "auth").getConsumerMessageCount()).containsEntry("auth-1", 50L);

		consumer("auth-2").start();

		await().atMost(Duration.ofSeconds(15)).until(() -> events().size() == 50);
		await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
		assertThat(chainedPaths()).doesNotHaveDuplicates().hasSize(50).contains("/0", "/49");
		assertThat(this.chain.verify()).isEqualTo(Verification.ok(50));
	}

	@Test
	void consumeWhenReplicaDiesAfterChainingBeforeAcknowledgingThenTheClaimingReplicaDoesNotChainThemAgain() {
		CountDownLatch committed = new CountDownLatch(1);
		GatewayAuditStreamConsumer dying = consumer("auth-1", (entries, sources) -> {
			int chained = this.chain.appendSourcedBlock(entries, sources).size();
			committed.countDown();
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("killed after commit, before XACK (" + chained + " chained)");
		});
		for (int i = 0; i < 20; i++) {
			gatewayWrites("/" + i);
		}
		dying.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> committed.getCount() == 0);
		dying.close();
		assertThat(pending()).isEqualTo(20);

		consumer("auth-2").start();
		gatewayWrites("/after");

		await().atMost(Duration.ofSeconds(15)).until(() -> pending() == 0 && events().size() >= 21);
		assertThat(chainedPaths()).doesNotHaveDuplicates().hasSize(21);
		assertThat(this.chain.countSourced(this.stream + "/")).isEqualTo(21);
	}

	@Test
	void trimWhenAnotherReplicaStillHoldsUnacknowledgedEntriesThenTheyStayInTheStream() {
		this.commands.xgroupCreate(XReadArgs.StreamOffset.from(this.stream, "0"), "auth", XGroupCreateArgs.Builder.mkstream());
		for (int i = 0; i < 5; i++) {
			gatewayWrites("/held-" + i);
		}
		// A replica that read them and has not acknowledged (yet): not chained, so never trimmed.
		this.commands.xreadgroup(Consumer.from("auth", "busy-replica"), XReadArgs.StreamOffset.lastConsumed(this.stream));
		GatewayAuditStreamConsumer other = new GatewayAuditStreamConsumer(this.redis.uri(),
				new GatewayAuditStreamConsumer.Settings(this.stream, "auth", "auth-2", 100, Duration.ofMillis(200),
						Duration.ofHours(1)),
				(entries, sources) -> this.chain.appendSourcedBlock(entries, sources).size(), Clock.systemUTC(), KEYS);
		this.consumers.add(other);
		other.start();
		for (int i = 0; i < 10; i++) {
			gatewayWrites("/new-" + i);
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 10);
		await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(this.commands.xlen(this.stream)).as("the 5 held entries and everything after the oldest of them")
			.isGreaterThanOrEqualTo(5);
		assertThat(this.commands.xrange(this.stream, io.lettuce.core.Range.create("-", "+")))
			.extracting(m -> m.getBody().get("detail.path"))
			.contains("/held-0", "/held-1", "/held-2", "/held-3", "/held-4");
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
		consumer("auth-1").start();

		await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 2);
		await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
		AuditEntry alert = events().get(0).entry();
		assertThat(alert.action()).isEqualTo("audit.stream.forged");
		assertThat(alert.severity()).isEqualTo(Severity.HIGH);
		assertThat(alert.actor()).as("nothing of the forged entry is taken as fact").isNullOrEmpty();
		assertThat(alert.outcome()).isEqualTo("FORGED");
		assertThat(alert.reason()).isEqualTo("forged audit entry: MAC MISSING");
		assertThat(alert.details().get("raw")).contains("actor=mallory", "detail.path=/forged");
		assertThat(events().get(1).entry().action()).isEqualTo("access.decision");
		assertThat(events().get(1).entry().details()).containsEntry("path", "/genuine");
		assertThat(this.chain.verify()).isEqualTo(Verification.ok(2));
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
		consumer("auth-1").start();

		await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 2);
		assertThat(events()).extracting(event -> event.entry().reason())
			.containsExactly("forged audit entry: MAC BAD_MAC", "forged audit entry: MAC UNKNOWN_KEY");
		assertThat(events()).allSatisfy(event -> assertThat(event.entry().action()).isEqualTo("audit.stream.forged"));
	}

	@Test
	void consumeWhenForgedEntryHugeThenItsRawContentIsCutShort() {
		this.commands.xadd(this.stream, Map.of("v", "1", "action", "access.decision", "junk", "x".repeat(200_000)));
		consumer("auth-1").start();

		await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 1);
		assertThat(events().get(0).entry().details().get("raw")).hasSizeLessThan(600).contains("chars)");
	}

}
