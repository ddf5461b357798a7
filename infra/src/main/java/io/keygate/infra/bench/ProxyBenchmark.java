package io.keygate.infra.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.keygate.infra.simulator.RunningSimulator;
import io.keygate.infra.simulator.SimulatedSystem;

/**
 * Throughput and latency on loopback of the same request (a meter read on the simulated
 * head-end) sent (a) directly, (b) through nginx as a plain reverse proxy and (c) through the
 * Keygate gateway, measured in the same run on the same machine, with the ratios the service
 * level is written in. Not a test: numbers depend on the machine, only ratios mean something.
 * <p>
 * {@code ./mvnw -q -pl infra exec:java -Dexec.mainClass=io.keygate.infra.bench.ProxyBenchmark
 * -Dexec.args="--requests=20000 --warmup=5000 --concurrency=16"}
 */
public final class ProxyBenchmark {

	private static final String PASSWORD = "bench-upstream-password";

	private static final String USER = "keygate-gw";

	private static final String PATH = "/api/meters/MTR-00001";

	private ProxyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int requests = intArg(args, "--requests=", 20_000);
		int warmup = intArg(args, "--warmup=", 5_000);
		int concurrency = intArg(args, "--concurrency=", 16);
		int nginxWorkers = intArg(args, "--nginx-workers=", 1);
		boolean withGateway = !List.of(args).contains("--no-gateway");
		HttpLoad load = new HttpLoad(concurrency, warmup, requests, Duration.ofMinutes(5));
		List<LoadResult> results = new ArrayList<>();
		try (RunningSimulator upstream = RunningSimulator.start(SimulatedSystem.HEAD_END, 0, USER, PASSWORD, null,
				Map.of("logging.level.io.keygate", "WARN", "logging.level.root", "WARN"))) {
			String authorization = upstream.serviceAuthorization();
			// Everything starts before the first measurement and stops after the last: closing a
			// Spring context disposes Reactor Netty's shared resources, which the others use too.
			try (NginxProxy nginx = NginxProxy.start(upstream.port(), authorization, nginxWorkers);
					BenchGateway gateway = withGateway ? BenchGateway.start(upstream.port(), USER, PASSWORD) : null) {
				results.add(load.run("direct", "http://127.0.0.1:" + upstream.port() + PATH, Map.of("Authorization", authorization)));
				results.add(load.run("nginx (" + nginxWorkers + " worker)", "http://127.0.0.1:" + nginx.port() + PATH, Map.of()));
				if (gateway != null) {
					gateway.grant("bench-engineer");
					results.add(load.run("keygate gateway", "http://127.0.0.1:" + gateway.port() + "/t/head-end" + PATH,
							Map.of(BenchSignin.TOKEN_HEADER, gateway.token())));
				}
				// Direct again: a drift between the two direct runs says the machine was busy meanwhile.
				results.add(load.run("direct (again)", "http://127.0.0.1:" + upstream.port() + PATH, Map.of("Authorization", authorization)));
			}
		}
		System.out.println(report(results, concurrency));
	}

	static String report(List<LoadResult> results, int concurrency) {
		StringBuilder out = new StringBuilder();
		out.append("\nLoopback proxy benchmark: ").append(results.get(0).requests()).append(" measured requests each, concurrency ")
			.append(concurrency).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs\n");
		out.append(LoadResult.header()).append('\n');
		results.forEach(result -> out.append(result.row()).append('\n'));
		double direct = results.stream().filter(r -> r.name().startsWith("direct")).mapToDouble(LoadResult::requestsPerSecond).average()
			.orElse(Double.NaN);
		for (LoadResult result : results) {
			if (!result.name().startsWith("direct")) {
				out.append(String.format("%s / direct throughput: %.2f%n", result.name(), result.requestsPerSecond() / direct));
			}
			if (result.errors() > 0) {
				out.append("WARNING: ").append(result.name()).append(" had ").append(result.errors())
					.append(" non-200 answers; its numbers do not measure proxying\n");
			}
		}
		return out.toString();
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
