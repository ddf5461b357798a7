package io.keygate.infra.bench.audit;

import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

import io.keygate.gateway.testsupport.TestSignin;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Drives one gateway at its maximum rate with {@code connections} requests in flight, each to a
 * path of its own ({@code /api/meters/<name>-<n>}), and remembers which numbers were sent and which
 * were answered and how, so that the chain can be checked against it in both directions.
 */
final class NumberedLoad {

	final String name;

	final BitSet sent = new BitSet();

	final BitSet allowed = new BitSet();

	final BitSet refusedByAudit = new BitSet();

	final AtomicLong otherAnswers = new AtomicLong();

	final AtomicLong transportErrors = new AtomicLong();

	private final AtomicLong next = new AtomicLong();

	private final String url;

	private volatile double seconds;

	NumberedLoad(String name, String gatewayUrl) {
		this.name = name;
		this.url = gatewayUrl + "/t/head-end/api/meters/" + name + "-";
	}

	static String path(String name, long n) {
		return "/api/meters/" + name + "-" + n;
	}

	/** Runs until {@code duration} has passed; blocks. */
	void run(int connections, Duration duration) {
		ConnectionProvider pool = ConnectionProvider.builder("load-" + this.name).maxConnections(connections).build();
		HttpClient client = HttpClient.create(pool)
			.headers(headers -> headers.set(TestSignin.SUBJECT, "bench-engineer@itron").set(TestSignin.ORGANISATION, "itron"));
		long deadline = System.nanoTime() + duration.toNanos();
		long started = System.nanoTime();
		Flux.range(0, connections).flatMap(worker -> Mono.defer(() -> {
			long n = this.next.getAndIncrement();
			mark(this.sent, n);
			return client.get().uri(this.url + n).responseSingle((response, body) -> body.asString().defaultIfEmpty("").map(text -> {
				int status = response.status().code();
				if (status == 200) {
					mark(this.allowed, n);
				}
				else if (status == 403 && (text.contains("AUDIT_BACKLOG_EXCEEDED") || text.contains("AUDIT_QUEUE_FULL"))) {
					mark(this.refusedByAudit, n);
				}
				else {
					this.otherAnswers.incrementAndGet();
				}
				return status;
			})).onErrorResume(ex -> {
				this.transportErrors.incrementAndGet();
				return Mono.empty();
			});
		}).repeat(() -> System.nanoTime() < deadline), connections).blockLast();
		this.seconds = (System.nanoTime() - started) / 1e9;
		pool.disposeLater().block();
	}

	private static void mark(BitSet bits, long n) {
		synchronized (bits) {
			bits.set((int) n);
		}
	}

	long sentCount() {
		synchronized (this.sent) {
			return this.sent.cardinality();
		}
	}

	long allowedCount() {
		synchronized (this.allowed) {
			return this.allowed.cardinality();
		}
	}

	double requestsPerSecond() {
		return (allowedCount() + this.refusedByAudit.cardinality() + this.otherAnswers.get()) / this.seconds;
	}

}
