package io.keygate.infra.quickstart;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.keygate.auth.AuthServerApplication;
import io.keygate.gateway.GatewayApplication;

/**
 * The embedded default: the auth server and the gateway in one JVM, as sibling application
 * contexts under a parent that holds what they share. Only a JDK is needed.
 */
public final class Quickstart {

	private static final Logger log = LoggerFactory.getLogger(Quickstart.class);

	private static final String[] AUTH_ONLY_AUTO_CONFIGURATION = {
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" };

	private Quickstart() {
	}

	public static void main(String[] args) {
		long started = System.nanoTime();
		ConfigurableApplicationContext parent = new SpringApplicationBuilder(QuickstartSharedConfiguration.class)
			.web(WebApplicationType.NONE)
			.profiles("embedded")
			.run(args);
		ConfigurableApplicationContext auth = new SpringApplicationBuilder(AuthServerApplication.class).parent(parent)
			.web(WebApplicationType.SERVLET)
			.properties("spring.config.name=auth-server", "spring.application.name=keygate-auth-server",
					// The gateway's jars share the class path; its auto-configuration is not for this context.
					"spring.cloud.gateway.server.webflux.enabled=false")
			.run(args);
		ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class).parent(parent)
			.web(WebApplicationType.REACTIVE)
			.properties("spring.config.name=gateway", "spring.application.name=keygate-gateway",
					// The auth server's database belongs to the auth server context alone.
					"spring.autoconfigure.exclude=" + String.join(",", AUTH_ONLY_AUTO_CONFIGURATION))
			.run(args);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		log.info("Keygate is ready in {} ms: auth server on port {}, gateway on port {}", took.toMillis(),
				auth.getEnvironment().getProperty("local.server.port"), gateway.getEnvironment().getProperty("local.server.port"));
	}

}
