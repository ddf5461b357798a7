package io.keygate.infra.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import io.keygate.infra.simulator.RunningSimulator;
import io.keygate.infra.simulator.SimulatedSystem;

/**
 * Throughput, latency and CPU per request on loopback of the same request (a meter read on the
 * simulated head-end) sent (a) directly, (b) through nginx as a plain reverse proxy and (c) through
 * the Keygate gateway, measured in the same run on the same machine, with the ratios the service
 * level is written in. Not a test: numbers depend on the machine, only ratios mean something.
 * <p>
 * The three paths take turns: {@code --warmup-rounds} rounds that warm every path up and are not
 * reported (on two cores the one C2 compiler thread needs about 50,000 requests before the
 * gateway's CPU per request stops falling, far more than the upstream needs), then {@code --rounds}
 * measured rounds; each
 * path's median round is reported, so that a burst of other work on the machine during one round
 * does not decide the result. CPU per request counts every process on the path: this JVM (load
 * generator and upstream), nginx's processes, and the gateway's own JVM ({@link GatewayProcess},
 * apart like nginx). So the extra CPU a proxy costs is its row minus the direct row, whatever else
 * the machine is doing.
 * <p>
 * {@code ./mvnw -q -pl infra exec:exec -Dexec.executable=java -Dexec.args="-cp %classpath
 * io.keygate.infra.bench.ProxyBenchmark --requests=6000 --warmup=2000 --concurrency=16 --warmup-rounds=8 --rounds=3"}
 * (nginx must be installed: {@code apt-get install -y nginx})
 */
public final class ProxyBenchmark {

	private static final String PASSWORD = "bench-upstream-password";

	private static final String USER = "keygate-gw";

	private static final String PATH = "/api/meters/MTR-00001";

	private static final String DIRECT = "direct";

	private ProxyBenchmark() {
	}

	/** One way to the upstream: where requests go, with which headers, and whose CPU to count. */
	private record Route(String name, String url, Map<String, String> headers, LongSupplier cpuNanos) {
	}

	public static void main(String[] args) throws Exception {
		int requests = intArg(args, "--requests=", 6_000);
		int warmup = intArg(args, "--warmup=", 2_000);
		int concurrency = intArg(args, "--concurrency=", 16);
		int nginxWorkers = intArg(args, "--nginx-workers=", 1);
		int rounds = intArg(args, "--rounds=", 3);
		int warmupRounds = intArg(args, "--warmup-rounds=", 8);
		boolean withGateway = !List.of(args).contains("--no-gateway");
		HttpLoad load = new HttpLoad(concurrency, warmup, requests, Duration.ofMinutes(5));
		Map<String, List<LoadResult>> measured = new LinkedHashMap<>();
		try (RunningSimulator upstream = RunningSimulator.start(SimulatedSystem.HEAD_END, 0, USER, PASSWORD, null,
				Map.of("logging.level.io.keygate", "WARN", "logging.level.root", "WARN"))) {
			String authorization = upstream.serviceAuthorization();
			// Everything starts before the first measurement and stops after the last: closing a
			// Spring context disposes Reactor Netty's shared resources, which the others use too.
			try (NginxProxy nginx = NginxProxy.start(upstream.port(), authorization, nginxWorkers);
					GatewayProcess gateway = withGateway ? GatewayProcess.start(upstream.port(), USER, PASSWORD) : null) {
				List<Route> routes = new ArrayList<>();
				routes.add(new Route(DIRECT, "http://127.0.0.1:" + upstream.port() + PATH, Map.of("Authorization", authorization),
						ProxyBenchmark::jvmCpuNanos));
				routes.add(new Route("nginx (" + nginxWorkers + " worker)", "http://127.0.0.1:" + nginx.port() + PATH, Map.of(),
						() -> jvmCpuNanos() + nginx.cpuNanos()));
				if (gateway != null) {
					routes.add(new Route("keygate gateway", "http://127.0.0.1:" + gateway.port() + "/t/head-end" + PATH,
							Map.of(BenchSignin.TOKEN_HEADER, gateway.token()), () -> jvmCpuNanos() + gateway.cpuNanos()));
				}
				for (int round = 1 - warmupRounds; round <= rounds; round++) {
					for (Route route : routes) {
						LoadResult result = load.run(route.name(), route.url(), route.headers(), route.cpuNanos());
						if (round > 0) {
							measured.computeIfAbsent(route.name(), name -> new ArrayList<>()).add(result);
						}
						System.out.printf("round %d%s: %s%n", round, round <= 0 ? " (warm-up, not reported)" : "", result.row());
					}
				}
			}
		}
		System.out.println(report(measured, concurrency));
	}

	static String report(Map<String, List<LoadResult>> measured, int concurrency) {
		List<LoadResult> medians = measured.values().stream().map(LoadResult::median).toList();
		LoadResult direct = medians.stream().filter(result -> result.name().equals(DIRECT)).findFirst().orElseThrow();
		StringBuilder out = new StringBuilder();
		out.append("\nLoopback proxy benchmark: ").append(direct.requests()).append(" measured requests per round, ")
			.append(measured.get(DIRECT).size()).append(" rounds, median round per path, concurrency ").append(concurrency)
			.append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs\n");
		out.append(LoadResult.header()).append('\n');
		medians.forEach(result -> out.append(result.row()).append('\n'));
		for (LoadResult result : medians) {
			if (result != direct) {
				out.append(String.format("%s / direct throughput: %.2f; CPU it adds per request: %.0f us%n", result.name(),
						result.requestsPerSecond() / direct.requestsPerSecond(),
						result.cpuMicrosPerRequest() - direct.cpuMicrosPerRequest()));
			}
		}
		measured.values().stream().flatMap(List::stream).filter(result -> result.errors() > 0).forEach(result -> out
			.append("WARNING: ").append(result.name()).append(" had ").append(result.errors())
			.append(" non-200 answers in a round; its numbers do not measure proxying\n"));
		return out.toString();
	}

	private static long jvmCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	static int intArg(String[] args, String prefix, int fallback) {
		for (String arg : args) {
			if (arg.startsWith(prefix)) {
				return Integer.parseInt(arg.substring(prefix.length()));
			}
		}
		return fallback;
	}

}
