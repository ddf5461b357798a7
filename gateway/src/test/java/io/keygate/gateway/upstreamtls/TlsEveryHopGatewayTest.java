package io.keygate.gateway.upstreamtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.grantstore.redis.RedisClients;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.grantstore.redis.RedisTls;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.testsupport.TlsRedisServer;
import io.keygate.testsupport.TlsTestCertificates;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * The distributed gateway with TLS on every hop it has, configured as {@code gateway-tls.yml}
 * configures it: a browser-side HTTPS client (trusting only the local CA) → the gateway's HTTPS port
 * (SSL bundle {@code keygate-server}) → the grant, written by an "auth server" and read by the
 * gateway from a TLS-only {@code redis-server} over {@code rediss://} with
 * {@code keygate.grant-store.redis-ca} → the decision on the Redis audit stream over the same TLS
 * → an {@code https} target verified against its per-target CA. One local CA signs everything, as
 * {@code make-local-ca.sh} does for Compose.
 */
class TlsEveryHopGatewayTest {

	private static final String PREFIX = "tls-" + UUID.randomUUID().toString().substring(0, 8);

	/** The file Compose and Kubernetes layer over gateway-distributed.yml (the tests run in gateway/). */
	private static final Path GATEWAY_TLS_YML = Path.of("..", "infra", "deploy", "config", "gateway-tls.yml").toAbsolutePath().normalize();

	private static final String STREAM = "keygate:audit:" + PREFIX;

	@TempDir
	static Path directory;

	private static TlsTestCertificates.Ca ca;

	private static TlsRedisServer redis;

	private static DisposableServer upstream;

	private static final AtomicInteger upstreamRequests = new AtomicInteger();

	private static TestGateway gateway;

	private static RedisGrantStore authServer;

	@BeforeAll
	static void start() throws Exception {
		ca = TlsTestCertificates.ca(directory, "keygate-local-ca");
		TlsTestCertificates.Server gatewayCertificate = ca.server("gateway", "localhost", "127.0.0.1");
		TlsTestCertificates.Server upstreamCertificate = ca.server("head-end", "localhost");
		redis = TlsRedisServer.start(ca, ca.server("redis", "localhost"), directory.resolve("redis"), "keygate",
				UUID.randomUUID().toString().replace("-", ""));
		upstream = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.secure(ssl -> ssl.sslContext(Http11SslContextSpec.forServer(upstreamCertificate.certificateFile().toFile(),
					upstreamCertificate.keyFile().toFile())))
			.handle((request, response) -> {
				upstreamRequests.incrementAndGet();
				return response.sendString(Mono.just("ok:" + request.uri()));
			})
			.bindNow();
		Path catalog = Files.writeString(directory.resolve("targets.yml"), """
				targets:
				  - id: head-end
				    name: AMI head-end
				    zone: HEAD_END
				    upstream: https://localhost:%d
				    tier: STANDARD
				    max-grant: PT8H
				    levels:
				      read:
				        - methods: [GET]
				          paths: ["/**"]
				""".formatted(upstream.port()));
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");
		properties.put("keygate.catalog", "file:" + catalog);
		properties.put("keygate.portal-url", "https://portal.test");
		properties.put("keygate.gateway.signin.issuer", "https://issuer.test");
		// The deployment's own TLS layer, with the test's files instead of /etc/keygate/tls.
		properties.put("spring.config.additional-location", "file:" + GATEWAY_TLS_YML);
		properties.put("spring.ssl.bundle.pem.keygate-server.keystore.certificate", "file:" + gatewayCertificate.certificateFile());
		properties.put("spring.ssl.bundle.pem.keygate-server.keystore.private-key", "file:" + gatewayCertificate.keyFile());
		properties.put("keygate.grant-store.kind", "redis");
		properties.put("keygate.grant-store.redis-url", redis.url("localhost"));
		properties.put("keygate.grant-store.redis-ca", ca.certificateFile());
		properties.put("keygate.grant-store.key-prefix", PREFIX);
		properties.put("keygate.gateway.audit.sink", "redis-stream");
		properties.put("keygate.audit-stream.stream", STREAM);
		properties.put("keygate.gateway.upstream-tls.targets.head-end.ca", ca.certificateFile());
		properties.putAll(TestIntegrityKeys.properties());
		gateway = TestGateway.start(null, properties);
		authServer = new RedisGrantStore(RedisURI.create(redis.url("localhost")), new RedisTls(ca.certificateFile()),
				Clock.systemUTC(), PREFIX, TestIntegrityKeys.storeIntegrity());
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		if (authServer != null) {
			authServer.close();
		}
		if (upstream != null) {
			upstream.disposeNow();
		}
		if (redis != null) {
			redis.close();
		}
	}

	private static SSLContext trustingOnlyTheLocalCa() throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		try (InputStream in = Files.newInputStream(ca.certificateFile())) {
			store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
		trust.init(store);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

	@Test
	void requestWhenEveryHopIsTlsThenGrantFromRedisOverTlsForwardedToHttpsTargetAndAuditedOverTls() throws Exception {
		Instant now = Instant.now();
		Grant grant = new Grant("g-" + UUID.randomUUID(), "engineer@itron", "itron", "head-end", "read", now.minusSeconds(60),
				now.plusSeconds(600), "r-1", List.of("approver"));
		assertThat(authServer.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
		HttpClient browser = HttpClient.newBuilder().sslContext(trustingOnlyTheLocalCa()).build();

		HttpResponse<String> response = browser.send(
				HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.port() + "/t/head-end/api/meters"))
					.header(TestSignin.SUBJECT, "engineer@itron")
					.header(TestSignin.ORGANISATION, "itron")
					.GET()
					.build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ok:/api/meters");
		assertThat(upstreamRequests.get()).isEqualTo(1);
		RedisClient reader = RedisClients.create(RedisURI.create(redis.url("localhost")), new RedisTls(ca.certificateFile()),
				Duration.ofSeconds(2));
		try (StatefulRedisConnection<String, String> connection = reader.connect()) {
			await().atMost(Duration.ofSeconds(10)).until(() -> connection.sync().xlen(STREAM) > 0);
		}
		finally {
			reader.shutdown();
		}
	}

	@Test
	void plainHttpWhenGatewayServesTlsThenNotAnswered() {
		HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port() + "/t/head-end/api/meters"))
					.timeout(Duration.ofSeconds(5))
					.GET()
					.build(),
				HttpResponse.BodyHandlers.ofString()))
			.isInstanceOf(java.io.IOException.class);
	}

}
