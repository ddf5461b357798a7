package io.keygate.policy.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

class FailedAssertionsDetectorTest {

	private static final Instant NOON = NormalTraffic.local(8, "America/Chicago", 12, 0);

	private static FailedAssertionsDetector detector() {
		return new FailedAssertionsDetector(FailedAssertionThresholds.DEFAULT, FailedAssertionThresholds.STRICT);
	}

	private static AuditEntry refused(AuditAction action, String actor, String address, String reason, Instant at) {
		return AuditEntry.builder(action, at)
			.actor(actor)
			.organisation(actor.isEmpty() ? "" : "itron")
			.outcome("REFUSED")
			.reason(reason)
			.clientAddress(address)
			.severity(Severity.WARNING)
			.build();
	}

	@Test
	void observeWhenOrdinaryDaysThenQuiet() {
		assertThat(NormalTraffic.run(detector(), NormalTraffic.days(14, 21), Strictness.NORMAL)).isEmpty();
	}

	@Test
	void observeWhenFiveRefusedAssertionsForOnePersonInTenMinutesThenHighT1078() {
		List<AuditEntry> odd = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			odd.add(refused(i % 2 == 0 ? AuditAction.WEBAUTHN_SIGNIN_REFUSED : AuditAction.WEBAUTHN_STEPUP_REFUSED,
					"ana@itron.example", "185.220.101." + i, i % 2 == 0 ? "USER_NOT_VERIFIED" : "BAD_SIGNATURE",
					NOON.plusSeconds(100L * i)));
		}
		List<AuditEvent> events = NormalTraffic.with(NormalTraffic.days(14, 14), odd);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).singleElement().satisfies(finding -> {
			assertThat(finding.severity()).isEqualTo(Severity.HIGH);
			assertThat(finding.techniqueId()).isEqualTo("T1078");
			assertThat(finding.actor()).isEqualTo("ana@itron.example");
			assertThat(finding.eventSequences()).containsAll(odd.stream().map(entry -> NormalTraffic.sequenceOf(events, entry)).toList());
		});
	}

	@Test
	void observeWhenUnknownKeysRepeatedFromOneNetworkThenCountsTheSummary() {
		AuditEntry first = refused(AuditAction.WEBAUTHN_SIGNIN_REFUSED, "", "185.220.101.9", "UNKNOWN_CREDENTIAL", NOON);
		AuditEntry summary = AuditEntry.builder(AuditAction.UNAUTHENTICATED_REFUSALS_SUMMARY, NOON.plusSeconds(60))
			.outcome("REFUSED")
			.reason(AuditAction.WEBAUTHN_SIGNIN_REFUSED.action())
			.clientAddress("185.220.101.9")
			.detail("count", 9)
			.detail("writtenInFull", 1)
			.build();
		List<AuditEvent> events = NormalTraffic.chain(List.of(first, summary), 1);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).singleElement().satisfies(finding -> {
			assertThat(finding.explanation()).startsWith("9 refused").contains("185.220.101.0/24");
			assertThat(finding.eventSequences()).containsExactly(1L, 2L);
		});
	}

	@Test
	void observeWhenCeremoniesExpiredThenNotCounted() {
		List<AuditEntry> expired = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			expired.add(refused(AuditAction.WEBAUTHN_SIGNIN_REFUSED, "ana", "198.51.100.4", "CHALLENGE_EXPIRED", NOON.plusSeconds(i)));
		}
		assertThat(NormalTraffic.run(detector(), NormalTraffic.chain(expired, 1), Strictness.NORMAL)).isEmpty();
	}

	@Test
	void observeWhenThreeSpreadOverHalfAnHourThenQuietNormallyAndHighStrictly() {
		List<AuditEvent> events = NormalTraffic.chain(List.of(
				refused(AuditAction.WEBAUTHN_SIGNIN_REFUSED, "ana", "198.51.100.4", "BAD_SIGNATURE", NOON),
				refused(AuditAction.WEBAUTHN_SIGNIN_REFUSED, "ana", "198.51.100.4", "BAD_SIGNATURE", NOON.plusSeconds(600)),
				refused(AuditAction.WEBAUTHN_SIGNIN_REFUSED, "ana", "198.51.100.4", "BAD_SIGNATURE", NOON.plusSeconds(1500))), 1);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).isEmpty();
		assertThat(NormalTraffic.run(detector(), events, Strictness.STRICT)).hasSize(1);
	}

	@Test
	void observeWhenBurstContinuesThenOneFindingPerWindow() {
		List<AuditEntry> burst = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			burst.add(refused(AuditAction.WEBAUTHN_SIGNIN_REFUSED, "ana", "198.51.100.4", "BAD_SIGNATURE", NOON.plusSeconds(10L * i)));
		}
		assertThat(NormalTraffic.run(detector(), NormalTraffic.chain(burst, 1), Strictness.NORMAL)).hasSize(1);
	}

}
