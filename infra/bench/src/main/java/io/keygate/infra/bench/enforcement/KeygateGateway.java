package io.keygate.infra.bench.enforcement;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.GatewayApplication;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.gateway.testsupport.TestOidcProvider;
import io.keygate.infra.bench.audit.AuditRigs;
import io.keygate.policy.audit.AuditQueue;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.testsupport.EmbeddedParent;

/**
 * The Keygate gateway with enforcement, in a JVM of its own, as each mode runs it:
 * <ul>
 * <li>{@code embedded}: the quickstart's parent context — in-memory grant store and the auth
 * server's audit queue chaining into an H2 file ({@link AuditQueue} over {@code JdbcAuditLog});</li>
 * <li>{@code distributed}: the Redis grant store behind the gateway's near cache and the Redis
 * Stream audit sink (the benchmark holds the grant and runs the auth server's stream consumer).</li>
 * </ul>
 * The engineer signs in through the real OIDC flow (authorization code with PKCE against
 * {@link TestOidcProvider}, a real provider on a port), and the benchmark's load carries the
 * resulting gateway session cookie: the production path, no header sign-in.
 * Prints {@code port cookie-name=value} when ready.
 */
public final class KeygateGateway {

	static final String SUBJECT = "bench-engineer@itron";

	/**
	 * How many targets the catalogue holds ({@code --targets=N}, default 1): the N-1 others come
	 * before the benchmarked {@code head-end}, as in a utility's catalogue where the target one
	 * engineer uses is one of many.
	 */
	static final String TARGETS = "KEYGATE_BENCH_TARGETS";

	static final String ORGANISATION = "itron";

	private KeygateGateway() {
	}

	static Grant grant(String subject) {
		Instant now = Instant.now();
		return new Grant("g-" + subject.replaceAll("[^a-z0-9-]", "-"), subject, ORGANISATION, "head-end", "read", now.minusSeconds(60),
				now.plus(Duration.ofHours(6)), "r-" + subject.replaceAll("[^a-z0-9-]", "-"), List.of("bench-approver"));
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		int upstreamPort = Integer.parseInt(System.getenv("KEYGATE_BENCH_UPSTREAM_PORT"));
		List<AutoCloseable> resources = new ArrayList<>();
		try (TestOidcProvider provider = new TestOidcProvider()) {
			Map<String, Object> properties = properties(upstreamPort, provider);
			ConfigurableApplicationContext parent = null;
			if (mode.equals("embedded")) {
				DataSource database = AuditRigs.h2File();
				AuditQueue queue = new AuditQueue(AuditRigs.QUEUE, AuditRigs.chain(database)::appendBlock, Clock.systemUTC());
				InMemoryGrantStore store = new InMemoryGrantStore(Clock.systemUTC());
				store.put(grant(SUBJECT));
				GenericApplicationContext embedded = EmbeddedParent.with("grantStore", store).and("auditQueue", queue).start();
				parent = embedded;
				resources.add(() -> ((com.zaxxer.hikari.HikariDataSource) database).close());
				resources.add(queue);
			}
			else {
				properties.put("keygate.grant-store.kind", "redis");
				properties.put("keygate.grant-store.redis-url", System.getenv("KEYGATE_BENCH_REDIS_URL"));
				properties.put("keygate.grant-store.key-prefix", System.getenv("KEYGATE_BENCH_PREFIX"));
				properties.put("keygate.gateway.audit.sink", "redis-stream");
				properties.put("keygate.audit-stream.stream", System.getenv("KEYGATE_BENCH_PREFIX") + ":audit");
				properties.putAll(TestIntegrityKeys.properties());
			}
			List<String> arguments = new ArrayList<>();
			properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
			SpringApplicationBuilder builder = new SpringApplicationBuilder(GatewayApplication.class).web(WebApplicationType.REACTIVE);
			if (parent != null) {
				builder.parent(parent);
			}
			try (ConfigurableApplicationContext gateway = builder.run(arguments.toArray(String[]::new))) {
				int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
				String base = "http://127.0.0.1:" + port;
				HttpCookie session = signIn(base, provider, SUBJECT);
				System.out.println(ChildJvm.READY + port + " " + session.getName() + "=" + session.getValue());
				System.out.flush();
				ChildJvm.serve(command -> command(command, base, provider));
			}
			finally {
				for (int i = resources.size() - 1; i >= 0; i--) {
					resources.get(i).close();
				}
				if (parent != null) {
					parent.close();
				}
			}
		}
		System.exit(0);
	}

	/**
	 * {@code signin <subject>}: a new session for that engineer (their grant must already be in the
	 * store), answered with the cookie; {@code heap}: the heap in use after a full collection.
	 */
	private static String command(String command, String base, TestOidcProvider provider) {
		try {
			if (command.startsWith("signin ")) {
				HttpCookie cookie = signIn(base, provider, command.substring("signin ".length()));
				return cookie.getName() + "=" + cookie.getValue();
			}
			if (command.equals("heap")) {
				Runtime runtime = Runtime.getRuntime();
				for (int i = 0; i < 3; i++) {
					System.gc();
				}
				return Long.toString(runtime.totalMemory() - runtime.freeMemory());
			}
			if (command.equals("histogram")) {
				// The class histogram after a full collection (what `jcmd <pid> GC.class_histogram` prints),
				// on one line: the benchmark diffs two of them to see what each open WebSocket keeps.
				Object histogram = java.lang.management.ManagementFactory.getPlatformMBeanServer()
					.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
							new Object[] { null }, new String[] { String[].class.getName() });
				return histogram.toString().replace('\n', '|');
			}
			return "unknown command";
		}
		catch (Exception ex) {
			return "error " + ex;
		}
	}

	static Map<String, Object> properties(int upstreamPort, TestOidcProvider provider) throws Exception {
		Path catalog = Files.createTempFile("keygate-bench-targets", ".yml");
		catalog.toFile().deleteOnExit();
		int others = Integer.parseInt(System.getenv().getOrDefault(TARGETS, "1")) - 1;
		StringBuilder targets = new StringBuilder("targets:\n");
		for (int i = 1; i <= others; i++) {
			targets.append(readTarget("site-%03d".formatted(i), "Substation %03d console".formatted(i), upstreamPort));
		}
		targets.append(readTarget("head-end", "AMI head-end (nginx, static JSON)", upstreamPort));
		Files.writeString(catalog, targets);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.config.name", "gateway");
		properties.put("spring.main.banner-mode", "off");
		properties.put("server.port", "0");
		properties.put("server.address", "127.0.0.1");
		properties.put("management.server.port", "0");
		properties.put("keygate.catalog", catalog.toUri());
		properties.put("keygate.portal-url", "http://127.0.0.1:1/portal");
		properties.put("keygate.gateway.signin.issuer", provider.issuer());
		properties.put("spring.security.oauth2.client.registration.keygate.client-id", TestOidcProvider.CLIENT_ID);
		properties.put("spring.security.oauth2.client.registration.keygate.client-secret", TestOidcProvider.CLIENT_SECRET);
		properties.put("keygate.gateway.upstream-credentials.head-end.kind", "basic");
		properties.put("keygate.gateway.upstream-credentials.head-end.username", EnforcementBenchmark.UPSTREAM_USER);
		properties.put("keygate.gateway.upstream-credentials.head-end.secret", EnforcementBenchmark.UPSTREAM_PASSWORD);
		// The auth server's classes share this class path; its database and servlet container are not the gateway's.
		properties.put("spring.autoconfigure.exclude", "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
				+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
				+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration");
		return properties;
	}

	/** One catalogue target on the benchmark's upstream, with a read level for every path. */
	private static String readTarget(String id, String name, int upstreamPort) {
		return """
				  - id: %s
				    name: %s
				    zone: HEAD_END
				    upstream: http://127.0.0.1:%d
				    tier: STANDARD
				    max-grant: PT8H
				    levels:
				      read:
				        - methods: [GET, HEAD]
				          paths: ["/**"]
				""".formatted(id, name, upstreamPort);
	}

	/** The real sign-in, hop by hop as a browser takes it; returns the gateway's session cookie. */
	static HttpCookie signIn(String gateway, TestOidcProvider provider, String subject) throws Exception {
		CookieManager cookies = new CookieManager();
		HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String target = gateway + "/t/head-end/api/meters/MTR-00001";
		String toSignIn = location(gateway, get(browser, target));
		String authorizationRequest = location(gateway, get(browser, toSignIn));
		String callback = provider.authorize(authorizationRequest,
				new TestOidcProvider.SignIn(subject, ORGANISATION, List.of("hwk", "pin"), Instant.now().minusSeconds(5)));
		String back = location(gateway, get(browser, callback));
		HttpResponse<String> answer = get(browser, back);
		if (answer.statusCode() != 200) {
			throw new IllegalStateException("signed in, but the target answered " + answer.statusCode() + ": " + answer.body()
					+ " (provider errors: " + provider.tokenErrors() + ")");
		}
		return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().contains("KEYGATE_GATEWAY_SESSION"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no gateway session cookie after sign-in"));
	}

	private static HttpResponse<String> get(HttpClient browser, String url) throws Exception {
		return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Accept", "text/html").build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String location(String gateway, HttpResponse<String> response) {
		String location = response.headers().firstValue("Location")
			.orElseThrow(() -> new IllegalStateException("expected a redirect, got " + response.statusCode() + ": " + response.body()));
		return location.startsWith("/") ? gateway + location : location;
	}

}
