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

	/** Classes put in front of the Keygate gateway's (environment of the benchmark, or of one child). */
	static final String SHADOW_CLASSES = "KEYGATE_BENCH_GATEWAY_CLASSES";

	/** JVM options of one child only (in the environment map a benchmark passes for that child). */
	static final String OWN_JAVA_OPTIONS = "KEYGATE_BENCH_OWN_JAVA_OPTIONS";

	/** A child's answer to a command sent on its standard input. */
	static final String REPLY = "KEYGATE-BENCH-REPLY ";

	private final String name;

	private final Process process;

	/** Environment key: a class path that replaces the benchmark's own for this process. */
	static final String WHOLE_CLASS_PATH = "KEYGATE_BENCH_WHOLE_CLASS_PATH";

	private final List<String> facts;

	private final java.util.concurrent.BlockingQueue<String> replies;

	private ChildJvm(String name, Process process, List<String> facts, java.util.concurrent.BlockingQueue<String> replies) {
		this.name = name;
		this.process = process;
		this.facts = facts;
		this.replies = replies;
	}

	static ChildJvm start(String name, Class<?> main, Map<String, String> environment, Predicate<String> classPathEntry,
			List<String> arguments) throws IOException {
		String classPath = Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
			.filter(classPathEntry)
			.collect(Collectors.joining(File.pathSeparator));
		// For before/after runs in one checkout: classes that shadow the Keygate gateway's (e.g. a build
		// of the previous commit's changed classes); the plain gateway never sees them.
		// Or a whole other class path (a build of an earlier commit, bench included): the BEFORE of a
		// change that touches too many classes to shadow, such as a session's worth of work.
		String whole = environment.get(WHOLE_CLASS_PATH);
		if (whole != null && !whole.isBlank() && main != PlainGateway.class) {
			classPath = whole;
		}
		String shadow = environment.getOrDefault(SHADOW_CLASSES, System.getenv(SHADOW_CLASSES));
		if (shadow != null && !shadow.isBlank() && main != PlainGateway.class) {
			classPath = shadow + File.pathSeparator + classPath;
		}
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		String own = environment.get(OWN_JAVA_OPTIONS);
		if (own != null && !own.isBlank()) {
			command.addAll(List.of(own.trim().split("\\s+")));
		}
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
				java.util.concurrent.BlockingQueue<String> replies = new java.util.concurrent.LinkedBlockingQueue<>();
				drain(name, out, replies);
				return new ChildJvm(name, process, List.of(line.substring(READY.length()).trim().split(" ")), replies);
			}
			System.out.println("[" + name + "] " + line);
		}
		process.destroyForcibly();
		throw new IllegalStateException(name + " exited before it was ready (its output is above)");
	}

	/** Keeps reading the child's output so it never blocks on a full pipe; shows warnings and errors. */
	private static void drain(String name, BufferedReader out, java.util.concurrent.BlockingQueue<String> replies) {
		Thread drainer = new Thread(() -> {
			try {
				String line;
				int traceLines = 0;
				while ((line = out.readLine()) != null) {
					if (line.startsWith(REPLY)) {
						replies.add(line.substring(REPLY.length()));
						continue;
					}
					boolean trace = line.startsWith("\t") || line.startsWith("Caused by");
					if (line.contains("WARN") || line.contains("ERROR") || (trace && traceLines++ < 12)) {
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

	/** Sends one command line to the child and waits for its one-line reply. */
	synchronized String ask(String command) throws IOException, InterruptedException {
		this.process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
		this.process.getOutputStream().flush();
		String reply = this.replies.poll(120, TimeUnit.SECONDS);
		if (reply == null) {
			throw new IllegalStateException(this.name + " did not answer '" + command + "' within 120 s");
		}
		return reply;
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

	/** In a child: answers commands until the benchmark closes our standard input. */
	static void serve(java.util.function.Function<String, String> commands) throws IOException {
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = in.readLine()) != null) {
			String reply;
			try {
				reply = commands.apply(line.trim());
			}
			catch (RuntimeException ex) {
				reply = "error " + ex;
			}
			System.out.println(REPLY + reply);
			System.out.flush();
		}
	}

}
