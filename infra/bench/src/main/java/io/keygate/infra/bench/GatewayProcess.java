package io.keygate.infra.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's gateway in a JVM of its own, as it runs in production and as nginx runs beside
 * it: in one JVM with the load generator and the upstream, the gateway's reactive code shared
 * Reactor's and Netty's JIT profiles with them and kept being deoptimised and recompiled (the C2
 * compiler thread used a fifth of the CPU throughout), which charged the gateway for a cost it
 * does not have alone. A process of its own also lets the benchmark read the gateway's CPU time
 * the same way it reads nginx's.
 * <p>
 * The child runs {@link #main} on this JVM's class path, so the benchmark must be started with the
 * full class path on the command line ({@code exec:exec}, not {@code exec:java}); it lives until
 * its standard input closes, so it never outlives the benchmark.
 */
final class GatewayProcess implements AutoCloseable {

	private static final String READY = "KEYGATE-BENCH-GATEWAY-READY ";

	private final Process process;

	private final int port;

	private final String token;

	private GatewayProcess(Process process, int port, String token) {
		this.process = process;
		this.port = port;
		this.token = token;
	}

	static GatewayProcess start(int upstreamPort, String upstreamUser, String upstreamPassword) throws IOException {
		String classPath = System.getProperty("java.class.path", "");
		if (!classPath.contains("keygate-gateway") && !classPath.contains("gateway" + java.io.File.separator + "target")) {
			throw new IllegalStateException("the gateway is not on java.class.path; start the benchmark with exec:exec and "
					+ "-cp %classpath (infra/README.md), not exec:java");
		}
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java));
		// For profiling the gateway alone, e.g. KEYGATE_BENCH_GATEWAY_JAVA_OPTIONS=-XX:StartFlightRecording=filename=gw.jfr
		String options = System.getenv("KEYGATE_BENCH_GATEWAY_JAVA_OPTIONS");
		if (options != null && !options.isBlank()) {
			command.addAll(List.of(options.trim().split("\\s+")));
		}
		command.addAll(List.of("-cp", classPath, GatewayProcess.class.getName()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("KEYGATE_BENCH_UPSTREAM_PORT", Integer.toString(upstreamPort));
		builder.environment().put("KEYGATE_BENCH_UPSTREAM_USER", upstreamUser);
		builder.environment().put("KEYGATE_BENCH_UPSTREAM_PASSWORD", upstreamPassword);
		Process process = builder.start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith(READY)) {
				String[] parts = line.substring(READY.length()).split(" ");
				drain(out);
				return new GatewayProcess(process, Integer.parseInt(parts[0]), parts[1]);
			}
			System.out.println("[gateway] " + line);
		}
		process.destroyForcibly();
		throw new IllegalStateException("the benchmark gateway exited before it was ready (its output is above)");
	}

	/** Keeps reading the child's output so that it never blocks on a full pipe; shows warnings. */
	private static void drain(BufferedReader out) {
		Thread drainer = new Thread(() -> {
			try {
				String line;
				while ((line = out.readLine()) != null) {
					if (line.contains(" WARN ") || line.contains(" ERROR ")) {
						System.out.println("[gateway] " + line);
					}
				}
			}
			catch (IOException ex) {
				// The child is gone: nothing left to read.
			}
		}, "bench-gateway-output");
		drainer.setDaemon(true);
		drainer.start();
	}

	int port() {
		return this.port;
	}

	/** The token that signs a request in as the granted engineer ({@link BenchSignin}). */
	String token() {
		return this.token;
	}

	/** CPU time the gateway's JVM has used so far. */
	long cpuNanos() {
		return this.process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
	}

	@Override
	public void close() {
		try {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
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

	/** The child: the embedded gateway with one granted engineer, until standard input closes. */
	public static void main(String[] args) throws Exception {
		try (BenchGateway gateway = BenchGateway.start(Integer.parseInt(System.getenv("KEYGATE_BENCH_UPSTREAM_PORT")),
				System.getenv("KEYGATE_BENCH_UPSTREAM_USER"), System.getenv("KEYGATE_BENCH_UPSTREAM_PASSWORD"))) {
			gateway.grant("bench-engineer");
			System.out.println(READY + gateway.port() + " " + gateway.token());
			System.out.flush();
			while (System.in.read() != -1) {
				// Nothing is sent; end of input means the benchmark is done.
			}
		}
		System.exit(0);
	}

}
