package io.keygate.infra.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.keygate.infra.simulator.RunningSimulator;
import io.keygate.infra.simulator.SimulatedSystem;
import io.keygate.policy.grant.Grant;

/**
 * Revocation-to-close latency: N engineers each hold a grant and an open event-console WebSocket
 * through the gateway; each grant is revoked in turn and the time until that engineer's client
 * sees its WebSocket end is recorded (p50/p99). Revocations are one at a time so each is
 * measured alone. Embedded mode (in-process revocation bus), loopback only.
 * <p>
 * {@code ./mvnw -q -pl infra exec:java -Dexec.mainClass=io.keygate.infra.bench.RevocationBenchmark -Dexec.args="--sockets=200"}
 */
public final class RevocationBenchmark {

	private static final String USER = "keygate-gw";

	private static final String PASSWORD = "bench-upstream-password";

	private RevocationBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int sockets = ProxyBenchmark.intArg(args, "--sockets=", 200);
		HttpClient http = HttpClient.newHttpClient();
		try (RunningSimulator upstream = RunningSimulator.start(SimulatedSystem.HEAD_END, 0, USER, PASSWORD, null,
				Map.of("logging.level.root", "WARN", "keygate.simulator.event-interval", "1h"));
				BenchGateway gateway = BenchGateway.start(upstream.port(), USER, PASSWORD)) {
			List<Grant> grants = new ArrayList<>();
			List<CompletableFuture<Long>> closed = new ArrayList<>();
			for (int i = 0; i < sockets; i++) {
				String subject = "engineer-" + i;
				grants.add(gateway.grant(subject));
				CompletableFuture<Long> end = new CompletableFuture<>();
				CompletableFuture<Void> opened = new CompletableFuture<>();
				http.newWebSocketBuilder()
					.header(BenchSignin.TOKEN_HEADER, gateway.token())
					.header(BenchSignin.SUBJECT_HEADER, subject)
					.buildAsync(URI.create("ws://127.0.0.1:" + gateway.port() + "/t/head-end/events"), listener(opened, end))
					.get(10, TimeUnit.SECONDS);
				opened.get(10, TimeUnit.SECONDS);
				closed.add(end);
			}
			long[] latencies = new long[sockets];
			int missed = 0;
			for (int i = 0; i < sockets; i++) {
				long revokedAt = System.nanoTime();
				gateway.grantStore().revoke(grants.get(i).id(), "benchmark");
				try {
					latencies[i] = closed.get(i).get(5, TimeUnit.SECONDS) - revokedAt;
				}
				catch (TimeoutException ex) {
					latencies[i] = Long.MAX_VALUE;
					missed++;
				}
			}
			Arrays.sort(latencies);
			System.out.printf("%nRevocation to WebSocket close (embedded, in-process revocation), %d sockets, %d CPUs%n", sockets,
					Runtime.getRuntime().availableProcessors());
			System.out.printf("p50 %.2f ms, p99 %.2f ms, max %s, not closed within 5 s: %d%n", LoadResult.percentile(latencies, 0.5) / 1e6,
					LoadResult.percentile(latencies, 0.99) / 1e6,
					latencies[sockets - 1] == Long.MAX_VALUE ? "timeout" : String.format("%.2f ms", latencies[sockets - 1] / 1e6), missed);
		}
	}

	private static WebSocket.Listener listener(CompletableFuture<Void> opened, CompletableFuture<Long> end) {
		return new WebSocket.Listener() {
			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				opened.complete(null);
				webSocket.request(1);
				return null;
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
