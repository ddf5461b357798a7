package io.keygate.infra.bench.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.audit.stream.GatewayAuditStreamConsumer;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.policy.audit.AuditChainVerifier.Verification;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.grant.Grant;
import io.keygate.testsupport.RedisTestServer;
import reactor.netty.DisposableServer;

/**
 * The soak: two gateways (each its own application context, Redis connections and event loops)
 * driven at their maximum rate against the distributed mode's real sinks — the Redis Stream and
 * the auth server's consumer chaining into PostgreSQL — then, once the stream is drained, every
 * decision the gateways answered is looked up in the chain and every decision in the chain is
 * matched to a request that was sent (counted both ways), and the chain is verified.
 */
public final class AuditSoak {

	/** What the soak found. */
	public record Result(Duration driven, Map<String, Double> requestsPerSecond, long answered, long refusedByAudit,
			long transportErrors, long decisionsInChain, long missingFromChain, long notSent, long duplicates,
			long chainedEvents, Histogram lagMillis, Duration drainTime, Verification verification, boolean poisonPassed) {

		@Override
		public String toString() {
			StringBuilder out = new StringBuilder();
			out.append(String.format("soak: %d s at max rate, gateways %s%n", this.driven.toSeconds(), this.requestsPerSecond.entrySet()
				.stream()
				.map(e -> String.format("%s=%.0f req/s", e.getKey(), e.getValue()))
				.toList()));
			out.append(String.format(
					"soak: answered %d, refused by audit back-pressure %d, transport errors %d; decisions in chain %d; missing from chain %d;"
							+ " in chain but never sent %d; duplicates %d%n",
					this.answered, this.refusedByAudit, this.transportErrors, this.decisionsInChain, this.missingFromChain,
					this.notSent, this.duplicates));
			out.append(String.format("soak: chained events %d; chaining lag p50 %d ms p99 %d ms max %d ms; drained %.1f s after load%n",
					this.chainedEvents, this.lagMillis.getValueAtPercentile(50), this.lagMillis.getValueAtPercentile(99),
					this.lagMillis.getMaxValue(), this.drainTime.toMillis() / 1000.0));
			out.append(String.format("soak: chain verification %s (%d events); poison request then next decision chained: %s",
					this.verification.intact() ? "INTACT" : "BROKEN: " + this.verification.problem(),
					this.verification.eventsChecked(), this.poisonPassed));
			return out.toString();
		}

	}

	private AuditSoak() {
	}

	public static Result run(Duration duration, int connectionsPerGateway) throws Exception {
		String prefix = "soak-" + UUID.randomUUID().toString().substring(0, 8);
		String stream = prefix + ":audit";
		RedisTestServer redis = RedisTestServer.startPrivate();
		DisposableServer upstream = AuditRigs.upstream();
		DataSource database = AuditRigs.postgres();
		JdbcAuditLog chain = AuditRigs.chain(database);
		Histogram lag = new ConcurrentHistogram(3);
		GatewayAuditStreamConsumer consumer = AuditRigs.consumer(redis, stream, "auth-server-1", chain);
		consumer.listener((ids, chainedAt) -> {
			for (String id : ids) {
				lag.recordValue(Math.max(0, chainedAt - Long.parseLong(id.substring(0, id.indexOf('-')))));
			}
		});
		List<TestGateway> gateways = new ArrayList<>();
		RedisGrantStore authServer = new RedisGrantStore(redis.uri(), Clock.systemUTC(), prefix,
				io.keygate.gateway.testsupport.TestIntegrityKeys.storeIntegrity());
		try {
			consumer.start();
			authServer.put(new Grant("g-bench", "bench-engineer@itron", "itron", "head-end", "read", Instant.now().minusSeconds(60),
					Instant.now().plus(Duration.ofHours(6)), "r-1", List.of("approver")));
			Map<String, Object> distributed = new LinkedHashMap<>();
			distributed.put("keygate.grant-store.kind", "redis");
			distributed.put("keygate.grant-store.redis-url", redis.url());
			distributed.put("keygate.grant-store.key-prefix", prefix);
			distributed.put("keygate.gateway.audit.sink", "redis-stream");
			distributed.put("keygate.audit-stream.stream", stream);
			distributed.putAll(io.keygate.gateway.testsupport.TestIntegrityKeys.properties());
			for (int i = 0; i < 2; i++) {
				gateways.add(TestGateway.start(null, AuditRigs.gatewayProperties(upstream, distributed)));
			}
			boolean poison = poisonThenNextAllowed(gateways.get(0), chain);
			List<NumberedLoad> loads = List.of(new NumberedLoad("g1", gateways.get(0).url()),
					new NumberedLoad("g2", gateways.get(1).url()));
			ExecutorService drivers = Executors.newFixedThreadPool(2);
			List<Future<?>> running = new ArrayList<>();
			for (NumberedLoad load : loads) {
				running.add(drivers.submit(() -> load.run(connectionsPerGateway, duration)));
			}
			for (Future<?> future : running) {
				future.get();
			}
			drivers.shutdown();
			long loadEnded = System.nanoTime();
			// Drained: nothing pending and nothing undelivered (the consumer trims what it chained).
			awaitDrained(redis, stream, Duration.ofMinutes(10));
			Duration drain = Duration.ofNanos(System.nanoTime() - loadEnded);
			return check(duration, loads, chain, lag, drain, poison);
		}
		finally {
			gateways.forEach(TestGateway::close);
			consumer.close();
			authServer.close();
			upstream.disposeNow();
			redis.close();
			((com.zaxxer.hikari.HikariDataSource) database).close();
		}
	}

	/**
	 * A target segment of about 4,050 characters (the longest a request line lets through) — the
	 * poison the old pipeline choked on — then an allowed request, whose decision must reach the chain.
	 */
	private static boolean poisonThenNextAllowed(TestGateway gateway, JdbcAuditLog chain) throws Exception {
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		for (String path : List.of("/t/" + "x".repeat(4050) + "/api", "/t/head-end/api/meters/after-poison")) {
			http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.url() + path))
				.header(io.keygate.gateway.testsupport.TestSignin.SUBJECT, "bench-engineer@itron")
				.header(io.keygate.gateway.testsupport.TestSignin.ORGANISATION, "itron")
				.build(), java.net.http.HttpResponse.BodyHandlers.discarding());
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			boolean after = chain.latestByAction("access.decision", 10)
				.stream()
				.anyMatch(e -> "/api/meters/after-poison".equals(e.entry().details().get("path")));
			if (after) {
				return true;
			}
			Thread.sleep(100);
		}
		return false;
	}

	private static void awaitDrained(RedisTestServer redis, String stream, Duration atMost) throws InterruptedException {
		io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri());
		try (var connection = client.connect()) {
			long deadline = System.nanoTime() + atMost.toNanos();
			while (System.nanoTime() < deadline) {
				long pending = connection.sync().xpending(stream, "keygate-auth-server").getCount();
				long length = connection.sync().xlen(stream);
				if (pending == 0 && length == 0) {
					return;
				}
				Thread.sleep(200);
			}
			throw new IllegalStateException("the stream did not drain within " + atMost);
		}
		finally {
			client.shutdown();
		}
	}

	private static Result check(Duration duration, List<NumberedLoad> loads, JdbcAuditLog chain, Histogram lag, Duration drain,
			boolean poison) {
		Map<String, BitSet> inChain = new HashMap<>();
		loads.forEach(load -> inChain.put(load.name, new BitSet()));
		long decisions = 0;
		long duplicates = 0;
		long notSent = 0;
		long after = 0;
		List<AuditEvent> page;
		do {
			page = chain.eventsAfter(after, 5000);
			for (AuditEvent event : page) {
				after = event.sequence();
				if (!event.entry().action().equals("access.decision")) {
					continue;
				}
				String path = event.entry().details().getOrDefault("path", "");
				int dash = path.lastIndexOf('-');
				int slash = path.lastIndexOf('/');
				if (dash < 0 || slash < 0 || dash < slash) {
					continue;
				}
				BitSet bits = inChain.get(path.substring(slash + 1, dash));
				if (bits == null) {
					continue;
				}
				decisions++;
				int n = Integer.parseInt(path.substring(dash + 1));
				if (bits.get(n)) {
					duplicates++;
				}
				bits.set(n);
			}
		}
		while (!page.isEmpty());
		long missing = 0;
		long answered = 0;
		long refused = 0;
		long errors = 0;
		Map<String, Double> rates = new LinkedHashMap<>();
		for (NumberedLoad load : loads) {
			BitSet chained = inChain.get(load.name);
			BitSet lost = (BitSet) load.allowed.clone();
			lost.andNot(chained);
			missing += lost.cardinality();
			BitSet phantom = (BitSet) chained.clone();
			phantom.andNot(load.sent);
			notSent += phantom.cardinality();
			answered += load.allowedCount() + load.refusedByAudit.cardinality() + load.otherAnswers.get();
			refused += load.refusedByAudit.cardinality();
			errors += load.transportErrors.get();
			rates.put(load.name, load.requestsPerSecond());
		}
		return new Result(duration, rates, answered, refused, errors, decisions, missing, notSent, duplicates, chain.count(), lag,
				drain, chain.verify(), poison);
	}

}
