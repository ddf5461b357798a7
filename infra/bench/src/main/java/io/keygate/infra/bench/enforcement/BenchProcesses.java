package io.keygate.infra.bench.enforcement;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a benchmark started, closed in reverse order; and Keygate gateway processes
 * ({@link KeygateGateway}) for benchmarks outside this package.
 */
public final class BenchProcesses implements AutoCloseable {

	/** A Keygate gateway process, signed in once as {@link KeygateGateway#SUBJECT}. */
	public static final class Gateway {

		private final String name;

		private final ChildJvm process;

		Gateway(String name, ChildJvm process) {
			this.name = name;
			this.process = process;
		}

		public String name() {
			return this.name;
		}

		public String url() {
			return "http://127.0.0.1:" + this.process.fact(0);
		}

		/** The session cookie ({@code name=value}) of the engineer signed in at start. */
		public String cookie() {
			return this.process.fact(1);
		}

		public long pid() {
			return this.process.handle().pid();
		}

		/** A new session through the real OIDC flow; the engineer's grant must be in the store. */
		public String signIn(String subject) throws IOException, InterruptedException {
			String reply = ask("signin " + subject);
			if (reply.startsWith("error")) {
				throw new IllegalStateException(this.name + ": sign-in of " + subject + " failed: " + reply);
			}
			return reply;
		}

		public String ask(String command) throws IOException, InterruptedException {
			return this.process.ask(command);
		}

	}

	private final List<AutoCloseable> resources = new ArrayList<>();

	public <T extends AutoCloseable> T add(T resource) {
		this.resources.add(resource);
		return resource;
	}

	/** A distributed gateway on {@code redisUrl} whose grant and audit keys start with {@code prefix}. */
	public Gateway distributedGateway(String name, int upstreamPort, String redisUrl, String prefix) throws IOException {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("KEYGATE_BENCH_UPSTREAM_PORT", Integer.toString(upstreamPort));
		environment.put("KEYGATE_BENCH_REDIS_URL", redisUrl);
		environment.put("KEYGATE_BENCH_PREFIX", prefix);
		return new Gateway(name, add(ChildJvm.start(name, KeygateGateway.class, environment, entry -> true, List.of("distributed"))));
	}

	@Override
	public void close() {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			try {
				this.resources.get(i).close();
			}
			catch (Exception ex) {
				System.out.println("closing: " + ex);
			}
		}
	}

}
