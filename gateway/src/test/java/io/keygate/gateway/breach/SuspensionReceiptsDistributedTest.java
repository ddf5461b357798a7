package io.keygate.gateway.breach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.gateway.testsupport.WebSocketProbe;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.grantstore.redis.RedisSuspensionReceipts;
import io.keygate.policy.breach.SuspensionReceipt;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.testsupport.RedisTestServer;

/**
 * Receipts from two gateway instances (separate application contexts on their own ports) sharing
 * one real Redis: on an organisation's suspension each closes its own live sessions and leaves a
 * receipt with how many it closed; a gateway that is down leaves none, which is what the auth
 * server shows red.
 */
class SuspensionReceiptsDistributedTest {

	private static final String PREFIX = "gw-receipts-" + UUID.randomUUID().toString().substring(0, 8);

	private static RedisTestServer redis;

	private static RecordingUpstream upstream;

	private static TestGateway first;

	private static TestGateway second;

	private static GrantStore authServer;

	private static RedisSuspensionReceipts receipts;

	@BeforeAll
	static void start() {
		redis = RedisTestServer.startPrivateWithPassword("keygate", UUID.randomUUID().toString().replace("-", ""));
		upstream = new RecordingUpstream();
		Map<String, Object> distributed = new LinkedHashMap<>();
		distributed.put("keygate.grant-store.kind", "redis");
		distributed.put("keygate.grant-store.redis-url", redis.url());
		distributed.put("keygate.grant-store.key-prefix", PREFIX);
		distributed.put("keygate.gateway.audit.sink", "redis-stream");
		distributed.put("keygate.audit-stream.stream", PREFIX + ":audit");
		distributed.putAll(TestIntegrityKeys.properties());
		Map<String, Object> a = new LinkedHashMap<>(distributed);
		a.put("keygate.gateway.live.instance-id", "gw-a");
		Map<String, Object> b = new LinkedHashMap<>(distributed);
		b.put("keygate.gateway.live.instance-id", "gw-b");
		first = TestGateway.start(null, TestGateway.properties(upstream, a));
		second = TestGateway.start(null, TestGateway.properties(upstream, b));
		authServer = new RedisGrantStore(redis.uri(), Clock.systemUTC(), PREFIX, TestIntegrityKeys.storeIntegrity());
		receipts = new RedisSuspensionReceipts(redis.uri(), PREFIX, Duration.ofSeconds(2));
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { first, second, receipts, upstream, redis }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// closing what the test started; the next closes anyway
				}
			}
		}
		if (authServer != null) {
			authServer.close();
		}
	}

	private static void grant(String subject, String organisation) {
		Grant grant = new Grant("g-" + UUID.randomUUID(), subject, organisation, "head-end", "operate",
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "r-1", List.of("approver"));
		assertThat(authServer.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
	}

	@Test
	void suspendWhenSessionsOnBothGatewaysThenEachClosesItsOwnAndBothReceiptsWritten() {
		String organisation = "itron" + UUID.randomUUID().toString().substring(0, 6);
		grant("vic@" + organisation, organisation);
		grant("eve@" + organisation, organisation);
		try (WebSocketProbe onFirst = WebSocketProbe.open(first.url(), "/t/head-end/ws", "vic@" + organisation, organisation);
				WebSocketProbe alsoOnFirst = WebSocketProbe.open(first.url(), "/t/head-end/ws", "eve@" + organisation,
						organisation);
				WebSocketProbe onSecond = WebSocketProbe.open(second.url(), "/t/head-end/ws", "vic@" + organisation,
						organisation)) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> onFirst.messages().contains("echo:hello") && alsoOnFirst.messages().contains("echo:hello")
						&& onSecond.messages().contains("echo:hello"));

			authServer.suspend(organisation, "breach d1: ADV-1");

			await().atMost(Duration.ofSeconds(10))
				.until(() -> onFirst.closeStatus() != null && alsoOnFirst.closeStatus() != null && onSecond.closeStatus() != null);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(receipts.receiptsFor(organisation, "breach d1: ADV-1"))
				.extracting(SuspensionReceipt::gatewayInstance, SuspensionReceipt::sessionsClosed)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("gw-a", 2), org.assertj.core.groups.Tuple.tuple("gw-b", 1)));
		}
	}

	@Test
	void suspendWhenNoSessionsThenBothGatewaysStillGiveReceiptsOfZero() {
		String organisation = "landis" + UUID.randomUUID().toString().substring(0, 6);

		authServer.suspend(organisation, "breach d2: ADV-2");

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(receipts.receiptsFor(organisation, "breach d2: ADV-2"))
			.extracting(SuspensionReceipt::gatewayInstance, SuspensionReceipt::sessionsClosed)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("gw-a", 0), org.assertj.core.groups.Tuple.tuple("gw-b", 0)));
	}

}
