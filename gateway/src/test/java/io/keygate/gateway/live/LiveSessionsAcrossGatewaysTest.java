package io.keygate.gateway.live;

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
import java.util.Optional;
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
import io.keygate.grantstore.redis.RedisGatewayPresence;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.InMemoryAuditLog;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.live.LiveSessionReport;
import io.keygate.policy.live.SessionTermination;
import io.keygate.policy.presence.GatewayInstance;
import io.keygate.testsupport.RedisTestServer;

/**
 * Live sessions in the distributed mode: two gateway instances (their own application contexts and
 * ports) heartbeat into one real Redis; the test reads and terminates through the same
 * {@link RedisGatewayPresence} the auth server uses, standing in for it. Only sign-in is stood in
 * for ({@link TestSignin}, which carries no browser session: one live session per grant and gateway).
 */
class LiveSessionsAcrossGatewaysTest {

	private static final String PREFIX = "live-test-" + UUID.randomUUID().toString().substring(0, 8);

	private static final Duration SILENT_AFTER = Duration.ofSeconds(2);

	private static final Duration EVENTUALLY = Duration.ofSeconds(15);

	private static final AtomicInteger people = new AtomicInteger();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RedisTestServer redis;

	private static RecordingUpstream upstream;

	private static TestGateway first;

	private static TestGateway second;

	private static GrantStore grants;

	private static RedisGatewayPresence authServer;

	private String subject;

	@BeforeAll
	static void start() {
		redis = RedisTestServer.startPrivateWithPassword("keygate", UUID.randomUUID().toString().replace("-", ""));
		upstream = new RecordingUpstream();
		first = TestGateway.start(null, TestGateway.properties(upstream, distributed("gw-first")));
		second = TestGateway.start(null, TestGateway.properties(upstream, distributed("gw-second")));
		grants = new RedisGrantStore(redis.uri(), Clock.systemUTC(), PREFIX, TestIntegrityKeys.storeIntegrity());
		authServer = new RedisGatewayPresence(redis.uri(), PREFIX, Duration.ofHours(1), TestIntegrityKeys.storeIntegrity());
	}

	private static Map<String, Object> distributed(String instanceId) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("keygate.grant-store.kind", "redis");
		properties.put("keygate.grant-store.redis-url", redis.url());
		properties.put("keygate.grant-store.key-prefix", PREFIX);
		properties.put("keygate.gateway.live.instance-id", instanceId);
		properties.put("keygate.gateway.live.heartbeat-interval", "PT0.2S");
		properties.putAll(TestIntegrityKeys.properties());
		return properties;
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { first, second, authServer, grants, upstream, redis }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// keep closing the others
				}
			}
		}
	}

	@BeforeEach
	void freshPerson() {
		this.subject = "engineer" + people.incrementAndGet() + "@itron";
	}

	private Grant grant() {
		Grant grant = new Grant("g-" + UUID.randomUUID(), this.subject, "itron", "head-end", "operate",
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "r-1", List.of("approver"));
		assertThat(grants.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
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

	private Optional<LiveSessionReport> sessionOn(String gateway, Grant grant) {
		return authServer.sessions()
			.stream()
			.filter(s -> s.gatewayInstance().equals(gateway) && s.grantId().equals(grant.id()))
			.findFirst();
	}

	@Test
	void requestsWhenOnBothGatewaysThenLiveViewListsOneSessionPerGatewayWithCountsAndWebSockets() throws Exception {
		Grant grant = grant();
		assertThat(get(first, "/t/head-end/api/meters/1").statusCode()).isEqualTo(200);
		assertThat(get(first, "/t/head-end/api/meters/2").statusCode()).isEqualTo(200);
		assertThat(get(second, "/t/head-end/api/meters/3").statusCode()).isEqualTo(200);
		try (WebSocketProbe socket = WebSocketProbe.open(second.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(EVENTUALLY).until(() -> socket.messages().contains("echo:hello"));
			await().atMost(EVENTUALLY).untilAsserted(() -> {
				LiveSessionReport onFirst = sessionOn("gw-first", grant).orElseThrow();
				assertThat(onFirst.requests()).isEqualTo(2);
				assertThat(onFirst.bytes()).isPositive();
				assertThat(onFirst.subject()).isEqualTo(this.subject);
				assertThat(onFirst.organisation()).isEqualTo("itron");
				assertThat(onFirst.targetId()).isEqualTo("head-end");
				assertThat(onFirst.clientAddress()).isEqualTo("127.0.0.1");
				assertThat(onFirst.openWebSockets()).isZero();
				LiveSessionReport onSecond = sessionOn("gw-second", grant).orElseThrow();
				assertThat(onSecond.requests()).isEqualTo(2);
				assertThat(onSecond.openWebSockets()).isEqualTo(1);
			});
		}
		assertThat(authServer.instances()).extracting(GatewayInstance::id).contains("gw-first", "gw-second");
	}

	@Test
	void terminateWhenAddressedToFirstGatewayThenItsWebSocketClosesAndRequestsDeniedWhileSecondKeepsItsSession()
			throws Exception {
		Grant grant = grant();
		try (WebSocketProbe onFirst = WebSocketProbe.open(first.url(), "/t/head-end/ws", this.subject, "itron");
				WebSocketProbe onSecond = WebSocketProbe.open(second.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(EVENTUALLY)
				.until(() -> onFirst.messages().contains("echo:hello") && onSecond.messages().contains("echo:hello"));
			LiveSessionReport target = await().atMost(EVENTUALLY)
				.until(() -> sessionOn("gw-first", grant), Optional::isPresent)
				.orElseThrow();

			authServer.terminate(new SessionTermination("gw-first", target.id(), "approver@utility", Instant.now()));

			await().atMost(EVENTUALLY).until(() -> onFirst.closeStatus() != null);
			assertThat(onFirst.closeStatus().getCode()).isEqualTo(1008);
			assertThat(onFirst.closeStatus().getReason()).isEqualTo("An administrator ended this session.");
			assertThat(reasonOf(get(first, "/t/head-end/api/meters/1"))).isEqualTo("SESSION_TERMINATED");
			assertThat(onSecond.closeStatus()).isNull();
			assertThat(get(second, "/t/head-end/api/meters/1").statusCode()).isEqualTo(200);
			await().atMost(EVENTUALLY).until(() -> sessionOn("gw-first", grant).isEmpty());
			assertThat(sessionOn("gw-second", grant)).isPresent();
			// The gateway records when the Terminate took effect there, and how long after it was asked for.
			assertThat(((InMemoryAuditLog) first.context().getBean(AuditLog.class)).events())
				.extracting(AuditEvent::entry)
				.filteredOn(e -> e.action().equals(AuditAction.SESSION_TERMINATED.action()) && grant.id().equals(e.grantId()))
				.singleElement()
				.satisfies(e -> {
					assertThat(e.outcome()).isEqualTo("closed");
					assertThat(e.details()).containsEntry("gateway", "gw-first").containsEntry("session", target.id())
						.containsKey("latencyMillis");
				});
			assertThat(((InMemoryAuditLog) second.context().getBean(AuditLog.class)).events()).extracting(AuditEvent::entry)
				.noneMatch(e -> e.action().equals(AuditAction.SESSION_TERMINATED.action()));
		}
		// The grant stands: nothing was revoked in the store.
		assertThat(grants.lookup(this.subject, "itron", "head-end")).isInstanceOf(io.keygate.policy.grant.GrantLookup.Live.class);
	}

	@Test
	void instancesWhenGatewayStoppedThenItsHeartbeatGoesSilentWhileOthersStayCurrent() {
		TestGateway third = TestGateway.start(null, TestGateway.properties(upstream, distributed("gw-third")));
		try {
			await().atMost(EVENTUALLY).until(() -> authServer.instances().stream().anyMatch(i -> i.id().equals("gw-third")));
		}
		finally {
			third.close();
		}
		await().atMost(EVENTUALLY).untilAsserted(() -> {
			Instant now = Instant.now();
			List<GatewayInstance> instances = authServer.instances();
			assertThat(instances).filteredOn(i -> i.id().equals("gw-third"))
				.singleElement()
				.satisfies(i -> assertThat(i.silentAt(now, SILENT_AFTER)).isTrue());
			assertThat(instances).filteredOn(i -> !i.id().equals("gw-third"))
				.extracting(i -> i.silentAt(now, SILENT_AFTER))
				.containsOnly(false);
		});
	}

}
