package io.keygate.infra.bench.enforcement;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A gateway in a JVM of its own, as it runs in production and as nginx runs beside it, started with
 * the benchmark's own {@code java} (so a run on another JDK runs every JVM on it). The child prints
 * {@value #READY} and its facts when it serves, and lives until its standard input closes, so it
 * never outlives the benchmark. {@code KEYGATE_BENCH_GATEWAY_JAVA_OPTIONS} passes JVM options to
 * every gateway (e.g. {@code -XX:StartFlightRecording=filename=gw.jfr}).
 */
final class ChildJvm implements AutoCloseable {

	static final String READY = "KEYGATE-BENCH-READY ";

	private final String name;

	private final Process process;

	private final List<String> facts;

	private ChildJvm(String name, Process process, List<String> facts) {
		this.name = name;
		this.process = process;
		this.facts = facts;
	}

	static ChildJvm start(String name, Class<?> main, Map<String, String> environment, Predicate<String> classPathEntry,
			List<String> arguments) throws IOException {
		String classPath = Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
			.filter(classPathEntry)
			.collect(Collectors.joining(File.pathSeparator));
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		String options = System.getenv("KEYGATE_BENCH_GATEWAY_JAVA_OPTIONS");
		if (options != null && !options.isBlank()) {
			for (String option : options.trim().split("\\s+")) {
				command.add(option.replace("{name}", name.replaceAll("[^a-z0-9]+", "-")));
			}
		}
		command.addAll(List.of("-cp", classPath, main.getName()));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith(READY)) {
				drain(name, out);
				return new ChildJvm(name, process, List.of(line.substring(READY.length()).trim().split(" ")));
			}
			System.out.println("[" + name + "] " + line);
		}
		process.destroyForcibly();
		throw new IllegalStateException(name + " exited before it was ready (its output is above)");
	}

	/** Keeps reading the child's output so it never blocks on a full pipe; shows warnings and errors. */
	private static void drain(String name, BufferedReader out) {
		Thread drainer = new Thread(() -> {
			try {
				String line;
				int traceLines = 0;
				while ((line = out.readLine()) != null) {
					boolean trace = line.startsWith("\t") || line.startsWith("Caused by");
					if (line.contains("WARN") || line.contains("ERROR") || line.startsWith("KEYGATE-BENCH") || (trace && traceLines++ < 12)) {
						System.out.println("[" + name + "] " + line);
					}
					if (!trace) {
						traceLines = 0;
					}
				}
			}
			catch (IOException ex) {
				// The child is gone.
			}
		}, "bench-output-" + name);
		drainer.setDaemon(true);
		drainer.start();
	}

	/** What the child printed after {@value #READY}, split at spaces. */
	String fact(int index) {
		return this.facts.get(index);
	}

	ProcessHandle handle() {
		return this.process.toHandle();
	}

	/** Sends one line to the child (a command of its own protocol). */
	void send(String line) throws IOException {
		this.process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		this.process.getOutputStream().flush();
	}

	@Override
	public void close() {
		try {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				System.out.println("[" + this.name + "] did not stop within 30 s; killed");
				this.process.destroyForcibly();
			}
		}
		catch (IOException ex) {
			this.process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/** In a child: blocks until the benchmark closes our standard input. */
	static void awaitEndOfInput() throws IOException {
		while (System.in.read() != -1) {
			// Nothing to read; end of input means the benchmark is done.
		}
	}

}
