package io.keygate.gateway.upstreamtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.testsupport.RecordingAuditLog;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.testsupport.EmbeddedParent;
import io.keygate.testsupport.TlsTestCertificates;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway in front of real {@code https} upstreams: one whose certificate chains to the CA
 * configured for its target and names its host (forwarded), one signed by a CA the gateway was not
 * told to trust, and one whose certificate names another host (both refused with a 502 problem and a
 * HIGH {@code upstream.tls.refused} audit entry, and nothing reaches them).
 */
class UpstreamTlsGatewayTest {

	private static final Instant NOW = Instant.now();

	private static final AtomicInteger people = new AtomicInteger();

	@TempDir
	static Path directory;

	private static Upstream good;

	private static Upstream rogue;

	private static Upstream otherHost;

	private static GrantStore store;

	private static RecordingAuditLog audit;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	private static Path trustedCa;

	private static Path catalog;

	private static final HttpClient http = HttpClient.newHttpClient();

	private String subject;

	/** An https server that answers every request and counts what reached it. */
	record Upstream(DisposableServer server, AtomicInteger requests) {

		static Upstream start(TlsTestCertificates.Server certificate) {
			AtomicInteger requests = new AtomicInteger();
			DisposableServer server = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.secure(ssl -> ssl.sslContext(Http11SslContextSpec.forServer(certificate.certificateFile().toFile(),
						certificate.keyFile().toFile())))
				.handle((request, response) -> {
					requests.incrementAndGet();
					return response.header("Content-Type", "text/plain").sendString(Mono.just("ok:" + request.uri()));
				})
				.bindNow();
			return new Upstream(server, requests);
		}

		int port() {
			return this.server.port();
		}

	}

	@BeforeAll
	static void start() throws Exception {
		TlsTestCertificates.Ca ca = TlsTestCertificates.ca(directory, "keygate-test-ot-ca");
		TlsTestCertificates.Ca stranger = TlsTestCertificates.ca(directory, "someone-elses-ca");
		trustedCa = ca.certificateFile();
		good = Upstream.start(ca.server("good", "localhost"));
		rogue = Upstream.start(stranger.server("rogue", "localhost"));
		otherHost = Upstream.start(ca.server("other-host", "historian.ot.example"));
		catalog = Files.writeString(directory.resolve("targets.yml"), """
				targets:
				%s%s%s""".formatted(target("good", "https://localhost:" + good.port()),
				target("untrusted", "https://localhost:" + rogue.port()),
				target("wrong-host", "https://localhost:" + otherHost.port())));
		store = new InMemoryGrantStore(java.time.Clock.systemUTC());
		audit = new RecordingAuditLog();
		parent = EmbeddedParent.with("clock", java.time.Clock.systemUTC())
			.and("grantStore", store)
			.and("gatewayAuditLog", (AuditLog) audit)
			.start();
		gateway = TestGateway.start(parent, properties(Map.of()));
	}

	private static String target(String id, String upstream) {
		return """
				  - id: %s
				    name: %s
				    zone: HEAD_END
				    upstream: %s
				    tier: STANDARD
				    max-grant: PT8H
				    levels:
				      read:
				        - methods: [GET]
				          paths: ["/**"]
				""".formatted(id, id, upstream);
	}

	private static Map<String, Object> properties(Map<String, Object> extra) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");
		properties.put("keygate.catalog", "file:" + catalog);
		properties.put("keygate.portal-url", "http://portal.test");
		properties.put("keygate.gateway.signin.issuer", "http://issuer.test");
		properties.put("keygate.gateway.upstream-tls.targets.good.ca", trustedCa);
		properties.put("keygate.gateway.upstream-tls.targets.untrusted.ca", trustedCa);
		properties.put("keygate.gateway.upstream-tls.targets.wrong-host.ca", trustedCa);
		properties.putAll(extra);
		return properties;
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		if (parent != null) {
			parent.close();
		}
		for (Upstream upstream : new Upstream[] { good, rogue, otherHost }) {
			if (upstream != null) {
				upstream.server().disposeNow();
			}
		}
	}

	@BeforeEach
	void freshPerson() {
		this.subject = "vendor" + people.incrementAndGet() + "@itron";
	}

	private HttpResponse<String> getWithGrant(String target) throws Exception {
		Grant grant = new Grant("g-" + this.subject.replace('@', '-') + "-" + target, this.subject, "itron", target, "read",
				NOW.minusSeconds(60), NOW.plusSeconds(3600), "r-1", List.of("approver"));
		assertThat(store.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
		return http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/t/" + target + "/api/meters"))
			.header(TestSignin.SUBJECT, this.subject)
			.header(TestSignin.ORGANISATION, "itron")
			.header("Accept", "application/json")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private AuditEntry tlsRefusal(String target) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> audit.entries()
				.stream()
				.filter(entry -> entry.action().equals(AuditAction.UPSTREAM_TLS_REFUSED.action()) && target.equals(entry.targetId())
						&& this.subject.equals(entry.actor()))
				.findFirst()
				.orElse(null), entry -> entry != null);
	}

	private static void assertBadGateway(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":502")
			.contains("\"code\":\"" + UpstreamTlsFailureHandler.CODE + "\"")
			.doesNotContain("Exception")
			.doesNotContain("PKIX");
	}

	@Test
	void forwardWhenUpstreamCertificateChainsToTargetCaAndNamesHostThenForwarded() throws Exception {
		int before = good.requests().get();
		HttpResponse<String> response = getWithGrant("good");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ok:/api/meters");
		assertThat(good.requests().get()).isEqualTo(before + 1);
	}

	@Test
	void forwardWhenUpstreamCertificateFromUntrustedCaThenBadGatewayAuditedAndNothingReachesIt() throws Exception {
		HttpResponse<String> response = getWithGrant("untrusted");
		assertBadGateway(response);
		assertThat(rogue.requests().get()).isZero();
		AuditEntry entry = tlsRefusal("untrusted");
		assertThat(entry.severity()).isEqualTo(Severity.HIGH);
		assertThat(entry.outcome()).isEqualTo("REFUSED");
		assertThat(entry.organisation()).isEqualTo("itron");
	}

	@Test
	void forwardWhenUpstreamCertificateNamesAnotherHostThenBadGatewayAuditedAndNothingReachesIt() throws Exception {
		HttpResponse<String> response = getWithGrant("wrong-host");
		assertBadGateway(response);
		assertThat(otherHost.requests().get()).isZero();
		assertThat(tlsRefusal("wrong-host").reason()).contains("No subject alternative DNS name matching localhost");
	}

	@Test
	void startWhenInsecureTrustManagerRequestedThenStartUpRefused() {
		assertThatThrownBy(() -> TestGateway.start(parent,
				properties(Map.of(UpstreamTlsConfiguration.INSECURE_PROPERTY, "true"))))
			.hasStackTraceContaining(UpstreamTlsConfiguration.INSECURE_PROPERTY);
	}

}
