package io.keygate.infra.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runnable quickstart jar is a production artefact: it must carry nothing built for tests or
 * benchmarks — above all not the benchmark's sign-in, which trusts a request header, even switched
 * off. Read from the exec jar the reactor packaged before this module's integration tests.
 */
class QuickstartJarIT {

	private static final Path QUICKSTART_TARGET = Path.of(System.getProperty("basedir", "."))
		.toAbsolutePath()
		.normalize()
		.resolveSibling("quickstart")
		.resolve("target");

	private static List<String> entries;

	@BeforeAll
	static void readJar() throws IOException {
		Path jar;
		try (Stream<Path> files = Files.list(QUICKSTART_TARGET)) {
			jar = files.filter(file -> file.getFileName().toString().matches("keygate-quickstart-.*-exec\\.jar"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no quickstart exec jar in " + QUICKSTART_TARGET
						+ ": build with ./mvnw verify (the reactor packages it before this test)"));
		}
		try (JarFile file = new JarFile(jar.toFile())) {
			entries = file.stream().map(entry -> entry.getName()).toList();
		}
	}

	@Test
	void quickstartJarWhenPackagedThenStartsTheQuickstartWithTheApplicationsInside() {
		assertThat(entries).contains("BOOT-INF/classes/io/keygate/infra/quickstart/Quickstart.class");
		assertThat(entries).anyMatch(name -> name.matches("BOOT-INF/lib/keygate-auth-server-.*\\.jar"));
		assertThat(entries).anyMatch(name -> name.matches("BOOT-INF/lib/keygate-gateway-.*\\.jar"));
		assertThat(entries).anyMatch(name -> name.matches("BOOT-INF/lib/keygate-simulator-.*\\.jar"));
	}

	@Test
	void quickstartJarWhenPackagedThenHoldsNoBenchmarkClassOrLibrary() {
		assertThat(entries).noneMatch(name -> name.contains("io/keygate/infra/bench/"));
		assertThat(entries).noneMatch(name -> name.contains("BenchSignin"));
		assertThat(entries).noneMatch(name -> name.matches("BOOT-INF/lib/(keygate-bench|jmh-core|jmh-generator-annprocess)-.*"));
		assertThat(entries).noneMatch(name -> name.startsWith("org/openjdk/jmh/"));
	}

	@Test
	void quickstartJarWhenPackagedThenHoldsNoTestSupport() {
		assertThat(entries).noneMatch(name -> name.matches(
				"BOOT-INF/lib/(keygate-test-support|keygate-e2e|.*-tests|webauthn4j-test|junit-.*|assertj-.*|selenium-.*|testcontainers-.*)(-[0-9].*)?\\.jar"));
	}

}
