package io.keygate.grantstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.keygate.policy.live.LiveSessionReport;
import io.keygate.policy.live.SessionTermination;
import io.keygate.policy.presence.GatewayInstance;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/**
 * The Redis users infra/README.md documents, with the live-session namespace: a gateway heartbeats,
 * reports and hears terminations under {@code {keygate}:live:*}, the auth server reads and sends
 * terminations, and the gateway still cannot write a grant.
 */
class RedisGatewayPresenceAclTest {

	private static final String AUTH_PASSWORD = "auth-" + UUID.randomUUID().toString().replace("-", "");

	private static final String GATEWAY_PASSWORD = "gw-" + UUID.randomUUID().toString().replace("-", "");

	@Test
	void documentedUsersWhenGatewayHeartbeatsAndAuthServerTerminatesThenAllowedAndGrantsStillReadOnly() throws Exception {
		List<String> users = List.of(
				"keygate-auth on >" + AUTH_PASSWORD
						+ " ~{keygate}:* ~keygate:audit:* &{keygate}:revocations &{keygate}:live:* +@all -@dangerous",
				"keygate-gateway on >" + GATEWAY_PASSWORD
						+ " %R~{keygate}:* ~{keygate}:live:* ~{keygate}:session:* ~keygate:audit:* &{keygate}:revocations"
						+ " &{keygate}:live:* &{keygate}:session:* +@all -@dangerous");
		try (RedisTestServer redis = RedisTestServer.startPrivateWithUsers("admin", "admin-" + UUID.randomUUID().toString().replace("-", ""), users);
				RedisGatewayPresence gateway = new RedisGatewayPresence(as(redis, "keygate-gateway", GATEWAY_PASSWORD), "keygate",
						Duration.ofHours(1), TestIntegrity.keys());
				RedisGatewayPresence auth = new RedisGatewayPresence(as(redis, "keygate-auth", AUTH_PASSWORD), "keygate",
						Duration.ofHours(1), TestIntegrity.keys())) {
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			List<SessionTermination> heard = new CopyOnWriteArrayList<>();
			try (AutoCloseable subscription = gateway.onTermination("gw-1", heard::add)) {
				gateway.heartbeat(new GatewayInstance("gw-1", "1.0", now, now));
				gateway.report("gw-1", List.of(new LiveSessionReport("s1", "gw-1", "erin@itron", "itron", "head-end", "g-1",
						now.plusSeconds(600), "10.0.0.7", now, now, 1, 10, 0)));
				assertThat(auth.instances()).extracting(GatewayInstance::id).containsExactly("gw-1");
				assertThat(auth.sessions()).extracting(LiveSessionReport::id).containsExactly("s1");
				auth.terminate(new SessionTermination("gw-1", "s1", "approver", now));
				await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
				assertThat(gateway.pendingTerminations("gw-1")).hasSize(1);
			}
			RedisClient client = RedisClient.create(as(redis, "keygate-gateway", GATEWAY_PASSWORD));
			try (var connection = client.connect()) {
				assertThatThrownBy(() -> connection.sync().hset("{keygate}:grant:forged", Map.of("id", "forged")))
					.hasMessageContaining("NOPERM");
			}
			finally {
				client.shutdown();
			}
		}
	}

	private static RedisURI as(RedisTestServer redis, String user, String password) {
		return RedisURI.builder().withHost(redis.host()).withPort(redis.port()).withAuthentication(user, password).build();
	}

}
