package io.keygate.gateway.distributed;

import static org.assertj.core.api.Assertions.assertThat;
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

import io.keygate.gateway.audit.DecisionEvents;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.gateway.testsupport.WebSocketProbe;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The distributed mode: two gateway instances (separate application contexts on their own ports)
 * sharing one real Redis for grants, revocations (pub/sub) and audit (a stream), a real upstream,
 * and a Redis grant store of the test's own standing in for the auth server that approves and
 * revokes. Only the sign-in is stood in for ({@link TestSignin}).
 */
class DistributedGatewayTest {

	private static final String PREFIX = "gw-test-" + UUID.randomUUID().toString().substring(0, 8);

	private static final String STREAM = PREFIX + ":audit";

	private static final AtomicInteger people = new AtomicInteger();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RedisTestServer redis;

	private static RecordingUpstream upstream;

	private static TestGateway first;

	private static TestGateway second;

	private static GrantStore authServer;

	private String subject;

	@BeforeAll
	static void start() {
		// As deployed: no client without the ACL user's password.
		redis = RedisTestServer.startPrivateWithPassword("keygate", UUID.randomUUID().toString().replace("-", ""));
		upstream = new RecordingUpstream();
		Map<String, Object> distributed = new LinkedHashMap<>();
		distributed.put("keygate.grant-store.kind", "redis");
		distributed.put("keygate.grant-store.redis-url", redis.url());
		distributed.put("keygate.grant-store.key-prefix", PREFIX);
		distributed.put("keygate.gateway.audit.sink", "redis-stream");
		distributed.put("keygate.audit-stream.stream", STREAM);
		distributed.putAll(TestIntegrityKeys.properties());
		first = TestGateway.start(null, TestGateway.properties(upstream, distributed));
		second = TestGateway.start(null, TestGateway.properties(upstream, distributed));
		authServer = new RedisGrantStore(redis.uri(), Clock.systemUTC(), PREFIX, TestIntegrityKeys.storeIntegrity());
	}

	@AfterAll
	static void stop() {
		if (first != null) {
			first.close();
		}
		if (second != null) {
			second.close();
		}
		if (authServer != null) {
			authServer.close();
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

	private Grant grant() {
		Grant grant = new Grant("g-" + UUID.randomUUID(), this.subject, "itron", "head-end", "operate",
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "r-1", List.of("approver"));
		assertThat(authServer.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
		return grant;
	}

	private HttpResponse<String> get(TestGateway gateway, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(gateway.url() + path))
			.header(TestSignin.SUBJECT, this.subject)
			.header(TestSignin.ORGANISATION, "itron")
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String reasonOf(HttpResponse<String> response) {
		if (response.statusCode() != 403) {
			return String.valueOf(response.statusCode());
		}
		return response.body().replaceAll(".*\"code\":\"([A-Z_]+)\".*", "$1");
	}

	@Test
	void revocationWhileWebSocketsOpenOnBothInstancesThenBothClosedWith1008AndNextRequestDenied() throws Exception {
		Grant grant = grant();
		try (WebSocketProbe onFirst = WebSocketProbe.open(first.url(), "/t/head-end/ws", this.subject, "itron");
				WebSocketProbe onSecond = WebSocketProbe.open(second.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> onFirst.messages().contains("echo:hello") && onSecond.messages().contains("echo:hello"));
			authServer.revoke(grant.id(), "approver revoked");
			await().atMost(Duration.ofSeconds(10)).until(() -> onFirst.closeStatus() != null && onSecond.closeStatus() != null);
			assertThat(onFirst.closeStatus().getCode()).isEqualTo(1008);
			assertThat(onSecond.closeStatus().getCode()).isEqualTo(1008);
			assertThat(onSecond.closeStatus().getReason()).isEqualTo("Your access grant was revoked.");
		}
		upstream.clear();
		assertThat(reasonOf(get(first, "/t/head-end/api/meters/1"))).isEqualTo("REVOKED");
		assertThat(reasonOf(get(second, "/t/head-end/api/meters/1"))).isEqualTo("REVOKED");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void requestWhenAllowedOnEitherInstanceThenForwardedAndDecisionInAuditStream() throws Exception {
		Grant grant = grant();
		assertThat(get(first, "/t/head-end/api/meters/1").statusCode()).isEqualTo(200);
		assertThat(get(second, "/t/head-end/api/meters/2").statusCode()).isEqualTo(200);
		assertThat(reasonOf(get(second, "/t/mdm/readings"))).isEqualTo("NO_GRANT");
		try (RedisClient client = RedisClient.create(redis.uri()); StatefulRedisConnection<String, String> connection = client.connect()) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				List<StreamMessage<String, String>> entries = connection.sync().xrange(STREAM, Range.create("-", "+"));
				List<Map<String, String>> mine = entries.stream()
					.map(StreamMessage::getBody)
					.filter(body -> this.subject.equals(body.get("actor")))
					.toList();
				assertThat(mine).anySatisfy(body -> {
					assertThat(body).containsEntry("action", DecisionEvents.DECISION)
						.containsEntry("outcome", "allow")
						.containsEntry("grant", grant.id())
						.containsEntry("detail.path", "/api/meters/2");
				});
				assertThat(mine).anySatisfy(body -> assertThat(body).containsEntry("action", DecisionEvents.DECISION)
					.containsEntry("outcome", "deny")
					.containsEntry("reason", "NO_GRANT")
					.containsEntry("target", "mdm"));
				assertThat(mine).anySatisfy(body -> assertThat(body).containsEntry("action", DecisionEvents.COMPLETED)
					.containsEntry("detail.status", "200"));
			});
			client.shutdown();
		}
	}

	@Test
	void redisStoppedThenStoreUnavailableAndSessionsClosedAndRestartedThenTrafficFlowsWithoutRestartingGateway()
			throws Exception {
		grant();
		assertThat(get(first, "/t/head-end/api/meters/1").statusCode()).isEqualTo(200);
		try (WebSocketProbe open = WebSocketProbe.open(first.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> open.messages().contains("echo:hello"));
			assertThat(status(first, "/actuator/health")).isEqualTo(200);
			redis.stop();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> status(first, "/actuator/health") == 503);
				await().atMost(Duration.ofSeconds(10)).until(() -> open.closeStatus() != null);
				assertThat(open.closeStatus().getCode()).isEqualTo(1008);
				upstream.clear();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> reasonOf(get(first, "/t/head-end/api/meters/1")).equals("STORE_UNAVAILABLE"));
				assertThat(reasonOf(get(second, "/t/head-end/api/meters/1"))).isEqualTo("STORE_UNAVAILABLE");
				assertThat(upstream.received()).isEmpty();
			}
			finally {
				redis.start();
			}
		}
		// The restarted Redis is empty (no persistence in tests): the auth server writes the grant again.
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
			grant();
			return true;
		});
		await().atMost(Duration.ofSeconds(20))
			.until(() -> get(first, "/t/head-end/api/meters/3").statusCode() == 200
					&& get(second, "/t/head-end/api/meters/3").statusCode() == 200);
		await().atMost(Duration.ofSeconds(10)).until(() -> status(first, "/actuator/health") == 200);
	}

	/** Health and metrics are on the management port only. */
	private static int status(TestGateway gateway, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(gateway.managementUrl() + path)).build(),
				HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	static String prometheus(TestGateway gateway) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.managementUrl() + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	@Test
	void metricsWhenTrafficAndRevocationThenDecisionsCacheHitsLiveSessionsAndCloseLatencyExported() throws Exception {
		Grant grant = grant();
		for (int i = 0; i < 5; i++) {
			assertThat(get(first, "/t/head-end/api/meters/" + i).statusCode()).isEqualTo(200);
		}
		try (WebSocketProbe probe = WebSocketProbe.open(first.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.messages().contains("echo:hello"));
			assertThat(prometheus(first)).contains("keygate_gateway_live_sessions{kind=\"websocket\"} 1.0");
			authServer.revoke(grant.id(), "approver revoked");
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.closeStatus() != null);
		}
		// Last: touching a decoy cuts the person off on this gateway at once.
		assertThat(reasonOf(get(first, "/t/historian/x"))).isEqualTo("UNKNOWN_TARGET");
		String metrics = prometheus(first);
		assertThat(metrics).containsPattern("keygate_gateway_decisions_total\\{outcome=\"allow\",reason=\"NONE\"\\} [1-9]")
			.containsPattern("keygate_gateway_decisions_total\\{outcome=\"deny\",reason=\"DECOY\"\\} [1-9]")
			.containsPattern("keygate_gateway_grant_cache_lookups_total\\{result=\"hit\"\\} [1-9]")
			.contains("keygate_gateway_revocation_close_latency_seconds_count");
		metrics.lines()
			.filter(line -> line.startsWith("keygate_gateway_revocation_close_latency_seconds")
					|| line.startsWith("keygate_gateway_grant_cache_lookups_total"))
			.forEach(line -> System.out.println("measured: " + line));
	}

}
