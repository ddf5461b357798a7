package io.keygate.infra.bench;

import java.util.Arrays;
import java.util.Objects;

/** What one load run measured: throughput and latency percentiles over the measured requests. */
public record LoadResult(String name, int requests, int errors, double seconds, double requestsPerSecond, double p50Micros,
		double p99Micros) {

	public LoadResult {
		Objects.requireNonNull(name, "name cannot be null");
	}

	static LoadResult of(String name, long[] latenciesNanos, int errors, long elapsedNanos) {
		long[] sorted = latenciesNanos.clone();
		Arrays.sort(sorted);
		double seconds = elapsedNanos / 1e9;
		return new LoadResult(name, sorted.length, errors, seconds, sorted.length / seconds, percentile(sorted, 0.50) / 1e3,
				percentile(sorted, 0.99) / 1e3);
	}

	/** Nearest-rank percentile of sorted values. */
	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	String row() {
		return String.format("%-28s %9d %7d %10.0f %10.0f %10.0f", this.name, this.requests, this.errors, this.requestsPerSecond,
				this.p50Micros, this.p99Micros);
	}

	static String header() {
		return String.format("%-28s %9s %7s %10s %10s %10s", "path", "requests", "errors", "req/s", "p50 (us)", "p99 (us)");
	}

}
