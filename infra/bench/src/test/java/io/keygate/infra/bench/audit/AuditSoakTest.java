package io.keygate.infra.bench.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The short soak: two gateways at their maximum rate for ~20 s against the real distributed sinks
 * (Redis Stream, the auth server's consumer, PostgreSQL). Nothing is lost and nothing is invented:
 * every decision a gateway answered is in the chain, every decision in the chain belongs to a
 * request that was sent, none twice, and the chain verifies. No assertion on speed (the benchmark,
 * {@link AuditChainBench}, reports rates); the 5-minute soak runs there.
 */
class AuditSoakTest {

	@Test
	void soakWhenTwoGatewaysDrivenAtMaxRateThenEveryDecisionChainedExactlyOnceAndChainIntact() throws Exception {
		AuditSoak.Result result = AuditSoak.run(Duration.ofSeconds(Integer.getInteger("keygate.soak.seconds", 20)), 16);
		System.out.println(result);

		assertThat(result.answered()).as("requests answered").isPositive();
		assertThat(result.missingFromChain()).as("decisions answered but not in the chain").isZero();
		assertThat(result.notSent()).as("decisions in the chain for requests never sent").isZero();
		assertThat(result.duplicates()).as("decisions chained twice").isZero();
		assertThat(result.decisionsInChain()).isGreaterThanOrEqualTo(result.answered() - result.refusedByAudit());
		assertThat(result.verification().intact()).as(result.verification().problem()).isTrue();
		assertThat(result.poisonPassed()).as("a ~4,050-character target, then the next allowed decision reached the chain").isTrue();
	}

}
