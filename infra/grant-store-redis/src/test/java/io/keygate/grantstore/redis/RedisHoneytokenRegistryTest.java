package io.keygate.grantstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.keygate.policy.decoy.HoneytokenFormat;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/**
 * The distributed honeytoken registry on a real Redis with the deployment's ACL users: the auth
 * server plants, a gateway reads (and may not plant), an unsigned entry is ignored, and a gateway
 * keeps tripping on what it knew while Redis is away.
 */
class RedisHoneytokenRegistryTest {

	private static final String AUTH_PASSWORD = "auth-" + UUID.randomUUID().toString().replace("-", "");

	private static final String GATEWAY_PASSWORD = "gw-" + UUID.randomUUID().toString().replace("-", "");

	private static final Duration REFRESH = Duration.ofMillis(200);

	private static RedisURI as(RedisTestServer redis, String user, String password) {
		RedisURI uri = RedisURI.create(redis.host(), redis.port());
		uri.setUsername(user);
		uri.setPassword(password.toCharArray());
		return uri;
	}

	private static IntegrityKeys keys() {
		return IntegrityKeys.of(TestIntegrity.KEY_1);
	}

	@Test
	void registryWhenDeploymentAclThenAuthPlantsGatewaySeesAndCannotPlantAndForgedIgnored() throws Exception {
		List<String> users = List.of(
				"keygate-auth on >" + AUTH_PASSWORD + " ~{keygate}:* ~keygate:audit:* &{keygate}:revocations +@all -@dangerous",
				"keygate-gateway on >" + GATEWAY_PASSWORD + " %R~{keygate}:* ~keygate:audit:* &{keygate}:revocations +@all -@dangerous");
		try (RedisTestServer redis = RedisTestServer.startPrivateWithUsers("admin", "admin-" + UUID.randomUUID().toString().replace("-", ""), users);
				RedisHoneytokenRegistry auth = new RedisHoneytokenRegistry(as(redis, "keygate-auth", AUTH_PASSWORD), "keygate", keys(), REFRESH);
				RedisHoneytokenRegistry gateway = new RedisHoneytokenRegistry(as(redis, "keygate-gateway", GATEWAY_PASSWORD), "keygate",
						keys(), REFRESH)) {
			String token = HoneytokenFormat.generate();
			String hash = HoneytokenFormat.hash(token);

			auth.plant("ht-1", hash);

			await().atMost(Duration.ofSeconds(2)).until(() -> gateway.idOf(hash).isPresent());
			assertThat(gateway.firstPresented(List.of("Bearer " + token))).contains("ht-1");
			assertThatThrownBy(() -> gateway.plant("ht-2", HoneytokenFormat.hash(HoneytokenFormat.generate())))
				.hasMessageContaining("NOPERM");

			// Someone who can write Redis (not with Keygate's keys) tries to make an innocent value a honeytoken.
			String innocent = HoneytokenFormat.hash(HoneytokenFormat.generate());
			RedisClient admin = RedisClient.create(as(redis, "keygate-auth", AUTH_PASSWORD));
			try (var connection = admin.connect()) {
				connection.sync().hset("{keygate}:honeytokens", innocent, "ht-forged|k1|" + "0".repeat(64));
			}
			finally {
				admin.shutdown();
			}
			gateway.refresh();
			assertThat(gateway.idOf(innocent)).isEmpty();
			assertThat(gateway.idOf(hash)).contains("ht-1");

			auth.remove(hash);
			await().atMost(Duration.ofSeconds(2)).until(() -> gateway.idOf(hash).isEmpty());
		}
	}

	@Test
	void registryWhenRedisGoesAwayThenLastCopyStillTrips() throws Exception {
		try (RedisTestServer redis = RedisTestServer.startPrivate();
				RedisHoneytokenRegistry auth = new RedisHoneytokenRegistry(redis.uri(), "keygate", keys(), REFRESH);
				RedisHoneytokenRegistry gateway = new RedisHoneytokenRegistry(redis.uri(), "keygate", keys(), REFRESH)) {
			String hash = HoneytokenFormat.hash(HoneytokenFormat.generate());
			auth.plant("ht-kept", hash);
			await().atMost(Duration.ofSeconds(2)).until(() -> gateway.idOf(hash).isPresent());

			redis.stop();
			gateway.refresh();

			assertThat(gateway.idOf(hash)).contains("ht-kept");
			redis.start();
		}
	}

}
