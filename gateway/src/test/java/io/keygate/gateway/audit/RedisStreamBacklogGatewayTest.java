package io.keygate.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.policy.audit.AuditFieldLimits;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The distributed gateway's audit stream: never trimmed by count, bounded by a backlog that makes
 * the gateway deny ({@code AUDIT_BACKLOG_EXCEEDED}) and raise one HIGH alert, and written with
 * field limits so an over-long request cannot poison the consumer.
 */
class RedisStreamBacklogGatewayTest {

	private static final long BOUND = 1000;

	private final String prefix = "backlog-" + UUID.randomUUID().toString().substring(0, 8);

	private final String stream = this.prefix + ":audit";

	private final HttpClient http = HttpClient.newHttpClient();

	private final RedisTestServer redis = RedisTestServer.shared();

	private RecordingUpstream upstream;

	private TestGateway gateway;

	private RedisGrantStore authServer;

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	private RedisCommands<String, String> commands;

	@BeforeEach
	void start() {
		this.upstream = new RecordingUpstream();
		Map<String, Object> distributed = new LinkedHashMap<>();
		distributed.put("keygate.grant-store.kind", "redis");
		distributed.put("keygate.grant-store.redis-url", this.redis.url());
		distributed.put("keygate.grant-store.key-prefix", this.prefix);
		distributed.put("keygate.gateway.audit.sink", "redis-stream");
		distributed.put("keygate.audit-stream.stream", this.stream);
		distributed.put("keygate.audit-stream.max-backlog", BOUND);
		distributed.putAll(TestIntegrityKeys.properties());
		this.gateway = TestGateway.start(null, TestGateway.properties(this.upstream, distributed));
		this.authServer = new RedisGrantStore(this.redis.uri(), Clock.systemUTC(), this.prefix,
				TestIntegrityKeys.storeIntegrity());
		assertThat(this.authServer.put(new Grant("g-1", "vic@itron", "itron", "head-end", "read", Instant.now().minusSeconds(60),
				Instant.now().plusSeconds(3600), "r-1", List.of("approver")))).isEqualTo(GrantStore.PutResult.STORED);
		this.client = RedisClient.create(this.redis.uri());
		this.connection = this.client.connect();
		this.commands = this.connection.sync();
	}

	@AfterEach
	void stop() {
		this.commands.del(this.stream);
		this.connection.close();
		this.client.shutdown();
		this.gateway.close();
		this.authServer.close();
		this.upstream.close();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.gateway.url() + path))
			.header(TestSignin.SUBJECT, "vic@itron")
			.header(TestSignin.ORGANISATION, "itron")
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private List<StreamMessage<String, String>> entries() {
		return this.commands.xrange(this.stream, Range.create("-", "+"));
	}

	@Test
	void requestWhenBacklogAtItsBoundThenDeniedWithItsOwnReasonAlertRaisedAndNothingTrimmed() throws Exception {
		for (int i = 0; i < BOUND; i++) {
			this.commands.xadd(this.stream, Map.of("v", "1", "filler", Integer.toString(i)));
		}
		String oldest = entries().get(0).getId();

		HttpResponse<String> first = get("/t/head-end/api/meters/1");
		HttpResponse<String> second = get("/t/head-end/api/meters/2");

		assertThat(first.statusCode()).isEqualTo(403);
		assertThat(first.body()).contains("\"code\":\"AUDIT_BACKLOG_EXCEEDED\"");
		assertThat(second.body()).contains("\"code\":\"AUDIT_BACKLOG_EXCEEDED\"");
		assertThat(this.upstream.received()).isEmpty();
		List<StreamMessage<String, String>> after = entries();
		assertThat(after.get(0).getId()).as("nothing unchained is trimmed").isEqualTo(oldest);
		assertThat(after).filteredOn(m -> "access.decision".equals(m.getBody().get("action"))).isEmpty();
		// One alert for the burst (at most one per interval), past the bound so that it is heard.
		assertThat(after).filteredOn(m -> "audit.backlog.exceeded".equals(m.getBody().get("action")))
			.singleElement()
			.satisfies(m -> {
				assertThat(m.getBody()).containsEntry("severity", "HIGH").containsEntry("reason", "AUDIT_BACKLOG_EXCEEDED");
				assertThat(m.getBody()).containsEntry("detail.bound", Long.toString(BOUND));
			});

		// The consumer chains and trims (here: the test), and requests flow again.
		this.commands.del(this.stream);
		assertThat(get("/t/head-end/api/meters/3").statusCode()).isEqualTo(200);
		// The decision is written before forwarding; its completion may already follow it.
		assertThat(entries()).filteredOn(m -> "access.decision".equals(m.getBody().get("action")))
			.singleElement()
			.satisfies(m -> assertThat(m.getBody()).containsEntry("outcome", "allow"));
		assertThat(entries()).extracting(m -> m.getBody().get("action")).isSubsetOf("access.decision", "access.completed");
	}

	@Test
	void requestWhenAboveTheOldCountCapThenStreamKeepsEveryEntry() throws Exception {
		// Before: XADD MAXLEN ~ trimmed unchained entries once the stream grew. Now only the bound denies.
		for (int i = 0; i < BOUND - 10; i++) {
			this.commands.xadd(this.stream, Map.of("v", "1", "filler", Integer.toString(i)));
		}
		// Each forwarded request adds its decision and, when it ends, its completion.
		for (int i = 0; i < 5; i++) {
			assertThat(get("/t/head-end/api/meters/" + i).statusCode()).isEqualTo(200);
		}
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
			.until(() -> this.commands.xlen(this.stream) == BOUND);
		assertThat(get("/t/head-end/api/meters/6").body()).contains("AUDIT_BACKLOG_EXCEEDED");
	}

	@Test
	void requestWhenTargetSegmentOverLongThenStreamEntryWithinFieldLimits() throws Exception {
		String target = "x".repeat(4000);

		assertThat(get("/t/" + target + "/api").statusCode()).isEqualTo(403);

		StreamMessage<String, String> entry = entries().get(0);
		assertThat(entry.getBody().get("reason")).isEqualTo("UNKNOWN_TARGET");
		assertThat(entry.getBody().get("target")).startsWith("xxx").hasSizeLessThanOrEqualTo(AuditFieldLimits.MAX_FIELD);
		assertThat(entry.getBody()).containsEntry("detail." + AuditFieldLimits.TRUNCATED_DETAIL, "true");
	}

}
