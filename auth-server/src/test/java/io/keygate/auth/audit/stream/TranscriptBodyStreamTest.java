package io.keygate.auth.audit.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.transcript.TranscriptBodyStash;
import io.keygate.grantstore.redis.AuditStreamSignature;
import io.keygate.grantstore.redis.IntegrityKey;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.AuditFieldLimits;
import io.keygate.policy.audit.AuditStreamFormat;
import io.keygate.testsupport.RedisTestServer;

/**
 * Distributed mode: a transcript body reaches the auth server inside its completion event over the
 * real Redis audit stream, signed like every gateway entry; the consumer chains the event with the
 * body's hash and the body lands in {@code transcript_body}.
 */
class TranscriptBodyStreamTest {

	private static final IntegrityKeys KEYS = IntegrityKeys.of(new IntegrityKey("k1", "transcript-test-integrity-key-0123456789"));

	private final RedisTestServer redis = RedisTestServer.sharedWithPassword();

	private final String stream = "test:audit:" + UUID.randomUUID();

	private JdbcAuditLog chain;

	private JdbcClient jdbc;

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	private GatewayAuditStreamConsumer consumer;

	@BeforeEach
	void connect() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:transcript-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		this.jdbc = JdbcClient.create(dataSource);
		this.chain = new JdbcAuditLog(this.jdbc, new DataSourceTransactionManager(dataSource));
		this.client = RedisClient.create(this.redis.uri());
		this.connection = this.client.connect();
	}

	@AfterEach
	void disconnect() {
		if (this.consumer != null) {
			this.consumer.close();
		}
		this.connection.sync().del(this.stream);
		this.connection.close();
		this.client.shutdown();
	}

	@Test
	void completionWhenItCarriesABodyOverTheStreamThenChainedWithItsHashAndTheBodyStoredBesideTheChain() {
		// As large as the gateway sends: a 2 KB body sealed to an RSA-4096 key, in 1,000-character parts, with a long path.
		byte[] body = ("KGT1 " + "x".repeat(3535)).getBytes(StandardCharsets.US_ASCII);
		String encoded = Base64.getEncoder().encodeToString(body);
		AuditEntry.Builder completion = AuditEntry.builder(AuditAction.ACCESS_COMPLETED, Instant.now()).actor("vic@itron")
			.organisation("itron").target("head-end").grant("g-1").outcome("allow").detail("method", "POST")
			.detail("path", "/api/commands/" + "p".repeat(1000)).detail("status", 202).detail("bytes", 10)
			.detail("durationMicros", 800).detail("session", "0123456789abcdef0123456789abcdef")
			.detail("body.contentType", "application/json").detail("body.length", 2048).detail("body.truncated", false)
			.detail("body.sealed", true);
		for (int i = 0, part = 0; i < encoded.length(); i += 1000, part++) {
			completion.detail("body.part." + part, encoded.substring(i, Math.min(encoded.length(), i + 1000)));
		}
		AuditEntry entry = completion.build();
		assertThat(AuditFieldLimits.within(entry)).as("the largest body the gateway sends fits one entry").isTrue();
		this.connection.sync().xadd(this.stream, new AuditStreamSignature(KEYS, this.stream).sign(AuditStreamFormat.toFields(entry)));

		this.consumer = new GatewayAuditStreamConsumer(this.redis.uri(),
				new GatewayAuditStreamConsumer.Settings(this.stream, "auth", "auth-1", 100, Duration.ofMillis(200),
						Duration.ofSeconds(1)),
				(entries, sources) -> this.chain.appendSourcedBlock(entries, sources).size(), Clock.systemUTC(), KEYS);
		this.consumer.start();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.chain.count() == 1);
		AuditEvent chained = this.chain.eventsAfter(0, 1).get(0);
		String sha256 = chained.entry().details().get(TranscriptBodyStash.SHA256_DETAIL);
		assertThat(chained.entry().action()).isEqualTo("access.completed");
		assertThat(chained.entry().details()).doesNotContainKey("body.part.0").containsEntry("body.sealed", "true");
		assertThat(this.jdbc.sql("select content from transcript_body where sha256 = ?").param(sha256).query(String.class).single())
			.isEqualTo(encoded);
		assertThat(this.chain.verify().intact()).isTrue();
	}

}
