package io.keygate.policy.decision;

import java.time.Duration;
import java.time.Instant;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import io.keygate.policy.testsupport.MutableClock;
import io.keygate.policy.fixtures.TestGrants;
import io.keygate.policy.fixtures.TestTargets;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.path.RequestPath;
import io.keygate.policy.catalog.Target;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the one decision over generated queries, grants, store answers and times. */
class AccessPolicyProperties {

	private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	@Property(tries = 10000)
	void allowOnlyWhenEveryConditionHolds(@ForAll("queries") AccessQuery query, @ForAll("lookups") GrantLookup lookup,
			@ForAll("offsets") long secondsFromStart) {
		MutableClock clock = MutableClock.at(START.plusSeconds(secondsFromStart));
		Decision decision = new AccessPolicy(TestTargets.catalog(), clock).decide(query, (s, o, t) -> lookup);
		Statistics.collect(decision.allowed() ? "ALLOW" : ((Decision.Deny) decision).reason().name());
		Statistics.coverage(coverage -> coverage.check("ALLOW").count(c -> c >= 30));
		if (decision instanceof Decision.Allow allow) {
			Grant grant = ((GrantLookup.Live) lookup).grant();
			Target target = TestTargets.catalog().find(query.targetId()).orElseThrow();
			assertThat(target.decoy()).isFalse();
			assertThat(grant.subject()).isEqualTo(query.subject());
			assertThat(grant.organisation()).isEqualTo(query.organisation());
			assertThat(grant.targetId()).isEqualTo(query.targetId());
			assertThat(grant.isActiveAt(clock.instant())).isTrue();
			assertThat(RequestPath.normalise(query.rawPath())).isEqualTo(new RequestPath.Normalised(allow.path()));
			assertThat(target.level(grant.level()).orElseThrow().allows(query.method(), allow.path())).isTrue();
		}
	}

	@Property(tries = 2000)
	void neverAllowWithoutALiveGrant(@ForAll("queries") AccessQuery query, @ForAll("deadLookups") GrantLookup lookup) {
		Decision decision = new AccessPolicy(TestTargets.catalog(), MutableClock.at(START)).decide(query, (s, o, t) -> lookup);
		assertThat(decision.allowed()).isFalse();
	}

	@Property(tries = 2000)
	void neverThrowsWhateverTheInput(@ForAll String subject, @ForAll String organisation, @ForAll String target,
			@ForAll String method, @ForAll String path) {
		AccessQuery query = new AccessQuery(subject, organisation, target, method, path);
		Decision decision = new AccessPolicy(TestTargets.catalog(), MutableClock.at(START)).decide(query,
				(s, o, t) -> new GrantLookup.Absent());
		assertThat(decision.allowed()).isFalse();
	}

	@Provide
	Arbitrary<AccessQuery> queries() {
		return Combinators
			.combine(mostly("alice", "bob"), mostly("itron", "landis"),
					Arbitraries.frequency(Tuple.of(12, "head-end"), Tuple.of(4, "mdm"), Tuple.of(1, "scada-backup"),
							Tuple.of(1, "nope")), Arbitraries.of("GET", "HEAD", "POST", "PUT", "DELETE"),
					Arbitraries.of("/", "/api/meters/1", "/api/commands/disconnect", "/api/firmware/img", "/api/%2e%2e/x",
							"/api/metersX", "//x", "/api/commands/../firmware/x"))
			.as(AccessQuery::new);
	}

	@Provide
	Arbitrary<GrantLookup> lookups() {
		Arbitrary<GrantLookup> live = Combinators
			.combine(mostly("alice", "bob"), mostly("itron", "landis"), mostly("head-end", "mdm"),
					Arbitraries.of("read", "operate", "firmware", "meters", "retired"), Arbitraries.longs().between(-7200, 7200),
					Arbitraries.longs().between(1, 7200))
			.as((subject, organisation, target, level, offset, length) -> new GrantLookup.Live(TestGrants.grant()
				.subject(subject)
				.organisation(organisation)
				.target(target)
				.level(level)
				.notBefore(START.plusSeconds(offset)).lasting(Duration.ofSeconds(length))
				.build()));
		return Arbitraries.frequencyOf(Tuple.of(8, live), Tuple.of(1, deadLookups()));
	}

	private static Arbitrary<String> mostly(String usual, String other) {
		return Arbitraries.frequency(Tuple.of(6, usual), Tuple.of(1, other));
	}

	@Provide
	Arbitrary<GrantLookup> deadLookups() {
		return Arbitraries.of(new GrantLookup.Absent(), new GrantLookup.Revoked("g-1", "revoked"),
				new GrantLookup.Suspended("itron"), new GrantLookup.Unavailable("down"));
	}

	@Provide
	Arbitrary<Long> offsets() {
		return Arbitraries.longs().between(-3600, 3 * 3600);
	}

}
