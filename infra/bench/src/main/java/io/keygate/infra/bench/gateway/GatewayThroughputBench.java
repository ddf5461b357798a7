package io.keygate.infra.bench.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.grantstore.redis.IntegrityAlarm;
import io.keygate.grantstore.redis.IntegrityKey;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.grantstore.redis.StoreIntegrity;
import io.keygate.testsupport.RedisTestServer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A benchmark, not a test (no assertions, not run by the build): requests per second and latency
 * percentiles of GETs through the gateway and straight to the same upstream, in the same run, with
 * the same client. Run with the test class path:
 * {@code java -cp ... io.keygate.infra.bench.gateway.GatewayThroughputBench [embedded|redis] [seconds] [connections]}.
 * In {@code redis} mode the gateway uses the Redis grant store behind its near cache and audits to a
 * Redis Stream (a redis-server of its own is started).
 */
public final class GatewayThroughputBench {

	/** A per-run key: grant records must be signed, also in a benchmark (the verification is part of what it measures). */
	private static final String BENCH_INTEGRITY_SECRET = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();

	private GatewayThroughputBench() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args.length > 0 ? args[0] : "embedded";
		int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
		int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
		RecordingUpstream upstream = new RecordingUpstream();
		GenericApplicationContext parent = null;
		RedisTestServer redis = null;
		RedisGrantStore authServer = null;
		TestGateway gateway;
		Grant grant = new Grant("g-bench", "bench@itron", "itron", "head-end", "read", Instant.now().minusSeconds(60),
				Instant.now().plus(Duration.ofHours(2)), "r-1", List.of("approver"));
		if (mode.equals("redis")) {
			redis = RedisTestServer.startPrivate();
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("keygate.grant-store.kind", "redis");
			properties.put("keygate.grant-store.redis-url", redis.url());
			properties.put("keygate.grant-store.key-prefix", "bench");
			properties.put("keygate.grant-store.integrity-keys[0].id", "bench");
			properties.put("keygate.grant-store.integrity-keys[0].secret", BENCH_INTEGRITY_SECRET);
			properties.put("keygate.gateway.audit.sink", "redis-stream");
			properties.put("keygate.audit-stream.stream", "bench:audit");
			properties.put("logging.level.io.keygate", "WARN");
			gateway = TestGateway.start(null, TestGateway.properties(upstream, properties));
			authServer = new RedisGrantStore(redis.uri(), Clock.systemUTC(), "bench", new StoreIntegrity(
					IntegrityKeys.of(new IntegrityKey("bench", BENCH_INTEGRITY_SECRET)), IntegrityAlarm.logOnly()));
			authServer.put(grant);
		}
		else {
			InMemoryGrantStore store = new InMemoryGrantStore(Clock.systemUTC());
			store.put(grant);
			parent = new GenericApplicationContext();
			parent.getBeanFactory().registerSingleton("grantStore", store);
			// Counting only: an in-memory chain of millions of entries would measure the heap, not the gateway.
			AtomicLong audited = new AtomicLong();
			parent.getBeanFactory().registerSingleton("auditLog", (AuditLog) entry -> countOnly(audited, entry));
			parent.refresh();
			gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of("logging.level.io.keygate", "WARN")));
		}
		try {
			// Same request, same client; the recording upstream keeps every request, so clear it between runs.
			String direct = upstream.url() + "/api/meters/1";
			String through = gateway.url() + System.getProperty("bench.gatewayPath", "/t/head-end/api/meters/1");
			// Long warm-up: on a small shared machine the JIT is still compiling the gateway path after seconds.
			int warmUp = Integer.getInteger("bench.warmUpSeconds", 20);
			run("warm-up direct", direct, connections, warmUp / 2, upstream);
			run("warm-up gateway", through, connections, warmUp, upstream);
			Result directResult = run("direct", direct, connections, seconds, upstream);
			Result gatewayResult = run("gateway", through, connections, seconds, upstream);
			Result directAgain = run("direct (again)", direct, connections, seconds, upstream);
			System.out.printf("%nmode=%s connections=%d seconds=%d cores=%d%n", mode, connections, seconds,
					Runtime.getRuntime().availableProcessors());
			for (Result result : List.of(directResult, gatewayResult, directAgain)) {
				System.out.println(result);
			}
		}
		finally {
			gateway.close();
			if (parent != null) {
				parent.close();
			}
			if (authServer != null) {
				authServer.close();
			}
			if (redis != null) {
				redis.close();
			}
			upstream.close();
		}
		System.exit(0);
	}

	private static AuditEvent countOnly(AtomicLong audited, AuditEntry entry) {
		long n = audited.incrementAndGet();
		return new AuditEvent(n, entry, "-", "-");
	}

	record Result(String name, long requests, long errors, double seconds, Histogram latency) {

		@Override
		public String toString() {
			return String.format("%-16s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  max %6.2f ms  (%d requests, %d errors)",
					this.name, this.requests / this.seconds, this.latency.getValueAtPercentile(50) / 1e6,
					this.latency.getValueAtPercentile(99) / 1e6, this.latency.getValueAtPercentile(99.9) / 1e6,
					this.latency.getMaxValue() / 1e6, this.requests, this.errors);
		}

	}

	private static Result run(String name, String url, int connections, int seconds, RecordingUpstream upstream) {
		upstream.clear();
		ConnectionProvider pool = ConnectionProvider.builder(name).maxConnections(connections).build();
		HttpClient client = HttpClient.create(pool)
			.headers(headers -> headers.set(TestSignin.SUBJECT, "bench@itron").set(TestSignin.ORGANISATION, "itron"));
		Histogram latency = new ConcurrentHistogram(3);
		AtomicLong requests = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		long started = System.nanoTime();
		Flux.range(0, connections).flatMap(worker -> Mono.defer(() -> {
			long t0 = System.nanoTime();
			return client.get().uri(url).responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0]).map(bytes -> {
				if (response.status().code() != 200) {
					errors.incrementAndGet();
				}
				return bytes.length;
			})).doOnNext(n -> {
				latency.recordValue(System.nanoTime() - t0);
				requests.incrementAndGet();
			}).onErrorResume(ex -> {
				errors.incrementAndGet();
				return Mono.empty();
			});
		}).repeat(() -> System.nanoTime() < deadline), connections).blockLast();
		double took = (System.nanoTime() - started) / 1e9;
		pool.disposeLater().block();
		upstream.clear();
		return new Result(name, requests.get(), errors.get(), took, latency);
	}

}
