package io.keygate.infra.distributed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import static org.awaitility.Awaitility.await;

/**
 * One Keygate application started as its own JVM ({@code java -jar} on a repackaged exec jar), its
 * output captured to a file. The environment is built from nothing: the child sees only the
 * variables it is given, never the test JVM's (no stray {@code KEYGATE_*}, {@code JAVA_TOOL_OPTIONS}
 * or credentials).
 */
final class ApplicationProcess implements AutoCloseable {

	/** Small heaps, one GC thread, C1 only: three JVMs start side by side on a 2-core machine. */
	private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
			"-Xss512k", "-Djava.awt.headless=true");

	private final String name;

	private final String baseUrl;

	/** Health lives on the management port only (never on the public one). */
	private final String managementUrl;

	private final Path log;

	private final Process process;

	/** The health probe's client: over HTTPS it trusts what the test's browsers trust. */
	private final HttpClient http;

	private ApplicationProcess(String name, String baseUrl, String managementUrl, Path log, Process process, SSLContext tls) {
		this.name = name;
		this.baseUrl = baseUrl;
		this.managementUrl = managementUrl;
		this.log = log;
		this.process = process;
		HttpClient.Builder http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2));
		if (tls != null) {
			http.sslContext(tls);
		}
		this.http = http.build();
	}

	/**
	 * Starts {@code jar} with {@code arguments} (Spring {@code --property=value}s) and exactly
	 * {@code environment}; returns at once, see {@link #awaitHealthy(Duration)}.
	 */
	static ApplicationProcess start(String name, Path jar, String baseUrl, String managementUrl, List<String> arguments,
			Map<String, String> environment, Path log) throws IOException {
		return start(name, jar, baseUrl, managementUrl, List.of(), arguments, environment, log, null);
	}

	/**
	 * Like {@link #start(String, Path, String, String, List, Map, Path)}, with {@code jvmOptions} after
	 * the small-heap ones (a trust store, say), the health probe trusting {@code tls} (null: the JVM's).
	 */
	static ApplicationProcess start(String name, Path jar, String baseUrl, String managementUrl, List<String> jvmOptions,
			List<String> arguments, Map<String, String> environment, Path log, SSLContext tls) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_OPTIONS);
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(arguments);
		Files.createDirectories(log.getParent());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
			.directory(log.getParent().toFile());
		builder.environment().clear();
		builder.environment().putAll(environment);
		return new ApplicationProcess(name, baseUrl, managementUrl, log, builder.start(), tls);
	}

	private static java.io.File nullDevice() {
		return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
	}

	/**
	 * Polls {@code /actuator/health} on the management port until it answers UP; fails at once, with
	 * the output's tail, if the process exits first.
	 */
	void awaitHealthy(Duration atMost) {
		await(this.name + " healthy at " + this.managementUrl + "/actuator/health (output: " + this.log + ")").atMost(atMost)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new AssertionError(this.name + " exited with " + this.process.exitValue() + " before it was healthy; output "
							+ this.log + ":\n" + tail(60));
				}
				return up();
			});
	}

	private boolean up() {
		try {
			HttpResponse<String> health = this.http.send(HttpRequest.newBuilder(URI.create(this.managementUrl + "/actuator/health"))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
			return health.statusCode() == 200 && health.body().contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	String name() {
		return this.name;
	}

	String baseUrl() {
		return this.baseUrl;
	}

	String managementUrl() {
		return this.managementUrl;
	}

	Path log() {
		return this.log;
	}

	/** The whole output so far. */
	String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** The last {@code lines} lines of the output. */
	String tail(int lines) {
		try (Stream<String> all = Files.lines(this.log, StandardCharsets.ISO_8859_1)) {
			List<String> read = all.toList();
			return String.join("\n", read.subList(Math.max(0, read.size() - lines), read.size()));
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			return "(output unreadable: " + ex + ")";
		}
	}

	/** Asks the JVM to stop (SIGTERM); see {@link #close()}. */
	void stop() {
		this.process.destroy();
	}

	/** Waits for the stop, then kills what is still alive. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/** The backstop when the test JVM itself is going away: no orphan JVMs left behind. */
	void kill() {
		this.process.destroyForcibly();
	}

	@Override
	public String toString() {
		return this.name + " (pid " + this.process.pid() + ", " + this.baseUrl + ", output " + this.log + ")";
	}

}
