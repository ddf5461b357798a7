package io.keygate.infra.bench.enforcement;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.keygate.auth.audit.stream.GatewayAuditStreamConsumer;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.infra.bench.audit.AuditRigs;
import io.keygate.testsupport.RedisTestServer;

/**
 * What enforcement costs, isolated: the same small static JSON file fetched with wrk (one thread,
 * 16 connections by default) directly from nginx, through nginx as a plain reverse proxy, through
 * plain Spring Cloud Gateway ({@link PlainGateway}), and through the Keygate gateway with
 * enforcement, signed in through a real gateway session cookie, with the real audit sink of each
 * mode ({@link KeygateGateway}: embedded chain; Redis Stream consumed into PostgreSQL by the auth
 * server's consumer, which runs in this JVM). Every proxy runs in a process of its own.
 * <p>
 * Paths take turns: {@code --warmup-rounds} unreported rounds, then {@code --rounds} rounds of
 * {@code --seconds}; the median round (by req/s) of each path is reported with p50/p99/p99.9 and
 * the CPU per request of every process on the path ({@code /proc/<pid>/stat} before and after).
 * Not a test: the numbers depend on the machine; ratios in the same run are what mean something.
 * Command: infra/README.md ("Benchmarks").
 */
public final class EnforcementBenchmark {

	static final String UPSTREAM_USER = "keygate-gw";

	static final String UPSTREAM_PASSWORD = "bench-upstream-password";

	static final String PATH = "/api/meters/MTR-00001";

	private EnforcementBenchmark() {
	}

	/** A process on a path and how to read its CPU time. */
	record Meter(String name, Supplier<Long> cpuNanos) {
	}

	record Route(String name, String url, Map<String, String> headers, List<Meter> meters) {
	}

	/** One round of one path: wrk's run and the CPU each process used, in nanoseconds. */
	record Round(Wrk.Run run, Map<String, Long> cpu) {

		double micros(String meter) {
			return this.cpu.get(meter) / 1e3 / this.run.requests();
		}

		double pathMicros() {
			return this.cpu.values().stream().mapToLong(Long::longValue).sum() / 1e3 / this.run.requests();
		}

	}

	public static void main(String[] args) throws Exception {
		boolean quick = List.of(args).contains("--quick");
		int rounds = intArg(args, "--rounds=", quick ? 1 : 5);
		int warmupRounds = intArg(args, "--warmup-rounds=", quick ? 1 : 2);
		int seconds = intArg(args, "--seconds=", quick ? 5 : 15);
		int connections = intArg(args, "--connections=", 16);
		List<String> modes = List.of(stringArg(args, "--modes=", "embedded,distributed").split(","));
		Wrk wrk = Wrk.require(connections);
		String authorization = "Basic " + Base64.getEncoder()
			.encodeToString((UPSTREAM_USER + ":" + UPSTREAM_PASSWORD).getBytes(StandardCharsets.UTF_8));
		String started = Instant.now().toString();
		String loadBefore = loadAverage();
		List<AutoCloseable> resources = new ArrayList<>();
		Map<String, List<Round>> measured = new LinkedHashMap<>();
		try {
			Nginx origin = add(resources, Nginx.origin());
			Meter originMeter = new Meter("origin nginx", () -> ProcCpu.nanos(origin.handle()));
			Nginx proxy = add(resources, Nginx.proxy(origin.port(), authorization));
			Map<String, String> upstreamEnvironment = Map.of("KEYGATE_BENCH_UPSTREAM_PORT", Integer.toString(origin.port()),
					"KEYGATE_BENCH_UPSTREAM_AUTHORIZATION", authorization, KeygateGateway.TARGETS,
					Integer.toString(intArg(args, "--targets=", 1)));
			ChildJvm plain = add(resources, ChildJvm.start("plain scg", PlainGateway.class, upstreamEnvironment, PlainGateway::onClassPath,
					List.of()));
			List<Route> paths = new ArrayList<>();
			paths.add(new Route("direct (nginx static)", "http://127.0.0.1:" + origin.port() + PATH, Map.of(), List.of(originMeter)));
			paths.add(new Route("nginx reverse proxy", "http://127.0.0.1:" + proxy.port() + "/t/head-end" + PATH, Map.of(),
					List.of(originMeter, new Meter("proxy", () -> ProcCpu.nanos(proxy.handle())))));
			paths.add(new Route("plain Spring Cloud Gateway", "http://127.0.0.1:" + plain.fact(0) + "/t/head-end" + PATH, Map.of(),
					List.of(originMeter, new Meter("proxy", () -> ProcCpu.nanos(plain.handle())))));
			// --baseline-classes=DIR (and --baseline-java-options="...") adds each Keygate mode once more,
			// with DIR's classes in front of the gateway's: before and after a change in the same run.
			String baselineClasses = stringArg(args, "--baseline-classes=", "");
			List<Map<String, String>> variants = new ArrayList<>(List.of(Map.of()));
			if (!baselineClasses.isBlank()) {
				variants.add(0, Map.of(ChildJvm.SHADOW_CLASSES, baselineClasses, ChildJvm.OWN_JAVA_OPTIONS,
						stringArg(args, "--baseline-java-options=", "")));
			}
			// --baseline-classpath=FILE: BEFORE runs on the whole class path in FILE (e.g. an earlier
			// commit built with infra/bench/baseline.sh), the benchmark's own classes included.
			String baselineClassPath = stringArg(args, "--baseline-classpath=", "");
			if (!baselineClassPath.isBlank()) {
				variants.add(0, Map.of(ChildJvm.WHOLE_CLASS_PATH,
						Files.readString(java.nio.file.Path.of(baselineClassPath), StandardCharsets.UTF_8).trim(),
						ChildJvm.OWN_JAVA_OPTIONS, stringArg(args, "--baseline-java-options=", "")));
			}
			for (Map<String, String> variant : variants) {
				String suffix = variant.isEmpty() ? "" : " BEFORE";
				Map<String, String> environment = new LinkedHashMap<>(upstreamEnvironment);
				environment.putAll(variant);
				if (modes.contains("embedded")) {
					ChildJvm keygate = add(resources, ChildJvm.start("keygate embedded" + suffix.toLowerCase(java.util.Locale.ROOT),
							KeygateGateway.class, environment, entry -> true, List.of("embedded")));
					paths.add(new Route("Keygate embedded (H2 chain)" + suffix, "http://127.0.0.1:" + keygate.fact(0) + "/t/head-end" + PATH,
							Map.of("Cookie", keygate.fact(1)), List.of(originMeter, new Meter("proxy", () -> ProcCpu.nanos(keygate.handle())))));
				}
				if (modes.contains("distributed")) {
					paths.add(distributed(resources, environment, originMeter, suffix));
				}
			}
			// --paths=scg,embedded measures only the paths whose names contain one of these (for profiling).
			List<String> only = List.of(stringArg(args, "--paths=", "").toLowerCase(java.util.Locale.ROOT).split(","));
			paths.removeIf(path -> only.stream().noneMatch(part -> path.name().toLowerCase(java.util.Locale.ROOT).contains(part)));
			for (int round = 1 - warmupRounds; round <= rounds; round++) {
				// Paths take turns, each round starting one later, so no path always follows the same one.
				for (int i = 0; i < paths.size(); i++) {
					Route path = paths.get(Math.floorMod(i + round, paths.size()));
					Round result = measure(wrk, path, round <= 0 ? Math.min(seconds, 10) : seconds);
					if (round > 0) {
						measured.computeIfAbsent(path.name(), name -> new ArrayList<>()).add(result);
					}
					System.out.printf("round %d%s: %-30s %s%n", round, round <= 0 ? " (warm-up)" : "", path.name(), row(result));
				}
			}
			System.out.println(report(measured, paths, connections, seconds, rounds, warmupRounds, started, loadBefore));
		}
		finally {
			for (int i = resources.size() - 1; i >= 0; i--) {
				try {
					resources.get(i).close();
				}
				catch (Exception ex) {
					System.out.println("closing: " + ex);
				}
			}
		}
		System.exit(0);
	}

	/** Redis, PostgreSQL, the auth server's consumer (here) and the distributed gateway (a child). */
	private static Route distributed(List<AutoCloseable> resources, Map<String, String> upstreamEnvironment, Meter originMeter,
			String suffix) throws Exception {
		String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
		RedisTestServer redis = add(resources, RedisTestServer.startPrivate());
		DataSource database = AuditRigs.postgres();
		resources.add(() -> ((com.zaxxer.hikari.HikariDataSource) database).close());
		GatewayAuditStreamConsumer consumer = add(resources,
				AuditRigs.consumer(redis, prefix + ":audit", "auth-server-1", AuditRigs.chain(database)));
		consumer.start();
		RedisGrantStore authServer = add(resources, new RedisGrantStore(redis.uri(), Clock.systemUTC(), prefix,
				TestIntegrityKeys.storeIntegrity()));
		authServer.put(KeygateGateway.grant(KeygateGateway.SUBJECT));
		Map<String, String> environment = new LinkedHashMap<>(upstreamEnvironment);
		environment.put("KEYGATE_BENCH_REDIS_URL", redis.url());
		environment.put("KEYGATE_BENCH_PREFIX", prefix);
		ChildJvm keygate = add(resources, ChildJvm.start("keygate distributed" + suffix.toLowerCase(java.util.Locale.ROOT),
				KeygateGateway.class, environment, entry -> true,
				List.of("distributed")));
		ProcessHandle redisServer = ProcessHandle.allProcesses()
			.filter(handle -> ProcCpu.commandLine(handle).contains("redis-server") && ProcCpu.commandLine(handle).contains("" + redis.port()))
			.findFirst()
			.orElse(null);
		if (redisServer == null) {
			System.out.println("WARNING: redis-server's process not found; its CPU is not counted");
		}
		ProcessHandle self = ProcessHandle.current();
		List<Meter> meters = new ArrayList<>(List.of(originMeter, new Meter("proxy", () -> ProcCpu.nanos(keygate.handle()))));
		if (redisServer != null) {
			meters.add(new Meter("redis", () -> ProcCpu.own(redisServer)));
		}
		meters.add(new Meter("audit consumer", () -> ProcCpu.own(self)));
		return new Route("Keygate distributed (Redis Stream)" + suffix, "http://127.0.0.1:" + keygate.fact(0) + "/t/head-end" + PATH,
				Map.of("Cookie", keygate.fact(1)), meters);
	}

	private static Round measure(Wrk wrk, Route path, int seconds) throws Exception {
		Map<String, Long> before = new LinkedHashMap<>();
		path.meters().forEach(meter -> before.put(meter.name(), meter.cpuNanos().get()));
		Wrk.Run run = wrk.run(path.url(), path.headers(), seconds);
		Map<String, Long> used = new LinkedHashMap<>();
		path.meters().forEach(meter -> used.put(meter.name(), meter.cpuNanos().get() - before.get(meter.name())));
		return new Round(run, used);
	}

	private static String row(Round round) {
		Wrk.Run run = round.run();
		StringBuilder cpu = new StringBuilder();
		round.cpu().keySet().forEach(meter -> cpu.append(String.format(" %s %.1f", meter, round.micros(meter))));
		return String.format("%8.0f req/s  p50 %6.3f  p99 %6.3f  p99.9 %6.3f ms  errors %d/%d  CPU us/req:%s", run.requestsPerSecond(),
				run.p50() / 1e3, run.p99() / 1e3, run.p999() / 1e3, run.socketErrors(), run.statusErrors(), cpu);
	}

	static String report(Map<String, List<Round>> measured, List<Route> paths, int connections, int seconds, int rounds,
			int warmupRounds, String started, String loadBefore) throws Exception {
		Map<String, Round> medians = new LinkedHashMap<>();
		measured.forEach((name, list) -> {
			List<Round> sorted = new ArrayList<>(list);
			sorted.sort(Comparator.comparingDouble(round -> round.run().requestsPerSecond()));
			medians.put(name, sorted.get(sorted.size() / 2));
		});
		StringBuilder out = new StringBuilder();
		out.append(String.format("%n## Enforcement benchmark%n%n- started %s, java %s (%s), %d CPUs, %s%n", started,
				System.getProperty("java.version"), System.getProperty("java.vm.vendor"), Runtime.getRuntime().availableProcessors(),
				cpuModel()));
		out.append(String.format("- wrk -t1 -c%d, %d s rounds, %d warm-up + %d measured rounds, paths taking turns, median round (req/s)%n",
				connections, seconds, warmupRounds, rounds));
		out.append(String.format("- load average before: %s; after: %s%n%n", loadBefore, loadAverage()));
		out.append("| path | req/s | p50 ms | p99 ms | p99.9 ms | errors | CPU µs/req per process | path CPU µs/req |\n");
		out.append("|---|---:|---:|---:|---:|---:|---|---:|\n");
		medians.forEach((name, round) -> {
			Wrk.Run run = round.run();
			StringBuilder cpu = new StringBuilder();
			round.cpu().keySet().forEach(meter -> cpu.append(cpu.isEmpty() ? "" : ", ")
				.append(String.format("%s %.1f", meter, round.micros(meter))));
			out.append(String.format("| %s | %.0f | %.3f | %.3f | %.3f | %d | %s | %.1f |%n", name, run.requestsPerSecond(), run.p50() / 1e3,
					run.p99() / 1e3, run.p999() / 1e3, run.socketErrors() + run.statusErrors(), cpu, round.pathMicros()));
		});
		Round nginx = medians.get("nginx reverse proxy");
		Round plain = medians.get("plain Spring Cloud Gateway");
		if (nginx == null || plain == null || !medians.containsKey("direct (nginx static)")) {
			return out.toString();
		}
		out.append('\n');
		for (Map.Entry<String, Round> entry : medians.entrySet()) {
			if (!entry.getKey().startsWith("Keygate")) {
				continue;
			}
			Round keygate = entry.getValue();
			out.append(String.format(
					"- %s: %.2f× plain SCG throughput (target ≥ 0.9), CPU added over plain SCG %.1f µs/req (target ≤ 30), p99 %.2f× plain SCG (target ≤ 1.5), %.2f× nginx proxy throughput (target ≥ 0.5)%n",
					entry.getKey(), keygate.run().requestsPerSecond() / plain.run().requestsPerSecond(),
					keygate.pathMicros() - plain.pathMicros(), (double) keygate.run().p99() / plain.run().p99(),
					keygate.run().requestsPerSecond() / nginx.run().requestsPerSecond()));
		}
		out.append(String.format("- plain SCG: %.2f× nginx proxy throughput, CPU %.1f µs/req over direct%n",
				plain.run().requestsPerSecond() / nginx.run().requestsPerSecond(),
				plain.pathMicros() - medians.get("direct (nginx static)").pathMicros()));
		return out.toString();
	}

	private static <T extends AutoCloseable> T add(List<AutoCloseable> resources, T resource) {
		resources.add(resource);
		return resource;
	}

	static String loadAverage() {
		try {
			return Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
		}
		catch (Exception ex) {
			return "?";
		}
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
				.findFirst()
				.map(line -> line.substring(line.indexOf(':') + 1).trim())
				.orElse("?");
		}
		catch (Exception ex) {
			return "?";
		}
	}

	static int intArg(String[] args, String prefix, int fallback) {
		return Integer.parseInt(stringArg(args, prefix, Integer.toString(fallback)));
	}

	static String stringArg(String[] args, String prefix, String fallback) {
		for (String arg : args) {
			if (arg.startsWith(prefix)) {
				return arg.substring(prefix.length());
			}
		}
		return fallback;
	}

}
