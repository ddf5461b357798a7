package io.keygate.infra.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A closed-loop load generator on loopback: {@code concurrency} requests in flight over kept-alive
 * connections, a warm-up that is not measured, then a fixed number of measured requests. Bounded
 * by count and by a deadline, so a stuck target ends the run instead of hanging it.
 */
final class HttpLoad {

	private final int concurrency;

	private final int warmup;

	private final int requests;

	private final Duration deadline;

	HttpLoad(int concurrency, int warmup, int requests, Duration deadline) {
		this.concurrency = concurrency;
		this.warmup = warmup;
		this.requests = requests;
		this.deadline = deadline;
	}

	/** {@code cpuNanos}: the CPU time used so far by every process on the measured path. */
	LoadResult run(String name, String url, Map<String, String> headers, LongSupplier cpuNanos) {
		ConnectionProvider pool = ConnectionProvider.builder("bench-" + name).maxConnections(this.concurrency)
			.pendingAcquireMaxCount(-1).build();
		try {
			// A stuck request is an error, not a hung run.
			HttpClient client = HttpClient.create(pool).responseTimeout(Duration.ofSeconds(10)).headers(h -> headers.forEach(h::set));
			fire(client, url, this.warmup, new long[this.warmup], new AtomicInteger());
			long[] latencies = new long[this.requests];
			AtomicInteger errors = new AtomicInteger();
			long cpuBefore = cpuNanos.getAsLong();
			long started = System.nanoTime();
			fire(client, url, this.requests, latencies, errors);
			long elapsed = System.nanoTime() - started;
			return LoadResult.of(name, latencies, errors.get(), elapsed, cpuNanos.getAsLong() - cpuBefore);
		}
		finally {
			pool.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	private void fire(HttpClient client, String url, int count, long[] latencies, AtomicInteger errors) {
		Flux.range(0, count).flatMap(i -> {
			long start = System.nanoTime();
			return client.get().uri(url).responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
				.map(bytes -> response.status().code()))
				.onErrorResume(ex -> Mono.just(-1))
				.doOnNext(status -> {
					latencies[i] = System.nanoTime() - start;
					if (status != 200) {
						errors.incrementAndGet();
					}
				});
		}, this.concurrency).then().block(this.deadline);
	}

}
