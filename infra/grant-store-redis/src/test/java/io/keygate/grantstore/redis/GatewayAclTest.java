package io.keygate.grantstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.testsupport.MutableClock;
import io.keygate.policy.testsupport.TestGrants;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/**
 * The Redis users infra/README.md documents for the deployment: the auth server writes, a gateway
 * only reads grants (and appends to the audit stream, and hears revocations). A gateway's password in
 * the wrong hands then cannot write a grant at all, signed or not.
 */
class GatewayAclTest {

	private static final String AUTH_PASSWORD = "auth-" + UUID.randomUUID().toString().replace("-", "");

	private static final String GATEWAY_PASSWORD = "gw-" + UUID.randomUUID().toString().replace("-", "");

	@Test
	void gatewayUserWhenDeploymentAclThenReadsGrantsHearsRevocationsAndCannotWriteGrants() {
		String prefix = "keygate";
		List<String> users = List.of(
				"keygate-auth on >" + AUTH_PASSWORD + " ~{keygate}:* ~keygate:audit:* &{keygate}:revocations +@all -@dangerous",
				"keygate-gateway on >" + GATEWAY_PASSWORD + " %R~{keygate}:* ~keygate:audit:* &{keygate}:revocations +@all -@dangerous");
		MutableClock clock = MutableClock.startingNow();
		try (RedisTestServer redis = RedisTestServer.startPrivateWithUsers("admin", "admin-" + UUID.randomUUID().toString().replace("-", ""), users);
				RedisGrantStore auth = new RedisGrantStore(as(redis, "keygate-auth", AUTH_PASSWORD), clock, prefix, TestIntegrity.keys());
				RedisGrantStore gateway = new RedisGrantStore(as(redis, "keygate-gateway", GATEWAY_PASSWORD), clock, prefix,
						TestIntegrity.keys())) {
			Grant grant = TestGrants.grant(clock).build();
			auth.put(grant);
			assertThat(gateway.lookup(grant.subject(), grant.organisation(), grant.targetId())).isEqualTo(new GrantLookup.Live(grant));
			assertThat(gateway.isSuspended(grant.organisation())).isFalse();
			assertThat(gateway.liveGrants()).containsExactly(grant);
			await().atMost(Duration.ofSeconds(10)).until(gateway::revocationFeedUp);

			RedisClient client = RedisClient.create(as(redis, "keygate-gateway", GATEWAY_PASSWORD));
			try (var connection = client.connect()) {
				var commands = connection.sync();
				assertThatThrownBy(() -> commands.hset("{keygate}:grant:forged", Map.of("id", "forged")))
					.hasMessageContaining("NOPERM");
				assertThatThrownBy(() -> commands.del("{keygate}:susp:itron")).hasMessageContaining("NOPERM");
				assertThatThrownBy(() -> commands.flushall()).hasMessageContaining("NOPERM");
				assertThat(commands.xadd("keygate:audit:gateway", Map.of("v", "1"))).isNotBlank();
			}
			finally {
				client.shutdown();
			}
			// And the gateway's store cannot write even through its own API (the script is refused).
			assertThatThrownBy(() -> gateway.put(TestGrants.grant(clock).subject("mallory").build()))
				.hasMessageContaining("NOPERM");
		}
	}

	private static RedisURI as(RedisTestServer redis, String user, String password) {
		RedisURI uri = RedisURI.create(redis.host(), redis.port());
		uri.setUsername(user);
		uri.setPassword(password.toCharArray());
		return uri;
	}

}
