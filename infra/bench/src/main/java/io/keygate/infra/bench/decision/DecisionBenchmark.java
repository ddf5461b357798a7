package io.keygate.infra.bench.decision;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.keygate.policy.decision.AccessPolicy;
import io.keygate.policy.decision.AccessQuery;
import io.keygate.policy.grant.CachingGrantStore;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantSource;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.path.RequestPath;
import io.keygate.policy.catalog.AccessLevel;
import io.keygate.policy.catalog.AccessRule;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.catalog.Tier;

/**
 * Throughput of the one decision on the hot path (grant already in memory), next to its parts,
 * so that the cost of the decision itself can be read against the cost of a map lookup and of
 * path normalisation measured in the same run. Run with the command in the README
 * ("Benchmarks"); never asserted in a test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {

	private AccessPolicy policy;

	private InMemoryGrantStore store;

	/** The gateway's near cache (distributed mode) in front of a store, warmed with the grant. */
	private CachingGrantStore cache;

	private GrantSource cachedOnly;

	private final AccessQuery allowed = new AccessQuery("alice", "itron", "head-end", "POST", "/api/commands/meters/42/disconnect");

	private final AccessQuery deniedPath = new AccessQuery("alice", "itron", "head-end", "POST", "/api/firmware/upload");

	private final AccessQuery malformed = new AccessQuery("alice", "itron", "head-end", "GET", "/api/%2e%2e/admin");

	@Setup
	public void setUp() {
		Target headEnd = Target.of("head-end", "AMI head-end", "HEAD_END", URI.create("http://127.0.0.1:9100"),
				Tier.STANDARD, Duration.ofHours(8), false,
				List.of(AccessLevel.of("operate", AccessRule.of("/**", "GET", "HEAD"), AccessRule.of("/api/commands/**", "POST"))));
		Clock clock = Clock.systemUTC();
		this.policy = new AccessPolicy(TargetCatalog.of(headEnd), clock);
		this.store = new InMemoryGrantStore(clock);
		Instant now = clock.instant();
		this.store.put(new Grant("g-1", "alice", "itron", "head-end", "operate", now.minusSeconds(60), now.plus(Duration.ofHours(8)),
				"r-1", List.of("bob")));
		this.cache = new CachingGrantStore(this.store, clock);
		this.cache.lookup("alice", "itron", "head-end");
		// What the gateway decides with on its event loop: the near cache's memory-only answer.
		this.cachedOnly = (subject, organisation, target) -> this.cache.peek(subject, organisation, target)
			.orElseThrow(() -> new IllegalStateException("cache miss in a cache-hit benchmark"));
	}

	/** The cached grant lookup alone: the near cache's memory-only answer (a hit). */
	@Benchmark
	public void cachedLookupHit(Blackhole bh) {
		bh.consume(this.cache.peek("alice", "itron", "head-end"));
	}

	/** The decision as the distributed gateway makes it on a cache hit. */
	@Benchmark
	public void decideAllowCachedGrant(Blackhole bh) {
		bh.consume(this.policy.decide(this.allowed, this.cachedOnly));
	}

	@Benchmark
	public void baselineStoreLookupOnly(Blackhole bh) {
		bh.consume(this.store.lookup("alice", "itron", "head-end"));
	}

	@Benchmark
	public void baselinePathNormaliseOnly(Blackhole bh) {
		bh.consume(RequestPath.normalise(this.allowed.rawPath()));
	}

	@Benchmark
	public void decideAllow(Blackhole bh) {
		bh.consume(this.policy.decide(this.allowed, this.store));
	}

	@Benchmark
	public void decideDenyPathNotAllowed(Blackhole bh) {
		bh.consume(this.policy.decide(this.deniedPath, this.store));
	}

	@Benchmark
	public void decideDenyMalformed(Blackhole bh) {
		bh.consume(this.policy.decide(this.malformed, this.store));
	}

}
