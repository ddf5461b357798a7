package io.keygate.infra.bench.enforcement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * wrk (Debian package {@code wrk}) as the load generator: the benchmark's Java generator topped out
 * near 17,000 req/s on loopback and hid the differences between the paths. One thread, so that on
 * two cores the other core is left to the path being measured. Percentiles come from wrk's own
 * latency histogram through a Lua {@code done()} hook, one machine-readable line per run.
 */
final class Wrk {

	static final String BINARY = "/usr/bin/wrk";

	private static final String MARK = "KEYGATE-WRK ";

	private static final String SCRIPT = """
			done = function(summary, latency, requests)
			  local e = summary.errors
			  io.write(string.format("KEYGATE-WRK %d %d %d %d %d %d %d %d\\n",
			    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
			    latency:percentile(50.0), latency:percentile(99.0), latency:percentile(99.9), latency.max))
			end
			""";

	/** One run: counts, duration and latencies in microseconds, as wrk reports them. */
	record Run(long requests, long durationMicros, long socketErrors, long statusErrors, long p50, long p99, long p999, long max) {

		double requestsPerSecond() {
			return this.requests * 1e6 / this.durationMicros;
		}

	}

	private final Path script;

	private final int connections;

	private Wrk(Path script, int connections) {
		this.script = script;
		this.connections = connections;
	}

	/** Stops the benchmark with the install command when wrk is missing. */
	static Wrk require(int connections) throws IOException {
		if (!Files.isExecutable(Path.of(BINARY))) {
			System.err.println("wrk is not installed: apt-get install wrk   (Debian package; the benchmark loads with it)");
			System.exit(2);
		}
		Path script = Files.createTempFile("keygate-wrk", ".lua");
		script.toFile().deleteOnExit();
		Files.writeString(script, SCRIPT);
		return new Wrk(script, connections);
	}

	Run run(String url, Map<String, String> headers, int seconds) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(BINARY, "-t1", "-c" + this.connections, "-d" + seconds + "s",
				"--timeout", "5s", "-s", this.script.toString()));
		headers.forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
		command.add(url);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		for (String line : output.split("\n")) {
			if (line.startsWith(MARK)) {
				String[] f = line.substring(MARK.length()).trim().split(" ");
				return new Run(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
						Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]));
			}
		}
		throw new IllegalStateException("wrk printed no result for " + url + ":\n" + output);
	}

}
