package io.keygate.infra.bench.enforcement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Plain Spring Cloud Gateway: the same jars the Keygate gateway runs on (same versions, from this
 * module's class path) and nothing of Keygate's — one route, equivalent to a Keygate target (the
 * {@code /t/head-end} prefix stripped, the upstream credential set), no security, observations and
 * gateway metrics off as in Keygate. Run as a process of its own by {@link EnforcementBenchmark},
 * whose class path filter leaves out Keygate's modules and Spring Security, so no auto-configuration
 * of theirs can creep in.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PlainGateway {

	/** Class path entries the plain gateway must not see: Keygate's own and what only Keygate uses. */
	static final List<String> LEFT_OUT = List.of("keygate-", "/target/classes", "security", "oauth2", "nimbus", "webauthn", "h2-",
			"flyway", "tomcat", "thymeleaf", "jdbc", "hikari", "postgresql", "lettuce", "jmh", "actuator", "session", "springdoc", "swagger");

	static boolean onClassPath(String entry) {
		return entry.endsWith("infra/bench/target/classes") || LEFT_OUT.stream().noneMatch(entry::contains);
	}

	public static void main(String[] args) throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("server.port", "0");
		properties.put("server.address", "127.0.0.1");
		String route = "spring.cloud.gateway.server.webflux.routes[0].";
		properties.put(route + "id", "head-end");
		properties.put(route + "uri", "http://127.0.0.1:" + System.getenv("KEYGATE_BENCH_UPSTREAM_PORT"));
		properties.put(route + "predicates[0]", "Path=/t/head-end/**");
		properties.put(route + "filters[0]", "StripPrefix=2");
		properties.put(route + "filters[1]", "SetRequestHeader=Authorization, " + System.getenv("KEYGATE_BENCH_UPSTREAM_AUTHORIZATION"));
		properties.put("spring.cloud.gateway.server.webflux.observability.enabled", "false");
		properties.put("spring.cloud.gateway.server.webflux.metrics.enabled", "false");
		properties.put("management.observations.enable.all", "false");
		List<String> arguments = new ArrayList<>();
		properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PlainGateway.class).web(WebApplicationType.REACTIVE)
			.run(arguments.toArray(String[]::new))) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			System.out.println(ChildJvm.READY + port);
			System.out.flush();
			ChildJvm.serve(command -> "unknown command");
		}
		System.exit(0);
	}

}
