package io.keygate.infra.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.gateway.GatewayApplication;
import io.keygate.policy.audit.AuditSink;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.grant.GrantStore.PutResult;

/**
 * The real gateway, embedded as in the quickstart (in-memory grant store in a parent context),
 * in front of one upstream, with {@link BenchSignin} in place of the OIDC round trip.
 */
final class BenchGateway implements AutoCloseable {

	static final String ISSUER = "http://127.0.0.1:1/bench-issuer";

	static final String ORGANISATION = "itron";

	private static final Logger log = LoggerFactory.getLogger(BenchGateway.class);

	private final ConfigurableApplicationContext parent;

	private final ConfigurableApplicationContext gateway;

	private final String token;

	private BenchGateway(ConfigurableApplicationContext parent, ConfigurableApplicationContext gateway, String token) {
		this.parent = parent;
		this.gateway = gateway;
		this.token = token;
	}

	/** Shared with the gateway as the quickstart shares it: clock, grant store, audit sink. */
	@Configuration(proxyBeanMethods = false)
	static class Shared {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

		@Bean(destroyMethod = "close")
		GrantStore grantStore(Clock clock) {
			return new InMemoryGrantStore(clock);
		}

		/**
		 * Counting only, and bounded: the proxy is what this benchmark measures, not the audit sink
		 * (an in-memory chain grew without bound: 740,000 entries and 500 MB after a few minutes).
		 * The audit sinks themselves are measured by {@code AuditChainBench}.
		 */
		@Bean
		AuditSink gatewayAuditSink() {
			AtomicLong audited = new AtomicLong();
			return entry -> audited.incrementAndGet();
		}

	}

	/** Not a component anywhere: only {@link #start} adds it to the gateway context it builds. */
	static class Signin {

		@Bean
		BenchSignin benchSignin(@Value("${keygate.bench.token}") String token) {
			return new BenchSignin(token, "bench-engineer", ORGANISATION, ISSUER);
		}

	}

	static BenchGateway start(int upstreamPort, String upstreamUser, String upstreamPassword) throws IOException {
		String token = randomToken();
		ConfigurableApplicationContext parent = new SpringApplicationBuilder(Shared.class).web(WebApplicationType.NONE)
			.run("--spring.main.banner-mode=off");
		Path catalog = Files.createTempFile("keygate-bench-targets", ".yml");
		catalog.toFile().deleteOnExit();
		Files.writeString(catalog, """
				targets:
				  - id: head-end
				    name: AMI head-end (simulated)
				    zone: HEAD_END
				    upstream: http://127.0.0.1:%d
				    tier: STANDARD
				    max-grant: PT8H
				    levels:
				      read:
				        - methods: [GET, HEAD]
				          paths: ["/**"]
				""".formatted(upstreamPort));
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.config.name", "gateway");
		properties.put("spring.main.banner-mode", "off");
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");
		properties.put("server.address", "127.0.0.1");
		properties.put("spring.autoconfigure.exclude", "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
				+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
		properties.put("keygate.catalog", catalog.toUri());
		properties.put("keygate.portal-url", "http://127.0.0.1:1/portal");
		properties.put("keygate.gateway.signin.issuer", ISSUER);
		properties.put("keygate.gateway.upstream-credentials.head-end.kind", "basic");
		properties.put("keygate.gateway.upstream-credentials.head-end.username", upstreamUser);
		properties.put("keygate.gateway.upstream-credentials.head-end.secret", upstreamPassword);
		properties.put("keygate.bench.token", token);
		properties.put("logging.level.io.keygate", "WARN");
		List<String> args = new ArrayList<>();
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		ConfigurableApplicationContext gateway;
		try {
			gateway = new SpringApplicationBuilder(GatewayApplication.class, Signin.class).parent(parent)
				.web(WebApplicationType.REACTIVE)
				.run(args.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			parent.close();
			throw ex;
		}
		log.warn("BENCHMARK gateway: requests carrying this run's token are signed in without OIDC; never use this outside the benchmark");
		return new BenchGateway(parent, gateway, token);
	}

	int port() {
		return ((WebServerApplicationContext) this.gateway).getWebServer().getPort();
	}

	String token() {
		return this.token;
	}

	GrantStore grantStore() {
		return this.parent.getBean(GrantStore.class);
	}

	/** Grants {@code subject} read access to the head-end for an hour. */
	Grant grant(String subject) {
		Instant now = Instant.now();
		Grant grant = new Grant("g-" + subject, subject, ORGANISATION, "head-end", "read", now.minusSeconds(1), now.plus(Duration.ofHours(1)),
				"r-" + subject, List.of("bench-approver"));
		PutResult result = grantStore().put(grant);
		if (result != PutResult.STORED) {
			throw new IllegalStateException("grant not stored: " + result);
		}
		return grant;
	}

	@Override
	public void close() {
		this.gateway.close();
		this.parent.close();
	}

	private static String randomToken() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
