package io.keygate.policy.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

class CounterRegressionDetectorTest {

	private static final Instant NOON = NormalTraffic.local(8, "America/Chicago", 12, 0);

	private static CounterRegressionDetector detector() {
		return new CounterRegressionDetector(KeyMemoryThresholds.DEFAULT);
	}

	private static AuditEntry signIn(String credential, long count, Instant at) {
		return AuditEntry.builder(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED, at)
			.actor("ana@itron.example")
			.organisation("itron")
			.outcome("SUCCEEDED")
			.clientAddress("198.51.100.4")
			.detail("credentialId", credential)
			.detail("signatureCount", count)
			.build();
	}

	@Test
	void observeWhenOrdinaryDaysThenQuiet() {
		assertThat(NormalTraffic.run(detector(), NormalTraffic.days(14, 21), Strictness.NORMAL)).isEmpty();
	}

	@Test
	void observeWhenAuthServerRefusedARegressedCounterThenCriticalT1078() {
		AuditEntry regression = AuditEntry.builder(AuditAction.WEBAUTHN_COUNTER_REGRESSION, NOON)
			.actor("ana@itron.example")
			.organisation("itron")
			.outcome("REFUSED")
			.reason("COUNTER_REGRESSION")
			.severity(Severity.HIGH)
			.detail("credentialId", "cred-ana@itron.example")
			.build();
		List<AuditEvent> events = NormalTraffic.with(NormalTraffic.days(14, 14), List.of(regression));
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).singleElement().satisfies(finding -> {
			assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
			assertThat(finding.techniqueId()).isEqualTo("T1078");
			assertThat(finding.eventSequences()).containsExactly(NormalTraffic.sequenceOf(events, regression));
			assertThat(finding.explanation()).contains("cloned");
		});
	}

	@Test
	void observeWhenSuccessfulCountersGoBackwardsThenCritical() {
		List<AuditEvent> events = NormalTraffic.chain(List.of(signIn("k1", 40, NOON), signIn("k1", 41, NOON.plusSeconds(60)),
				signIn("k1", 12, NOON.plusSeconds(120))), 1);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).singleElement()
			.satisfies(finding -> assertThat(finding.eventSequences()).containsExactly(2L, 3L));
	}

	@Test
	void observeWhenKeyKeepsNoCounterThenQuiet() {
		List<AuditEvent> events = NormalTraffic.chain(List.of(signIn("k0", 0, NOON), signIn("k0", 0, NOON.plusSeconds(60))), 1);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).isEmpty();
	}

}
