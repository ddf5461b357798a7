package io.keygate.infra.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import io.keygate.auth.audit.stream.GatewayAuditStreamConsumer;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.infra.bench.audit.AuditRigs;
import io.keygate.infra.bench.enforcement.BenchProcesses;
import io.keygate.infra.simulator.RunningSimulator;
import io.keygate.infra.simulator.SimulatedSystem;
import io.keygate.policy.grant.Grant;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Revocation in the distributed mode, as deployed: two gateway processes on one Redis (grant store
 * with near caches, revocation feed, audit stream consumed by the auth server's consumer in this
 * JVM, which also plays the auth server's part in revoking), each engineer signed in through the
 * real OIDC flow with a gateway session cookie. Measures, over {@code --trials} each:
 * <ol>
 * <li>revocation → deny on both gateways: a client per gateway sends requests back to back; the
 * time from the revocation to the first refused answer (resolution: one request's round trip);</li>
 * <li>revocation → WebSocket close: engineers each with an open event-console WebSocket (alternately
 * on either gateway), revoked one at a time;</li>
 * <li>memory per open WebSocket: RSS and heap (after full collections) of one gateway process with
 * none and with {@code --sockets} open WebSockets, after opening and closing as many once, and the
 * classes that grew most (for RSS that shows only what lies outside the heap, run the gateway with
 * a fixed, pre-touched heap: {@code KEYGATE_BENCH_GATEWAY_JAVA_OPTIONS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch"});</li>
 * <li>network round trips of a grant check on a near-cache hit: Redis {@code INFO commandstats}
 * before and after requests whose grant is cached (the lookup script runs as {@code evalsha_ro};
 * the audit stream's writes as {@code evalsha} with {@code xlen}/{@code xadd} inside).</li>
 * </ol>
 * Command: infra/README.md ("Benchmarks").
 */
public final class RevocationBenchmark {

	private static final String USER = "keygate-gw";

	private static final String PASSWORD = "bench-upstream-password";

	private static final String METER = "/t/head-end/api/meters/MTR-00001";

	private RevocationBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int trials = ProxyBenchmark.intArg(args, "--trials=", 200);
		int sockets = ProxyBenchmark.intArg(args, "--sockets=", 1000);
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		String prefix = "revoke-" + java.util.UUID.randomUUID().toString().substring(0, 8);
		try (RunningSimulator upstream = RunningSimulator.start(SimulatedSystem.HEAD_END, 0, USER, PASSWORD, null,
				Map.of("logging.level.root", "WARN", "keygate.simulator.event-interval", "1h"));
				RedisTestServer redis = RedisTestServer.startPrivate();
				BenchProcesses processes = new BenchProcesses()) {
			DataSource database = AuditRigs.postgres();
			processes.add(() -> ((com.zaxxer.hikari.HikariDataSource) database).close());
			GatewayAuditStreamConsumer consumer = processes.add(
					AuditRigs.consumer(redis, prefix + ":audit", "auth-server-1", AuditRigs.chain(database)));
			consumer.start();
			RedisGrantStore authServer = processes.add(new RedisGrantStore(redis.uri(), Clock.systemUTC(), prefix,
					TestIntegrityKeys.storeIntegrity()));
			authServer.put(grant("bench-engineer@itron", "0"));
			List<BenchProcesses.Gateway> gateways = new ArrayList<>();
			for (int i = 1; i <= 2; i++) {
				gateways.add(processes.distributedGateway("gateway-" + i, upstream.port(), redis.url(), prefix));
			}
			StringBuilder report = new StringBuilder();
			report.append(String.format("%n## Revocation (distributed: 2 gateway processes, one Redis), %s, java %s, %d CPUs%n",
					Instant.now(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
			report.append("- load average before: ").append(loadAverage()).append('\n');
			report.append(roundTrips(http, gateways.get(0), redis, authServer)).append('\n');
			report.append(revocationToDeny(http, gateways, authServer, trials, grant("bench-engineer@itron", "control"))).append('\n');
			report.append(memory(http, gateways.get(0), authServer, sockets)).append('\n');
			report.append(revocationToClose(http, gateways, authServer, trials)).append('\n');
			report.append("- load average after: ").append(loadAverage()).append('\n');
			System.out.println(report);
		}
		System.exit(0);
	}

	static Grant grant(String subject, String trial) {
		Instant now = Instant.now();
		String id = "g-" + subject.replaceAll("[^a-z0-9]", "-") + "-" + trial;
		return new Grant(id, subject, "itron", "head-end", "read", now.minusSeconds(60), now.plus(Duration.ofHours(2)), "r-" + id,
				List.of("bench-approver"));
	}

	private static int get(HttpClient http, BenchProcesses.Gateway gateway, String cookie) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(gateway.url() + METER)).header("Cookie", cookie)
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	/** Zero is the target: a cached grant is decided from memory. */
	private static String roundTrips(HttpClient http, BenchProcesses.Gateway gateway, RedisTestServer redis, RedisGrantStore authServer)
			throws Exception {
		int requests = 2000;
		for (int i = 0; i < 200; i++) {
			get(http, gateway, gateway.cookie());
		}
		RedisClient client = RedisClient.create(redis.uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			// Control: a new grant evicts the cached one, so the next request misses and must show up as a lookup.
			authServer.revoke(grant("bench-engineer@itron", "0").id(), "benchmark control");
			authServer.put(grant("bench-engineer@itron", "control"));
			Thread.sleep(200);
			Map<String, Long> beforeMiss = commandCalls(connection.sync().info("commandstats"));
			int missStatus = get(http, gateway, gateway.cookie());
			Map<String, Long> afterMiss = commandCalls(connection.sync().info("commandstats"));
			long missLookups = afterMiss.getOrDefault("evalsha_ro", 0L) - beforeMiss.getOrDefault("evalsha_ro", 0L)
					+ afterMiss.getOrDefault("eval_ro", 0L) - beforeMiss.getOrDefault("eval_ro", 0L);
			for (int i = 0; i < 200; i++) {
				get(http, gateway, gateway.cookie());
			}
			Map<String, Long> before = commandCalls(connection.sync().info("commandstats"));
			int allowed = 0;
			for (int i = 0; i < requests; i++) {
				allowed += get(http, gateway, gateway.cookie()) == 200 ? 1 : 0;
			}
			Map<String, Long> after = commandCalls(connection.sync().info("commandstats"));
			Map<String, Long> delta = new TreeMap<>();
			after.forEach((command, calls) -> {
				long d = calls - before.getOrDefault(command, 0L);
				if (d != 0 && !command.equals("info")) {
					delta.put(command, d);
				}
			});
			long lookups = delta.getOrDefault("evalsha_ro", 0L) + delta.getOrDefault("eval_ro", 0L);
			return String.format("- round trips of a grant check on a cache hit: %d allowed requests on one gateway → Redis commands %s;"
					+ " grant lookups (evalsha_ro/eval_ro) %d = %.3f per request (the audit stream's writes are the eval/xlen/xadd,"
					+ " two entries per request; the rest is the auth server's consumer and the revocation feed's ping). Control:"
					+ " the first request after a new grant (cache miss, answered %d) made %d lookup(s)", allowed, delta, lookups,
					(double) lookups / requests, missStatus, missLookups);
		}
		finally {
			client.shutdown();
		}
	}

	private static Map<String, Long> commandCalls(String info) {
		Map<String, Long> calls = new TreeMap<>();
		for (String line : info.split("\r?\n")) {
			if (line.startsWith("cmdstat_")) {
				String command = line.substring("cmdstat_".length(), line.indexOf(':'));
				String stats = line.substring(line.indexOf(':') + 1);
				calls.put(command, Long.parseLong(stats.substring(stats.indexOf("calls=") + 6, stats.indexOf(','))));
			}
		}
		return calls;
	}

	private static String revocationToDeny(HttpClient http, List<BenchProcesses.Gateway> gateways, RedisGrantStore authServer,
			int trials, Grant live) throws Exception {
		long[][] latencies = new long[gateways.size()][trials];
		// A polling thread per gateway: the common pool has a single thread on two cores, which made
		// the second gateway's client start only once the first had seen its deny.
		java.util.concurrent.ExecutorService pollers = java.util.concurrent.Executors.newFixedThreadPool(gateways.size());
		try {
			return revocationToDeny(http, gateways, authServer, trials, live, latencies, pollers);
		}
		finally {
			pollers.shutdownNow();
		}
	}

	private static String revocationToDeny(HttpClient http, List<BenchProcesses.Gateway> gateways, RedisGrantStore authServer,
			int trials, Grant live, long[][] latencies, java.util.concurrent.ExecutorService pollers) throws Exception {
		Grant current = live;
		for (int trial = 0; trial < trials; trial++) {
			if (trial > 0) {
				current = grant("bench-engineer@itron", Integer.toString(trial));
				authServer.put(current);
			}
			for (BenchProcesses.Gateway gateway : gateways) {
				long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
				while (get(http, gateway, gateway.cookie()) != 200) {
					if (System.nanoTime() > until) {
						throw new IllegalStateException(gateway.name() + " does not allow the new grant " + current.id());
					}
				}
			}
			List<CompletableFuture<Long>> denied = new ArrayList<>();
			long revokedAt = System.nanoTime();
			for (BenchProcesses.Gateway gateway : gateways) {
				denied.add(CompletableFuture.supplyAsync(() -> {
					long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
					while (System.nanoTime() < until) {
						if (get(http, gateway, gateway.cookie()) != 200) {
							return System.nanoTime();
						}
					}
					return Long.MAX_VALUE;
				}, pollers));
			}
			authServer.revoke(current.id(), "benchmark");
			for (int g = 0; g < gateways.size(); g++) {
				long at = denied.get(g).get(30, TimeUnit.SECONDS);
				latencies[g][trial] = at == Long.MAX_VALUE ? Long.MAX_VALUE : at - revokedAt;
			}
		}
		StringBuilder out = new StringBuilder();
		for (int g = 0; g < gateways.size(); g++) {
			out.append(percentiles("revocation → deny on " + gateways.get(g).name(), latencies[g])).append('\n');
		}
		return out.toString().stripTrailing();
	}

	private static String memory(HttpClient http, BenchProcesses.Gateway gateway, RedisGrantStore authServer, int sockets)
			throws Exception {
		authServer.put(grant("memory-engineer@itron", "0"));
		String cookie = gateway.signIn("memory-engineer@itron");
		// Warm-up: open and close the same number once, so that what "0 open" is compared with
		// already holds the one-time costs (code compiled for the WebSocket path, buffer pools grown
		// to this concurrency) and the difference is what an open socket keeps.
		List<WebSocket> warmUp = new ArrayList<>();
		for (int i = 0; i < sockets; i++) {
			warmUp.add(webSocket(http, gateway, cookie, new CompletableFuture<>(), new CompletableFuture<>()));
		}
		List<CompletableFuture<WebSocket>> closing = new ArrayList<>();
		for (WebSocket socket : warmUp) {
			closing.add(socket.sendClose(WebSocket.NORMAL_CLOSURE, "warm-up done"));
		}
		CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		Thread.sleep(2000);
		long heapBefore = Long.parseLong(gateway.ask("heap"));
		long rssBefore = rss(gateway.pid());
		Map<String, Long> classesBefore = histogram(gateway.ask("histogram"));
		List<WebSocket> open = new ArrayList<>();
		for (int i = 0; i < sockets; i++) {
			CompletableFuture<Void> opened = new CompletableFuture<>();
			open.add(webSocket(http, gateway, cookie, opened, new CompletableFuture<>()));
		}
		long heapAfter = Long.parseLong(gateway.ask("heap"));
		long rssAfter = rss(gateway.pid());
		Map<String, Long> classesAfter = histogram(gateway.ask("histogram"));
		for (WebSocket socket : open) {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
		}
		StringBuilder perSocket = new StringBuilder();
		classesAfter.entrySet()
			.stream()
			.map(entry -> Map.entry(entry.getKey(), entry.getValue() - classesBefore.getOrDefault(entry.getKey(), 0L)))
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(25)
			.forEach(entry -> perSocket.append(String.format("%n  %8.0f B/socket  %s", (double) entry.getValue() / sockets,
					entry.getKey())));
		return String.format("- memory, one gateway process: RSS %.1f MB with 0 WebSockets, %.1f MB with %d (%.1f KB each); heap after full GC"
				+ " %.1f MB → %.1f MB (%.1f KB each); the classes that grew most (heap histograms after full GC):%s",
				rssBefore / 1e6, rssAfter / 1e6, sockets, (rssAfter - rssBefore) / 1e3 / sockets,
				heapBefore / 1e6, heapAfter / 1e6, (heapAfter - heapBefore) / 1e3 / sockets, perSocket);
	}

	/** Class name → bytes, from a class histogram with its lines joined by '|'. */
	private static Map<String, Long> histogram(String joined) {
		Map<String, Long> bytes = new java.util.HashMap<>();
		for (String line : joined.split("\\|")) {
			String[] columns = line.trim().split("\\s+");
			// "  1:   12345   678901  java.lang.String (java.base@17)"
			if (columns.length >= 4 && columns[0].endsWith(":") && columns[2].chars().allMatch(Character::isDigit)) {
				bytes.merge(columns[3], Long.parseLong(columns[2]), Long::sum);
			}
		}
		return bytes;
	}

	private static String revocationToClose(HttpClient http, List<BenchProcesses.Gateway> gateways, RedisGrantStore authServer,
			int trials) throws Exception {
		List<Grant> grants = new ArrayList<>();
		List<CompletableFuture<Long>> closed = new ArrayList<>();
		for (int i = 0; i < trials; i++) {
			String subject = "ws-engineer-" + i + "@itron";
			Grant grant = grant(subject, "0");
			authServer.put(grant);
			grants.add(grant);
			BenchProcesses.Gateway gateway = gateways.get(i % gateways.size());
			CompletableFuture<Long> end = new CompletableFuture<>();
			webSocket(http, gateway, gateway.signIn(subject), new CompletableFuture<>(), end);
			closed.add(end);
		}
		long[] latencies = new long[trials];
		for (int i = 0; i < trials; i++) {
			long revokedAt = System.nanoTime();
			authServer.revoke(grants.get(i).id(), "benchmark");
			try {
				latencies[i] = closed.get(i).get(5, TimeUnit.SECONDS) - revokedAt;
			}
			catch (TimeoutException ex) {
				latencies[i] = Long.MAX_VALUE;
			}
		}
		return percentiles("revocation → WebSocket close (both gateways, alternately)", latencies);
	}

	private static WebSocket webSocket(HttpClient http, BenchProcesses.Gateway gateway, String cookie, CompletableFuture<Void> opened,
			CompletableFuture<Long> end) throws Exception {
		return http.newWebSocketBuilder()
			.header("Cookie", cookie)
			.header("Origin", gateway.url())
			.buildAsync(URI.create(gateway.url().replace("http:", "ws:") + "/t/head-end/events"), listener(opened, end))
			.get(20, TimeUnit.SECONDS);
	}

	private static String percentiles(String what, long[] latencies) {
		long[] sorted = latencies.clone();
		Arrays.sort(sorted);
		long missed = Arrays.stream(sorted).filter(l -> l == Long.MAX_VALUE).count();
		return String.format("- %s: %d trials, p50 %.2f ms, p99 %.2f ms, max %s, missed (no deny/close in time) %d", what, sorted.length,
				LoadResult.percentile(sorted, 0.5) / 1e6, LoadResult.percentile(sorted, 0.99) / 1e6,
				sorted[sorted.length - 1] == Long.MAX_VALUE ? "timeout" : String.format("%.2f ms", sorted[sorted.length - 1] / 1e6), missed);
	}

	private static long rss(long pid) throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		return 0;
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (Exception ex) {
			return "?";
		}
	}

	private static WebSocket.Listener listener(CompletableFuture<Void> opened, CompletableFuture<Long> end) {
		return new WebSocket.Listener() {
			@Override
			public void onOpen(WebSocket webSocket) {
				opened.complete(null);
				webSocket.request(Long.MAX_VALUE);
			}

			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				end.complete(System.nanoTime());
				return null;
			}

			@Override
			public void onError(WebSocket webSocket, Throwable error) {
				end.complete(System.nanoTime());
			}
		};
	}

}
