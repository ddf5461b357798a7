package io.keygate.grantstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.keygate.policy.live.LiveSessionReport;
import io.keygate.policy.live.SessionTermination;
import io.keygate.policy.presence.GatewayInstance;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/** Gateway presence, live-session snapshots and terminations in a real Redis, two "gateways" and an "auth server". */
class RedisGatewayPresenceTest {

	private final TestIntegrity alarm = new TestIntegrity();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private String prefix;

	private RedisGatewayPresence gatewayA;

	private RedisGatewayPresence gatewayB;

	private RedisGatewayPresence authServer;

	@BeforeEach
	void setUp() {
		this.prefix = "presence-" + UUID.randomUUID();
		this.gatewayA = track(presence(Duration.ofHours(1)));
		this.gatewayB = track(presence(Duration.ofHours(1)));
		this.authServer = track(presence(Duration.ofHours(1)));
	}

	@AfterEach
	void tearDown() throws Exception {
		java.util.Collections.reverse(this.closeables);
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		RedisTestServer.sharedWithPassword().deleteKeys("{" + this.prefix + "}:*");
	}

	private RedisGatewayPresence presence(Duration forgetAfter) {
		return new RedisGatewayPresence(RedisTestServer.sharedWithPassword().uri(), this.prefix, forgetAfter,
				this.alarm.with(TestIntegrity.KEY_1));
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.closeables.add(closeable);
		return closeable;
	}

	/** Redis keeps milliseconds. */
	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

	private static LiveSessionReport session(String id, String gateway, String subject) {
		Instant now = now();
		return new LiveSessionReport(id, gateway, subject, "itron", "head-end", "g-" + id, now.plusSeconds(600), "10.0.0.7",
				now.minusSeconds(30), now, 12, 3400, 1);
	}

	@Test
	void heartbeatWhenTwoGatewaysReportThenAuthServerListsBothWithTheirSessions() {
		Instant now = now();
		this.gatewayA.heartbeat(new GatewayInstance("gw-a", "1.0", now, now));
		this.gatewayB.heartbeat(new GatewayInstance("gw-b", "1.0", now, now));
		this.gatewayA.report("gw-a", List.of(session("s1", "gw-a", "erin@itron")));
		this.gatewayB.report("gw-b", List.of(session("s2", "gw-b", "erin@itron"), session("s3", "gw-b", "sam@itron")));

		assertThat(this.authServer.instances()).extracting(GatewayInstance::id).containsExactly("gw-a", "gw-b");
		assertThat(this.authServer.sessions()).extracting(LiveSessionReport::id).containsExactlyInAnyOrder("s1", "s2", "s3");
		assertThat(this.authServer.sessions()).filteredOn(s -> s.id().equals("s1"))
			.singleElement()
			.satisfies(s -> assertThat(s).usingRecursiveComparison()
				.ignoringFields("grantNotAfter", "started", "lastRequest")
				.isEqualTo(session("s1", "gw-a", "erin@itron")));

		this.gatewayB.report("gw-b", List.of());
		assertThat(this.authServer.sessions()).extracting(LiveSessionReport::id).containsExactly("s1");
	}

	@Test
	void terminateWhenAddressedToOneGatewayThenOnlyItsListenerHearsItAndItIsPending() throws Exception {
		List<SessionTermination> heardByA = new CopyOnWriteArrayList<>();
		List<SessionTermination> heardByB = new CopyOnWriteArrayList<>();
		track(this.gatewayA.onTermination("gw-a", heardByA::add));
		track(this.gatewayB.onTermination("gw-b", heardByB::add));
		SessionTermination termination = new SessionTermination("gw-a", "s1", "approver@utility", now());

		this.authServer.terminate(termination);

		await().atMost(Duration.ofSeconds(10)).until(() -> heardByA.size() == 1);
		assertThat(heardByA.get(0)).isEqualTo(termination);
		assertThat(this.gatewayA.pendingTerminations("gw-a")).containsExactly(termination);
		assertThat(this.gatewayB.pendingTerminations("gw-b")).isEmpty();
		assertThat(heardByB).isEmpty();
	}

	@Test
	void instancesWhenHeartbeatKeyExpiredThenInstanceForgotten() {
		try (RedisGatewayPresence shortMemory = presence(Duration.ofMillis(200))) {
			Instant now = now();
			shortMemory.heartbeat(new GatewayInstance("gw-gone", "1.0", now, now));
			assertThat(this.authServer.instances()).extracting(GatewayInstance::id).containsExactly("gw-gone");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.authServer.instances().isEmpty());
		}
	}

	@Test
	void sessionsWhenRecordWrittenByHandThenDroppedAndAlarmRaised() {
		Instant now = now();
		this.gatewayA.heartbeat(new GatewayInstance("gw-a", "1.0", now, now));
		try (RedisClient client = RedisClient.create(RedisTestServer.sharedWithPassword().uri());
				StatefulRedisConnection<String, String> attacker = client.connect()) {
			attacker.sync().set("{" + this.prefix + "}:live:sessions:gw-a", "v1\nk1\nforged\ns9\tgw-a\tmallory");
			assertThat(this.authServer.sessions()).isEmpty();
			assertThat(this.alarm.raised).singleElement()
				.satisfies(v -> assertThat(v.record()).isEqualTo(IntegrityViolation.Record.LIVE_SESSIONS));
			client.shutdown();
		}
	}

	@Test
	void sessionsWhenSignedRecordMovedToAnotherGatewayThenRefused() {
		Instant now = now();
		this.gatewayA.heartbeat(new GatewayInstance("gw-a", "1.0", now, now));
		this.gatewayB.heartbeat(new GatewayInstance("gw-b", "1.0", now, now));
		this.gatewayA.report("gw-a", List.of(session("s1", "gw-a", "erin@itron")));
		try (RedisClient client = RedisClient.create(RedisTestServer.sharedWithPassword().uri());
				StatefulRedisConnection<String, String> attacker = client.connect()) {
			String genuine = attacker.sync().get("{" + this.prefix + "}:live:sessions:gw-a");
			attacker.sync().set("{" + this.prefix + "}:live:sessions:gw-b", genuine);
			assertThat(this.authServer.sessions()).extracting(LiveSessionReport::gatewayInstance).containsExactly("gw-a");
			assertThat(this.alarm.raised).hasSize(1);
			client.shutdown();
		}
	}

}
