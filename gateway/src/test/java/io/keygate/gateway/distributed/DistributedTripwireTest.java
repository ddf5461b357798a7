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

import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.gateway.testsupport.WebSocketProbe;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.grantstore.redis.RedisHoneytokenRegistry;
import io.keygate.policy.decoy.HoneytokenFormat;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The tripwire in the distributed mode: two gateways on one real Redis, the honeytoken hashes
 * planted by the auth server's side of the registry, the decisions on the Redis audit stream.
 */
class DistributedTripwireTest {

	private static final String PREFIX = "trip-test-" + UUID.randomUUID().toString().substring(0, 8);

	private static final String STREAM = PREFIX + ":audit";

	private static final AtomicInteger people = new AtomicInteger();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RedisTestServer redis;

	private static RecordingUpstream upstream;

	private static TestGateway first;

	private static TestGateway second;

	private static GrantStore authServer;

	private static RedisHoneytokenRegistry planted;

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> raw;

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
		first = TestGateway.start(null, TestGateway.properties(upstream, distributed));
		second = TestGateway.start(null, TestGateway.properties(upstream, distributed));
		authServer = new RedisGrantStore(redis.uri(), Clock.systemUTC(), PREFIX, TestIntegrityKeys.storeIntegrity());
		planted = new RedisHoneytokenRegistry(redis.uri(), PREFIX, TestIntegrityKeys.keys(), Duration.ofSeconds(1));
		client = RedisClient.create(redis.uri());
		raw = client.connect();
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { first, second, authServer, planted, raw, upstream, redis }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// closing anyway
			}
		}
		if (client != null) {
			client.shutdown();
		}
	}

	@BeforeEach
	void freshPerson() {
		this.subject = "engineer" + people.incrementAndGet() + "@itron";
		upstream.clear();
	}

	private void grant() {
		Grant grant = new Grant("g-" + UUID.randomUUID(), this.subject, "itron", "head-end", "operate",
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "r-1", List.of("approver"));
		assertThat(authServer.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
	}

	private HttpResponse<String> get(TestGateway gateway, String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + path))
			.header(TestSignin.SUBJECT, this.subject)
			.header(TestSignin.ORGANISATION, "itron")
			.header("Accept", "application/json");
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String streamed() {
		return raw.sync().xrange(STREAM, io.lettuce.core.Range.create("-", "+")).toString();
	}

	@Test
	void honeytokenWhenPlantedByAuthServerThenEveryGatewayTripsOnItWithinRefreshAndStreamsTheTrip() throws Exception {
		grant();
		String token = HoneytokenFormat.generate();
		String id = "ht-" + UUID.randomUUID().toString().substring(0, 8);

		planted.plant(id, HoneytokenFormat.hash(token));

		await().atMost(Duration.ofSeconds(5)).until(() -> get(second, "/t/head-end/api/meters", "Authorization", "Bearer " + token)
			.statusCode() == 403);
		HttpResponse<String> refused = get(second, "/t/head-end/api/meters", "Authorization", "Bearer " + token);
		assertThat(refused.body()).contains("\"code\":\"UNKNOWN_TARGET\"");
		await().atMost(Duration.ofSeconds(5)).until(() -> streamed().contains(id));
		assertThat(streamed()).contains("HONEYTOKEN").doesNotContain(token);
		// Refused on this gateway at once, whether or not its Redis user may revoke (the deployed one may not).
		assertThat(get(second, "/t/head-end/api/meters").statusCode()).isEqualTo(403);
	}

	@Test
	void honeytokenWhenEntryNotSignedByKeygateThenIgnoredAndRequestForwarded() throws Exception {
		grant();
		String innocent = HoneytokenFormat.generate();
		raw.sync().hset("{" + PREFIX + "}:honeytokens", HoneytokenFormat.hash(innocent), "ht-forged|test-k1|bad");
		planted.refresh();

		HttpResponse<String> response = get(first, "/t/head-end/api/meters", "X-Api-Key", innocent);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(planted.idOf(HoneytokenFormat.hash(innocent))).isEmpty();
	}

	@Test
	void decoyWhenTouchedOnOneGatewayThenLiveSocketThereClosedAndTripStreamed() throws Exception {
		grant();
		try (WebSocketProbe probe = WebSocketProbe.open(first.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.messages().contains("echo:hello"));

			HttpResponse<String> touched = get(first, "/t/historian/x");

			assertThat(touched.body()).contains("\"code\":\"UNKNOWN_TARGET\"");
			await().atMost(Duration.ofSeconds(2)).until(() -> probe.closeStatus() != null);
			assertThat(probe.closeStatus().getCode()).isEqualTo(1008);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> streamed().contains("DECOY") && streamed().contains(this.subject));
	}

}
