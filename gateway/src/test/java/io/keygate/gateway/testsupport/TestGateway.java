package io.keygate.gateway.testsupport;

import io.keygate.testsupport.TestCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import io.keygate.gateway.GatewayApplication;

/** A real gateway application context on a free port, optionally under a parent like the quickstart's. */
public final class TestGateway implements AutoCloseable {

	/** Registers {@link TestSignin}; deliberately not a {@code @Configuration}, so component scanning never finds it. */
	static class TestSigninConfiguration {

		@Bean
		TestSignin testSignin() {
			return new TestSignin();
		}

	}

	private final ConfigurableApplicationContext context;

	private TestGateway(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** The shared test catalogue ({@link TestCatalog}) with every upstream at {@code upstream}. */
	public static Path catalog(String upstream) {
		return TestCatalog.file(upstream);
	}

	/** The properties every test gateway shares; {@code extra} adds or overrides. */
	public static Map<String, Object> properties(RecordingUpstream upstream, Map<String, Object> extra) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");
		properties.put("keygate.catalog", "file:" + catalog(upstream.url()));
		properties.put("keygate.portal-url", "http://portal.test");
		properties.put("keygate.gateway.signin.issuer", "http://issuer.test");
		properties.put("keygate.gateway.upstream-credentials.head-end.kind", "basic");
		properties.put("keygate.gateway.upstream-credentials.head-end.username", "svc-gateway");
		properties.put("keygate.gateway.upstream-credentials.head-end.secret", "head-end-s3cret");
		properties.put("keygate.gateway.upstream-credentials.mdm.kind", "header");
		properties.put("keygate.gateway.upstream-credentials.mdm.header", "X-Api-Key");
		properties.put("keygate.gateway.upstream-credentials.mdm.secret-file", secretFile("mdm-api-key\n").toString());
		properties.put("keygate.gateway.sessions.sweep-interval", "PT0.2S");
		properties.putAll(extra);
		return properties;
	}

	private static Path secretFile(String content) {
		try {
			Path file = Files.createTempFile("keygate-secret", ".txt");
			Files.writeString(file, content);
			file.toFile().deleteOnExit();
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static TestGateway start(ConfigurableApplicationContext parent, Map<String, Object> properties) {
		return start(parent, properties, true);
	}

	/** With {@code testSignin} false, sign-in is the real OIDC flow and the real web session. */
	public static TestGateway start(ConfigurableApplicationContext parent, Map<String, Object> properties, boolean testSignin) {
		List<String> args = new ArrayList<>();
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		SpringApplicationBuilder builder = testSignin
				? new SpringApplicationBuilder(GatewayApplication.class, TestSigninConfiguration.class)
				: new SpringApplicationBuilder(GatewayApplication.class);
		builder.web(WebApplicationType.REACTIVE);
		if (parent != null) {
			builder.parent(parent);
		}
		return new TestGateway(builder.run(args.toArray(String[]::new)));
	}

	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	public String url() {
		return "http://127.0.0.1:" + port();
	}

	/** The management port's base URL (metrics and health live there only). */
	public String managementUrl() {
		return "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.management.port");
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
