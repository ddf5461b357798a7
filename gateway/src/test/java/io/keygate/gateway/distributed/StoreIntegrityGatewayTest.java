package io.keygate.gateway.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.gateway.testsupport.WebSocketProbe;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * An attacker who can write to the gateways' Redis (it has the password: a leaked secret, a
 * compromised neighbour) forges what the auth server alone should write. Real HTTP through a real
 * gateway, a recording upstream that must receive nothing, a password-protected Redis.
 */
class StoreIntegrityGatewayTest {

	private static final String PREFIX = "integrity-gw-" + UUID.randomUUID().toString().substring(0, 8);

	private static final String STREAM = PREFIX + ":audit";

	private static final AtomicInteger people = new AtomicInteger();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RedisTestServer redis;

	private static RecordingUpstream upstream;

	private static TestGateway gateway;

	private static GrantStore authServer;

	private static RedisClient attackerClient;

	private static RedisCommands<String, String> attacker;

	private String subject;

	@BeforeAll
	static void start() {
		redis = RedisTestServer.startPrivateWithPassword("keygate", UUID.randomUUID().toString().replace("-", ""));
		upstream = new RecordingUpstream();
		Map<String, Object> distributed = new LinkedHashMap<>();
		distributed.put("keygate.grant-store.kind", "redis");
		distributed.put("keygate.grant-store.redis-url", redis.url());
		distributed.put("keygate.grant-store.key-prefix", PREFIX);
		distributed.put("keygate.gateway.audit.sink", "redis-stream");
		distributed.put("keygate.audit-stream.stream", STREAM);
		distributed.putAll(TestIntegrityKeys.properties());
		gateway = TestGateway.start(null, TestGateway.properties(upstream, distributed));
		authServer = new RedisGrantStore(redis.uri(), Clock.systemUTC(), PREFIX, TestIntegrityKeys.storeIntegrity());
		attackerClient = RedisClient.create(redis.uri());
		StatefulRedisConnection<String, String> connection = attackerClient.connect();
		attacker = connection.sync();
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		if (authServer != null) {
			authServer.close();
		}
		if (attackerClient != null) {
			attackerClient.shutdown();
		}
		if (upstream != null) {
			upstream.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@BeforeEach
	void freshPerson() {
		this.subject = "engineer" + people.incrementAndGet() + "@itron";
		upstream.clear();
	}

	private static String key(String rest) {
		return "{" + PREFIX + "}:" + rest;
	}

	private Grant grant(String organisation, String level) {
		return new Grant("g-" + UUID.randomUUID(), this.subject, organisation, "head-end", level, Instant.now().minusSeconds(60),
				Instant.now().plusSeconds(3600), "r-1", List.of("approver"));
	}

	/** What the auth server's put script writes, by hand, without a MAC. */
	private void plantUnsigned(Grant grant) {
		Map<String, String> hash = new LinkedHashMap<>();
		hash.put("id", grant.id());
		hash.put("sub", grant.subject());
		hash.put("org", grant.organisation());
		hash.put("tgt", grant.targetId());
		hash.put("lvl", grant.level());
		hash.put("nb", grant.notBefore().toString());
		hash.put("na", grant.notAfter().toString());
		hash.put("nam", Long.toString(grant.notAfter().toEpochMilli()));
		hash.put("req", grant.requestId());
		hash.put("an", "1");
		hash.put("a0", "approver");
		attacker.hset(key("grant:" + grant.id()), hash);
		attacker.set(key("pair:" + grant.subject() + ":" + grant.targetId()), grant.id());
	}

	private HttpResponse<String> send(String method, String path, String organisation) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(gateway.url() + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			// From the gateway's own page: a command without it is refused as CROSS_ORIGIN before any grant is read.
			.header("Origin", gateway.url())
			.header(TestSignin.SUBJECT, this.subject)
			.header(TestSignin.ORGANISATION, organisation)
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String reasonOf(HttpResponse<String> response) {
		if (response.statusCode() != 403) {
			return String.valueOf(response.statusCode());
		}
		return response.body().replaceAll(".*\"code\":\"([A-Z_]+)\".*", "$1");
	}

	private static List<Map<String, String>> alerts(String record) {
		return attacker.xrange(STREAM, Range.create("-", "+"))
			.stream()
			.map(StreamMessage::getBody)
			.filter(body -> "store.integrity.violation".equals(body.get("action")) && record.equals(body.get("detail.record")))
			.toList();
	}

	private static String prometheus() throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(gateway.managementUrl() + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
	}

	@Test
	void requestWhenGrantForgedByHsetThenDeniedNothingForwardedAndHighAlertAuditedAndCounted() throws Exception {
		Grant forged = grant("itron", "operate");
		plantUnsigned(forged);

		assertThat(reasonOf(send("GET", "/t/head-end/api/meters/1", "itron"))).isEqualTo("NO_GRANT");
		assertThat(reasonOf(send("POST", "/t/head-end/api/commands/disconnect", "itron"))).isEqualTo("NO_GRANT");

		assertThat(upstream.received()).isEmpty();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(alerts("GRANT"))
			.anySatisfy(alert -> assertThat(alert).containsEntry("severity", "HIGH")
				.containsEntry("outcome", "REFUSED")
				.containsEntry("detail.key", key("pair:" + this.subject + ":head-end"))
				// The alert is a gateway entry like any other: signed, so the auth server chains it as genuine.
				.containsKeys("kid", "mac")));
		assertThat(prometheus()).containsPattern("keygate_gateway_store_integrity_violations_total\\{record=\"GRANT\"\\} [1-9]");
	}

	@Test
	void requestWhenLevelOfGenuineGrantRaisedInRedisThenDeniedAndNothingForwarded() throws Exception {
		Grant genuine = grant("itron", "read");
		assertThat(authServer.put(genuine)).isEqualTo(GrantStore.PutResult.STORED);
		// read allows no command; the attacker raises the level before the gateway ever read the grant.
		attacker.hset(key("grant:" + genuine.id()), "lvl", "operate");

		assertThat(reasonOf(send("POST", "/t/head-end/api/commands/disconnect", "itron"))).isEqualTo("NO_GRANT");
		assertThat(reasonOf(send("GET", "/t/head-end/api/meters/1", "itron"))).isEqualTo("NO_GRANT");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void requestWhenNotAfterOfGenuineGrantExtendedInRedisThenDeniedOnceItsRealWindowEnds() throws Exception {
		Instant realEnd = Instant.now().plusSeconds(2);
		Grant genuine = new Grant("g-" + UUID.randomUUID(), this.subject, "itron", "head-end", "read",
				Instant.now().minusSeconds(60), realEnd, "r-1", List.of("approver"));
		assertThat(authServer.put(genuine)).isEqualTo(GrantStore.PutResult.STORED);
		Instant forgedEnd = Instant.now().plus(Duration.ofDays(30));
		attacker.hset(key("grant:" + genuine.id()),
				Map.of("na", forgedEnd.toString(), "nam", Long.toString(forgedEnd.toEpochMilli())));
		attacker.persist(key("grant:" + genuine.id()));
		attacker.persist(key("pair:" + this.subject + ":head-end"));
		await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(realEnd.plusMillis(100)));

		assertThat(reasonOf(send("GET", "/t/head-end/api/meters/1", "itron"))).isEqualTo("NO_GRANT");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void requestWhenSuspensionLiftForgedAndRevokedGrantReplayedThenStillSuspendedAndNothingForwarded() throws Exception {
		String organisation = "landis-" + people.get();
		Grant genuine = grant(organisation, "read");
		authServer.put(genuine);
		Map<String, String> captured = attacker.hgetall(key("grant:" + genuine.id()));
		assertThat(send("GET", "/t/head-end/api/meters/1", organisation).statusCode()).isEqualTo(200);
		authServer.suspend(organisation, "breach declared");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> reasonOf(send("GET", "/t/head-end/api/meters/1", organisation)).equals("ORG_SUSPENDED"));
		upstream.clear();

		// The lift, forged: the state flipped beside the suspension's MAC; the revoked grant written back.
		attacker.hset(key("susp:" + organisation), "state", "RESUMED");
		attacker.del(key("tomb:" + this.subject + ":head-end"));
		attacker.hset(key("grant:" + genuine.id()), captured);
		attacker.set(key("pair:" + this.subject + ":head-end"), genuine.id());

		assertThat(reasonOf(send("GET", "/t/head-end/api/meters/1", organisation))).isEqualTo("ORG_SUSPENDED");
		assertThat(upstream.received()).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> !alerts("SUSPENSION").isEmpty());
	}

	@Test
	void revocationMessageWhenForgedThenLiveWebSocketStaysOpenAndGrantStillWorks() throws Exception {
		// operate: the probe sends frames, which a read (receive-only) socket would refuse.
		Grant genuine = grant("itron", "operate");
		authServer.put(genuine);
		try (WebSocketProbe socket = WebSocketProbe.open(gateway.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> socket.messages().contains("echo:hello"));
			int before = alerts("REVOCATION_MESSAGE").size();

			// The format the auth server used to publish (unsigned), naming this grant, this person, this organisation.
			for (String scope : List.of("GRANT\n" + genuine.id(), "SUBJECT\n" + this.subject, "ORGANISATION\nitron")) {
				attacker.publish(key("revocations"),
						"v1\n" + scope + "\n" + System.currentTimeMillis() + "\n1\n" + genuine.id() + "\nforged");
			}

			await().atMost(Duration.ofSeconds(10)).until(() -> alerts("REVOCATION_MESSAGE").size() >= before + 3);
			assertThat(socket.closeStatus()).isNull();
			assertThat(send("GET", "/t/head-end/api/meters/1", "itron").statusCode()).isEqualTo(200);
			assertThat(socket.closeStatus()).isNull();
		}
	}

	@Test
	void startWhenDistributedWithoutIntegrityKeyThenRefusedNamingTheProperty() {
		Map<String, Object> distributed = new LinkedHashMap<>();
		distributed.put("keygate.grant-store.kind", "redis");
		distributed.put("keygate.grant-store.redis-url", redis.url());
		distributed.put("keygate.grant-store.key-prefix", PREFIX);

		assertThatThrownBy(() -> TestGateway.start(null, TestGateway.properties(upstream, distributed)).close())
			.hasStackTraceContaining("keygate.grant-store.integrity-keys is required when keygate.grant-store.kind=redis");
	}

}
