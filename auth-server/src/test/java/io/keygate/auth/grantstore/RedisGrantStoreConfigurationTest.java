package io.keygate.auth.grantstore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.keygate.auth.AuthServerApplication;
import io.keygate.auth.access.RequestApproval;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.grantstore.redis.AuditStreamSignature;
import io.keygate.grantstore.redis.IntegrityAlarm;
import io.keygate.grantstore.redis.IntegrityKey;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.grantstore.redis.StoreIntegrity;
import io.keygate.testsupport.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With {@code keygate.grant-store.kind=redis} the auth server writes grants where the gateways read
 * them: a grant put through the auth server's store is live for a separate store instance (a
 * gateway) on the same Redis and key prefix, and the access service uses that store.
 */
class RedisGrantStoreConfigurationTest {

	private static final IntegrityKey KEY = new IntegrityKey("k1", "auth-config-test-integrity-key-0123456789");

	private static final String[] KEY_PROPERTIES = { "--keygate.grant-store.integrity-keys[0].id=" + KEY.id(),
			"--keygate.grant-store.integrity-keys[0].secret=" + KEY.secret() };

	private final RedisTestServer redis = RedisTestServer.sharedWithPassword();

	private ConfigurableApplicationContext start(String... extra) {
		List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--spring.profiles.active=test",
				"--spring.main.banner-mode=off",
				"--spring.datasource.url=jdbc:h2:mem:redis-store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
		args.addAll(List.of(extra));
		if (args.stream().noneMatch(arg -> arg.startsWith("--no-keys"))) {
			args.addAll(List.of(KEY_PROPERTIES));
		}
		args.removeIf(arg -> arg.startsWith("--no-keys"));
		return new SpringApplicationBuilder(AuthServerApplication.class).web(WebApplicationType.SERVLET)
			.run(args.toArray(String[]::new));
	}

	@Test
	void startWhenStoreKindRedisThenGrantsReachAGatewayOnTheSameRedis() {
		String prefix = "auth-test-" + UUID.randomUUID().toString().substring(0, 8);
		try (ConfigurableApplicationContext auth = start("--keygate.grant-store.kind=redis",
				"--keygate.grant-store.redis-url=" + this.redis.url(), "--keygate.grant-store.key-prefix=" + prefix);
				RedisGrantStore gateway = new RedisGrantStore(this.redis.uri(), Clock.systemUTC(), prefix,
						new StoreIntegrity(IntegrityKeys.of(KEY), IntegrityAlarm.logOnly()))) {
			GrantStore store = auth.getBean(GrantStore.class);
			assertThat(store).isInstanceOf(RedisGrantStore.class);
			assertThat(org.springframework.test.util.ReflectionTestUtils.getField(auth.getBean(RequestApproval.class),
					"grantStore")).isSameAs(store);
			Instant now = Instant.now();
			store.put(new Grant("g-redis", "alice", "itron", "head-end", "read", now.minusSeconds(5),
					now.plus(Duration.ofMinutes(30)), "r-1", List.of("bob")));
			assertThat(gateway.lookup("alice", "itron", "head-end")).isInstanceOf(GrantLookup.Live.class);
			store.suspend("itron", "test");
			assertThat(gateway.lookup("alice", "itron", "head-end")).isInstanceOf(GrantLookup.Suspended.class);
		}
	}

	@Test
	void startWhenGatewayStreamConfiguredThenGatewayDecisionsLandInThePersistentChain() {
		String stream = "auth-test:audit:" + UUID.randomUUID();
		try (ConfigurableApplicationContext auth = start("--keygate.audit-stream.redis-url=" + this.redis.url(),
				"--keygate.audit-stream.stream=" + stream, "--keygate.audit-stream.consumer=node-1");
				io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(this.redis.uri());
				var connection = client.connect()) {
			io.keygate.policy.audit.AuditEntry decision = io.keygate.policy.audit.AuditEntry
				.builder(io.keygate.policy.audit.AuditAction.ACCESS_DECISION, Instant.parse("2026-11-25T10:00:00Z"))
				.actor("alice")
				.target("head-end")
				.outcome("DENY")
				.reason("NO_GRANT")
				.build();
			connection.sync().xadd(stream, new AuditStreamSignature(IntegrityKeys.of(KEY), stream)
				.sign(io.keygate.policy.audit.AuditStreamFormat.toFields(decision)));
			io.keygate.auth.audit.JdbcAuditLog chain = auth.getBean(io.keygate.auth.audit.JdbcAuditLog.class);
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(15))
				.until(() -> !chain.latestByAction("access.decision", 5).isEmpty());
			assertThat(chain.latestByAction("access.decision", 5).get(0).entry()).isEqualTo(decision);
			assertThat(chain.verify().intact()).isTrue();
			connection.sync().del(stream);
		}
	}

	@Test
	void startWhenStoreKindRedisWithoutIntegrityKeysThenStartUpStopsNamingTheProperty() {
		assertThatThrownBy(() -> start("--no-keys", "--keygate.grant-store.kind=redis",
				"--keygate.grant-store.redis-url=" + this.redis.url()).close())
			.hasStackTraceContaining("keygate.grant-store.integrity-keys is required when keygate.grant-store.kind=redis");
	}

	@Test
	void startWhenGatewayStreamConsumedWithoutIntegrityKeysThenStartUpStopsNamingTheProperty() {
		assertThatThrownBy(() -> start("--no-keys", "--keygate.audit-stream.redis-url=" + this.redis.url()).close())
			.hasStackTraceContaining("keygate.grant-store.integrity-keys must name at least one key");
	}

	@Test
	void startWhenStoreKindRedisWithoutUrlThenStartUpStopsNamingTheProperty() {
		assertThatThrownBy(() -> start("--keygate.grant-store.kind=redis").close())
			.hasStackTraceContaining("keygate.grant-store.redis-url is required");
	}

}
