package io.keygate.policy.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

class SharedKeyDetectorTest {

	private static final Instant NOON = NormalTraffic.local(8, "America/Chicago", 12, 0);

	private static SharedKeyDetector detector() {
		return new SharedKeyDetector(KeyMemoryThresholds.DEFAULT);
	}

	@Test
	void observeWhenOrdinaryDaysThenQuiet() {
		assertThat(NormalTraffic.run(detector(), NormalTraffic.days(14, 21), Strictness.NORMAL)).isEmpty();
	}

	@Test
	void observeWhenAnotherPersonSignsInWithAnEngineersKeyThenHighT1078() {
		AuditEntry borrowed = AuditEntry.builder(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED, NOON)
			.actor("bo@itron.example")
			.organisation("itron")
			.outcome("SUCCEEDED")
			.clientAddress("198.51.100.4")
			.detail("credentialId", "cred-ana@itron.example")
			.detail("signatureCount", 9999)
			.build();
		List<AuditEvent> events = NormalTraffic.with(NormalTraffic.days(14, 14), List.of(borrowed));
		List<Finding> findings = NormalTraffic.run(detector(), events, Strictness.NORMAL);
		// ana's next sign-in with her own key is the key changing hands again: the same alert (one dedup key).
		assertThat(findings).extracting(Finding::dedupKey).containsOnly("key-shared|cred-ana@itron.example");
		assertThat(findings).first().satisfies(finding -> {
			assertThat(finding.severity()).isEqualTo(Severity.HIGH);
			assertThat(finding.techniqueId()).isEqualTo("T1078");
			assertThat(finding.actor()).isEqualTo("bo@itron.example");
			assertThat(finding.eventSequences()).hasSize(2).last().isEqualTo(NormalTraffic.sequenceOf(events, borrowed));
			assertThat(finding.explanation()).contains("ana@itron.example");
		});
	}

	@Test
	void observeWhenApprovalUsesAnotherPersonsKeyThenHigh() {
		List<AuditEvent> events = NormalTraffic.chain(List.of(
				AuditEntry.builder(AuditAction.WEBAUTHN_STEPUP_SUCCEEDED, NOON).actor("hal").detail("credentialId", "k").build(),
				AuditEntry.builder(AuditAction.REQUEST_APPROVAL, NOON.plusSeconds(5)).actor("ivy").detail("credential", "k").build()),
				1);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).extracting(Finding::actor).containsExactly("ivy");
	}

}
