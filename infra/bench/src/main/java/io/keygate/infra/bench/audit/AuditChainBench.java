package io.keygate.infra.bench.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.audit.stream.GatewayAuditStreamConsumer;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.policy.audit.AuditBackpressureException;
import io.keygate.policy.audit.AuditQueue;
import io.keygate.policy.audit.AuditSink;
import io.keygate.policy.audit.AuditStreamFormat;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import reactor.netty.DisposableServer;

/**
 * A benchmark, not a test: how many audit events per second the chain sustains, embedded (bounded
 * queue, one writer, H2 file) and distributed (Redis Stream, the auth server's consumer,
 * PostgreSQL), with the chaining lag at p50/p99; the request rate one gateway reaches on the same
 * machine, measured in the same run, and the ratio; then the soak ({@link AuditSoak}).
 * <p>
 * Run with the full class path (see infra/README.md):
 * {@code java -cp ... io.keygate.infra.bench.audit.AuditChainBench [phaseSeconds=15] [soakSeconds=300]}.
 * Every figure printed was measured in this run, on this machine, with everything (gateways, load,
 * Redis, PostgreSQL, chain writer) sharing its cores.
 */
public final class AuditChainBench {

	private AuditChainBench() {
	}

	record Rate(String name, double eventsPerSecond, Histogram lagMillis, long refusals) {

		@Override
		public String toString() {
			return String.format("%-44s %9.0f events/s  lag p50 %5d ms  p99 %5d ms  max %5d ms  (%d back-pressure refusals)",
					this.name, this.eventsPerSecond, this.lagMillis.getValueAtPercentile(50),
					this.lagMillis.getValueAtPercentile(99), this.lagMillis.getMaxValue(), this.refusals);
		}

	}

	public static void main(String[] args) throws Exception {
		int phase = args.length > 0 ? Integer.parseInt(args[0]) : 15;
		int soak = args.length > 1 ? Integer.parseInt(args[1]) : 300;
		int connections = Integer.getInteger("bench.connections", 32);
		System.out.printf("audit chain benchmark: phases of %d s, soak %d s, %d connections per gateway, %d cores%n", phase, soak,
				connections, Runtime.getRuntime().availableProcessors());

		double gatewayRequests = oneGatewayRequestRate(phase, connections);
		// Each forwarded request is two chain events: its decision and its completion.
		double gatewayEvents = gatewayRequests * 2;
		System.out.printf("one gateway (embedded, counting sink): %.0f req/s = %.0f audit events/s%n", gatewayRequests, gatewayEvents);

		Rate embeddedMax = embedded("embedded H2 queue+chain, saturated", phase, 0);
		System.out.println(embeddedMax);
		Rate embeddedPaced = embedded("embedded H2 queue+chain, offered 10x gateway", phase, gatewayEvents * 10);
		System.out.println(embeddedPaced);
		Rate distributedMax = distributed("distributed stream+PostgreSQL, saturated", phase, 0);
		System.out.println(distributedMax);
		Rate distributedPaced = distributed("distributed stream+PostgreSQL, offered 10x gateway", phase, gatewayEvents * 10);
		System.out.println(distributedPaced);

		System.out.printf("%nratio chain/gateway (events): embedded %.1fx, distributed %.1fx (goal: at least 10x)%n",
				embeddedMax.eventsPerSecond() / gatewayEvents, distributedMax.eventsPerSecond() / gatewayEvents);
		System.out.printf("ratio chain/gateway (requests): embedded %.1fx, distributed %.1fx%n",
				embeddedMax.eventsPerSecond() / gatewayRequests, distributedMax.eventsPerSecond() / gatewayRequests);

		if (soak > 0) {
			System.out.println();
			System.out.println(AuditSoak.run(Duration.ofSeconds(soak), connections));
		}
		System.exit(0);
	}

	/** One gateway at its maximum rate, its audit going to a bounded counting sink (the sink is not what is measured here). */
	static double oneGatewayRequestRate(int seconds, int connections) throws Exception {
		DisposableServer upstream = AuditRigs.upstream();
		InMemoryGrantStore store = new InMemoryGrantStore(Clock.systemUTC());
		store.put(new Grant("g-bench", "bench-engineer@itron", "itron", "head-end", "read", Instant.now().minusSeconds(60),
				Instant.now().plus(Duration.ofHours(2)), "r-1", List.of("approver")));
		AtomicLong counted = new AtomicLong();
		GenericApplicationContext parent = new GenericApplicationContext();
		parent.getBeanFactory().registerSingleton("clock", Clock.systemUTC());
		parent.getBeanFactory().registerSingleton("grantStore", store);
		parent.getBeanFactory().registerSingleton("auditSink", (AuditSink) entry -> counted.incrementAndGet());
		parent.refresh();
		TestGateway gateway = TestGateway.start(parent, AuditRigs.gatewayProperties(upstream, Map.of()));
		try {
			new NumberedLoad("warm", gateway.url()).run(connections, Duration.ofSeconds(Math.max(5, seconds / 2)));
			NumberedLoad load = new NumberedLoad("gw", gateway.url());
			load.run(connections, Duration.ofSeconds(seconds));
			return load.requestsPerSecond();
		}
		finally {
			gateway.close();
			parent.close();
			upstream.disposeNow();
		}
	}

	/** Producers submit into the real queue in front of the real H2 file chain; {@code offered} 0 means as fast as it takes. */
	static Rate embedded(String name, int seconds, double offered) throws Exception {
		DataSource database = AuditRigs.h2File();
		JdbcAuditLog chain = AuditRigs.chain(database);
		AuditQueue queue = new AuditQueue(AuditRigs.QUEUE, chain::appendBlock, Clock.systemUTC());
		Histogram lag = new ConcurrentHistogram(3);
		AtomicLong chained = new AtomicLong();
		queue.listener((submitted, at) -> {
			for (long nanos : submitted) {
				lag.recordValue(Math.max(0, (at - nanos) / 1_000_000));
			}
			chained.addAndGet(submitted.length);
		});
		AtomicLong refusals = new AtomicLong();
		try {
			// Warm-up, then measure what is chained within the window.
			produce(Duration.ofSeconds(3), offered, entry -> submitRetrying(queue, entry, refusals));
			lag.reset();
			refusals.set(0);
			long before = chained.get();
			long started = System.nanoTime();
			produce(Duration.ofSeconds(seconds), offered, entry -> submitRetrying(queue, entry, refusals));
			double took = (System.nanoTime() - started) / 1e9;
			return new Rate(name, (chained.get() - before) / took, lag, refusals.get());
		}
		finally {
			queue.close(Duration.ofSeconds(60));
			((com.zaxxer.hikari.HikariDataSource) database).close();
		}
	}

	private static void submitRetrying(AuditQueue queue, io.keygate.policy.audit.AuditEntry entry, AtomicLong refusals) {
		while (true) {
			try {
				queue.submit(entry);
				return;
			}
			catch (AuditBackpressureException ex) {
				refusals.incrementAndGet();
				Thread.onSpinWait();
				Thread.yield();
			}
		}
	}

	/** Producers XADD into the stream the real consumer chains into PostgreSQL. */
	static Rate distributed(String name, int seconds, double offered) throws Exception {
		String stream = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":audit";
		RedisTestServer redis = RedisTestServer.startPrivate();
		DataSource database = AuditRigs.postgres();
		JdbcAuditLog chain = AuditRigs.chain(database);
		GatewayAuditStreamConsumer consumer = AuditRigs.consumer(redis, stream, "auth-server-1", chain);
		Histogram lag = new ConcurrentHistogram(3);
		AtomicLong chained = new AtomicLong();
		consumer.listener((ids, at) -> {
			for (String id : ids) {
				lag.recordValue(Math.max(0, at - Long.parseLong(id.substring(0, id.indexOf('-')))));
			}
			chained.addAndGet(ids.size());
		});
		RedisClient client = RedisClient.create(redis.uri());
		StatefulRedisConnection<String, String> connection = client.connect();
		connection.setAutoFlushCommands(false);
		List<RedisFuture<String>> inFlight = new ArrayList<>();
		// Signed as a gateway signs them: the consumer chains unsigned entries as forgeries.
		io.keygate.grantstore.redis.AuditStreamSignature signature = new io.keygate.grantstore.redis.AuditStreamSignature(
				io.keygate.gateway.testsupport.TestIntegrityKeys.keys(), stream);
		try {
			consumer.start();
			java.util.function.Consumer<io.keygate.policy.audit.AuditEntry> xadd = entry -> {
				inFlight.add(connection.async().xadd(stream, signature.sign(AuditStreamFormat.toFields(entry))));
				if (inFlight.size() >= 200) {
					connection.flushCommands();
					LettuceFutures.awaitAll(Duration.ofSeconds(10), inFlight.toArray(RedisFuture[]::new));
					inFlight.clear();
				}
			};
			produce(Duration.ofSeconds(3), offered, xadd);
			lag.reset();
			long before = chained.get();
			long started = System.nanoTime();
			produce(Duration.ofSeconds(seconds), offered, xadd);
			double took = (System.nanoTime() - started) / 1e9;
			return new Rate(name, (chained.get() - before) / took, lag, 0);
		}
		finally {
			connection.flushCommands();
			connection.close();
			client.shutdown();
			consumer.close();
			redis.close();
			((com.zaxxer.hikari.HikariDataSource) database).close();
		}
	}

	/** One producer thread; {@code offered} events per second, or as fast as the sink takes them when 0. */
	private static void produce(Duration duration, double offered, java.util.function.Consumer<io.keygate.policy.audit.AuditEntry> sink) {
		long started = System.nanoTime();
		long deadline = started + duration.toNanos();
		long n = 0;
		while (System.nanoTime() < deadline) {
			if (offered > 0) {
				long due = (long) ((System.nanoTime() - started) / 1e9 * offered);
				if (n >= due) {
					sleepMicros(200);
					continue;
				}
			}
			sink.accept(AuditRigs.decision("/api/meters/bench-" + n));
			n++;
		}
	}

	private static void sleepMicros(long micros) {
		try {
			Thread.sleep(0, (int) Math.min(999_999, micros * 1000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
