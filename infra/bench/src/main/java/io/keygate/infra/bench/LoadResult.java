package io.keygate.infra.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What one load run measured: throughput and latency percentiles over the measured requests, and
 * the CPU time every process on the path (load generator and upstream included) spent per request.
 * CPU per request stays meaningful on a machine that is busy with other work, where throughput
 * alone swings from run to run.
 */
public record LoadResult(String name, int requests, int errors, double seconds, double requestsPerSecond, double p50Micros,
		double p99Micros, double cpuMicrosPerRequest) {

	public LoadResult {
		Objects.requireNonNull(name, "name cannot be null");
	}

	static LoadResult of(String name, long[] latenciesNanos, int errors, long elapsedNanos, long cpuNanos) {
		long[] sorted = latenciesNanos.clone();
		Arrays.sort(sorted);
		double seconds = elapsedNanos / 1e9;
		return new LoadResult(name, sorted.length, errors, seconds, sorted.length / seconds, percentile(sorted, 0.50) / 1e3,
				percentile(sorted, 0.99) / 1e3, cpuNanos / 1e3 / sorted.length);
	}

	/** The run in the middle by throughput: one slow or fast outlier round does not move it. */
	static LoadResult median(List<LoadResult> runs) {
		List<LoadResult> sorted = new ArrayList<>(runs);
		sorted.sort(Comparator.comparingDouble(LoadResult::requestsPerSecond));
		return sorted.get(sorted.size() / 2);
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
		return String.format("%-28s %9d %7d %10.0f %10.0f %10.0f %12.0f", this.name, this.requests, this.errors,
				this.requestsPerSecond, this.p50Micros, this.p99Micros, this.cpuMicrosPerRequest);
	}

	static String header() {
		return String.format("%-28s %9s %7s %10s %10s %10s %12s", "path", "requests", "errors", "req/s", "p50 (us)", "p99 (us)",
				"CPU us/req");
	}

}
