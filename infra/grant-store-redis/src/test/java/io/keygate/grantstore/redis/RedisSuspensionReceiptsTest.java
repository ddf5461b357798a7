package io.keygate.grantstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.keygate.policy.breach.SuspensionReceipt;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/**
 * Receipts in real Redis: two gateways write theirs, the auth server reads both for the one
 * suspension it asks about; a gateway's ACL user (the deployment's) may write them.
 */
class RedisSuspensionReceiptsTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	@Test
	void receiptsForWhenTwoGatewaysWroteThenBothReadForThatSuspensionAndUnreadableIgnored() {
		String prefix = "receipts-" + UUID.randomUUID().toString().substring(0, 8);
		RedisURI uri = RedisTestServer.sharedWithPassword().uri();
		Instant at = Instant.parse("2026-11-08T10:00:00Z");
		try (RedisSuspensionReceipts gatewayA = new RedisSuspensionReceipts(uri, prefix, TIMEOUT);
				RedisSuspensionReceipts gatewayB = new RedisSuspensionReceipts(uri, prefix, TIMEOUT);
				RedisSuspensionReceipts auth = new RedisSuspensionReceipts(uri, prefix, TIMEOUT)) {
			gatewayA.record(new SuspensionReceipt("itron", "breach d1: ADV", "gw-a", 3, at));
			gatewayB.record(new SuspensionReceipt("itron", "breach d1: ADV", "gw-b", 0, at.plusSeconds(1)));
			gatewayA.record(new SuspensionReceipt("itron", "an earlier suspension", "gw-a", 9, at));
			RedisClient raw = RedisClient.create(uri);
			try (var connection = raw.connect()) {
				connection.sync().hset(prefix + ":audit:receipts:itron", "gw-forged\nbreach d1: ADV", "not a receipt");
			}
			finally {
				raw.shutdown();
			}

			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(auth.receiptsFor("itron", "breach d1: ADV"))
				.containsExactly(new SuspensionReceipt("itron", "breach d1: ADV", "gw-a", 3, at),
						new SuspensionReceipt("itron", "breach d1: ADV", "gw-b", 0, at.plusSeconds(1))));
			assertThat(auth.receiptsFor("landis", "breach d1: ADV")).isEmpty();
		}
		finally {
			RedisTestServer.sharedWithPassword().deleteKeys(prefix + ":*");
		}
	}

	@Test
	void recordWhenGatewayAclUserThenWrittenUnderAuditKeys() {
		String authPassword = "auth-" + UUID.randomUUID().toString().replace("-", "");
		String gatewayPassword = "gw-" + UUID.randomUUID().toString().replace("-", "");
		List<String> users = List.of(
				"keygate-auth on >" + authPassword + " ~{keygate}:* ~keygate:audit:* &{keygate}:revocations +@all -@dangerous",
				"keygate-gateway on >" + gatewayPassword
						+ " %R~{keygate}:* ~keygate:audit:* &{keygate}:revocations +@all -@dangerous");
		try (RedisTestServer redis = RedisTestServer.startPrivateWithUsers("admin",
				"admin-" + UUID.randomUUID().toString().replace("-", ""), users);
				RedisSuspensionReceipts gateway = new RedisSuspensionReceipts(as(redis, "keygate-gateway", gatewayPassword), "keygate",
						TIMEOUT);
				RedisSuspensionReceipts auth = new RedisSuspensionReceipts(as(redis, "keygate-auth", authPassword), "keygate",
						TIMEOUT)) {
			SuspensionReceipt receipt = new SuspensionReceipt("itron", "breach d2: ADV", "gw-1", 1, Instant.now());

			gateway.record(receipt);

			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(auth.receiptsFor("itron", "breach d2: ADV"))
				.containsExactly(receipt));
		}
	}

	@Test
	void recordWhenRedisUnreachableThenNothingThrownAndReadingFails() throws Exception {
		int closedPort;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		try (RedisSuspensionReceipts receipts = new RedisSuspensionReceipts(RedisURI.create("127.0.0.1", closedPort), "keygate",
				Duration.ofMillis(200))) {
			// A gateway's revocation feed must not fail on its receipt; the missing receipt shows.
			receipts.record(new SuspensionReceipt("itron", "breach d3: ADV", "gw-1", 1, Instant.now()));

			org.assertj.core.api.Assertions.assertThatThrownBy(() -> receipts.receiptsFor("itron", "breach d3: ADV"))
				.isInstanceOf(RuntimeException.class);
		}
	}

	private static RedisURI as(RedisTestServer redis, String user, String password) {
		RedisURI uri = RedisURI.create(redis.host(), redis.port());
		uri.setUsername(user);
		uri.setPassword(password.toCharArray());
		return uri;
	}

}
