package io.keygate.grantstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.testsupport.TlsRedisServer;
import io.keygate.testsupport.TlsTestCertificates;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Keygate's Lettuce clients against a real {@code redis-server} that speaks only TLS: with the CA in
 * {@code keygate.grant-store.redis-ca} the grant store works over {@code rediss://}; a server
 * certificate from another CA, or one that does not name the host connected to, is refused; and a
 * URL asking Lettuce to verify less is refused before any connection.
 */
class RedisTlsTest {

	private static final String PASSWORD = "tls-test-password-0123456789";

	@TempDir
	static Path directory;

	private static TlsTestCertificates.Ca ca;

	private static TlsRedisServer redis;

	@BeforeAll
	static void start() {
		ca = TlsTestCertificates.ca(directory, "keygate-test-data-ca");
		redis = TlsRedisServer.start(ca, ca.server("redis", "localhost"), directory, "keygate", PASSWORD);
	}

	@AfterAll
	static void stop() {
		if (redis != null) {
			redis.close();
		}
	}

	private static RedisTls caTls() {
		return RedisTls.of(new GrantStoreSettings(GrantStoreSettings.Kind.REDIS, redis.url("localhost"), "keygate",
				List.of(TestIntegrity.KEY_1), ca.certificateFile().toString()));
	}

	@Test
	void grantStoreWhenRedissWithConfiguredCaThenStoresAndFindsGrants() {
		Instant now = Instant.now();
		Grant grant = new Grant("g-tls-1", "alice", "itron", "head-end-1", "read", now.minusSeconds(60), now.plusSeconds(600),
				"r-1", List.of("approver"));
		try (RedisGrantStore store = new RedisGrantStore(RedisURI.create(redis.url("localhost")), caTls(), Clock.systemUTC(),
				"tls-test", TestIntegrity.keys())) {
			assertThat(store.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
			assertThat(store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(grant));
		}
	}

	@Test
	void connectWhenServerCertificateFromAnotherCaThenHandshakeRefused() {
		TlsTestCertificates.Ca stranger = TlsTestCertificates.ca(directory.resolve("stranger"), "someone-elses-ca");
		RedisClient client = RedisClients.create(RedisURI.create(redis.url("localhost")), new RedisTls(stranger.certificateFile()),
				Duration.ofSeconds(2));
		try {
			assertThatThrownBy(client::connect).hasStackTraceContaining(SSLHandshakeException.class.getName())
				.hasStackTraceContaining("PKIX path building failed");
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void connectWhenCertificateDoesNotNameTheHostThenHandshakeRefused() {
		// 127.0.0.1 reaches the same server, but its certificate names only "localhost".
		RedisClient client = RedisClients.create(RedisURI.create(redis.url("127.0.0.1")), caTls(), Duration.ofSeconds(2));
		try {
			assertThatThrownBy(client::connect).hasStackTraceContaining(SSLHandshakeException.class.getName())
				.hasStackTraceContaining("127.0.0.1");
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void connectWhenCaConfiguredThenAuthenticatesOverTls() {
		RedisClient client = RedisClients.create(RedisURI.create(redis.url("localhost")), caTls(), Duration.ofSeconds(2));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().ping()).isEqualTo("PONG");
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void createWhenUrlRelaxesPeerVerificationThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisClients.create(RedisURI.create(redis.url("localhost") + "?verifyPeer=NONE"), caTls(),
					Duration.ofSeconds(2)))
			.withMessageContaining("verifyPeer=NONE");
	}

	@Test
	void settingsWhenCaFileMissingThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisTls(directory.resolve("no-such-ca.crt")))
			.withMessageContaining("keygate.grant-store.redis-ca");
	}

}
