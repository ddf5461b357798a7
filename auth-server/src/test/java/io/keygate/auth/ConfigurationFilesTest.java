package io.keygate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The auth server's settings come from auth-server.yml whichever way it starts: standalone (the
 * exec jar reads application.yml, which imports it) or as the quickstart's child context
 * ({@code spring.config.name=auth-server}), where the gateway's application.yml is on the same
 * class path and may come first.
 */
class ConfigurationFilesTest {

	/** No beans: only the environment is of interest. */
	@Configuration(proxyBeanMethods = false)
	static class EnvironmentOnly {

	}

	@TempDir
	Path temp;

	private static Map<String, Object> settings(ClassLoader classLoader, String... arguments) throws IOException {
		List<String> names = new ArrayList<>();
		for (PropertySource<?> document : new YamlPropertySourceLoader().load("auth-server.yml",
				new ClassPathResource("auth-server.yml"))) {
			// The first document: what applies without a profile.
			names.addAll(List.of(((EnumerablePropertySource<?>) document).getPropertyNames()));
			break;
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EnvironmentOnly.class)
			.resourceLoader(new DefaultResourceLoader(classLoader))
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(arguments)) {
			Map<String, Object> values = new TreeMap<>();
			for (String name : names) {
				values.put(name, context.getEnvironment().getProperty(name));
			}
			return values;
		}
	}

	/** Answers {@code application.yml} with {@code decoy} before anything else, as the quickstart's class path may. */
	private static ClassLoader decoyApplicationYmlFirst(Path decoy) {
		return new ClassLoader(ConfigurationFilesTest.class.getClassLoader()) {

			@Override
			public URL getResource(String name) {
				return "application.yml".equals(name) ? url(decoy) : super.getResource(name);
			}

			@Override
			public Enumeration<URL> getResources(String name) throws IOException {
				if (!"application.yml".equals(name)) {
					return super.getResources(name);
				}
				List<URL> urls = new ArrayList<>();
				urls.add(url(decoy));
				urls.addAll(Collections.list(super.getResources(name)));
				return Collections.enumeration(urls);
			}

		};
	}

	private static URL url(Path path) {
		try {
			return path.toUri().toURL();
		}
		catch (java.net.MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void quickstartWhenAnotherModulesApplicationYmlComesFirstThenTheAuthServersOwnSettingsAreRead() throws IOException {
		Path decoy = Files.writeString(this.temp.resolve("application.yml"), """
				server:
				  port: 8080
				  servlet:
				    session:
				      cookie:
				        name: SESSION
				keygate:
				  webauthn:
				    rp-name: not the auth server
				""");

		Map<String, Object> quickstart = settings(decoyApplicationYmlFirst(decoy), "--spring.config.name=auth-server");

		assertThat(quickstart).containsEntry("server.servlet.session.cookie.name", "KEYGATE_AUTH_SESSION")
			.containsEntry("server.port", "9000")
			.containsEntry("keygate.webauthn.rp-name", "Keygate")
			.containsEntry("spring.flyway.locations", "classpath:db/migration");
	}

	@Test
	void standaloneWhenStartedWithApplicationYmlThenEverySettingEqualsTheQuickstarts() throws IOException {
		ClassLoader classLoader = ConfigurationFilesTest.class.getClassLoader();

		Map<String, Object> standalone = settings(classLoader);
		Map<String, Object> quickstart = settings(classLoader, "--spring.config.name=auth-server");

		assertThat(standalone).isEqualTo(quickstart).containsEntry("server.servlet.session.cookie.name", "KEYGATE_AUTH_SESSION");
		assertThat(standalone.values()).doesNotContainNull();
	}

	@Test
	void profileFileWhenActiveThenItWinsOverTheImportedSettings() throws IOException {
		Map<String, Object> test = settings(ConfigurationFilesTest.class.getClassLoader(), "--spring.profiles.active=test");

		assertThat((String) test.get("spring.datasource.url")).startsWith("jdbc:h2:mem:keygate-");
	}

}
