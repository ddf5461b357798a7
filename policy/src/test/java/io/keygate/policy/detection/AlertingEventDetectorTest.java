package io.keygate.policy.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.decoy.Tripwire;

class AlertingEventDetectorTest {

	private static final Instant AT = Instant.parse("2026-11-28T02:00:00Z");

	private final AlertingEventDetector detector = new AlertingEventDetector();

	private static AuditEvent chained(long sequence, AuditEntry entry) {
		return new AuditEvent(sequence, entry, "prev", "hash");
	}

	@Test
	void observeWhenDetailsCarryExplanationThenFindingWithEventSeverityAndTechnique() {
		AuditEntry entry = Tripwire.decoy(AT, "eve", "itron", "billing-db", false).build();

		var findings = this.detector.observe(chained(7, entry), Strictness.NORMAL);

		assertThat(findings).singleElement().satisfies(finding -> {
			assertThat(finding.detector()).isEqualTo("alerting-event");
			assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
			assertThat(finding.techniqueId()).isEqualTo("T1021");
			assertThat(finding.actor()).isEqualTo("eve");
			assertThat(finding.organisation()).isEqualTo("itron");
			assertThat(finding.targetId()).isEqualTo("billing-db");
			assertThat(finding.eventSequences()).containsExactly(7L);
			assertThat(finding.explanation()).contains("decoy target billing-db");
		});
	}

	@Test
	void observeWhenTechniqueAbsentOrMalformedThenT1078() {
		AuditEntry absent = AuditEntry.builder(AuditAction.FIRMWARE_UPLOAD_REFUSED, AT)
			.severity(Severity.HIGH)
			.detail("alert.explanation", "An unlisted firmware image was uploaded.")
			.build();
		AuditEntry malformed = AuditEntry.builder(AuditAction.FIRMWARE_UPLOAD_REFUSED, AT)
			.detail("alert.explanation", "An unlisted firmware image was uploaded.")
			.detail("threat.technique.id", "lateral")
			.build();

		assertThat(this.detector.observe(chained(1, absent), Strictness.NORMAL)).singleElement()
			.satisfies(f -> assertThat(f.techniqueId()).isEqualTo("T1078"))
			.satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
		assertThat(this.detector.observe(chained(2, malformed), Strictness.NORMAL)).singleElement()
			.satisfies(f -> assertThat(f.techniqueId()).isEqualTo("T1078"));
	}

	@Test
	void observeWhenNoExplanationThenNothing() {
		AuditEntry ordinary = AuditEntry.builder(AuditAction.ACCESS_DECISION, AT).actor("ann").outcome("allow").build();
		AuditEntry blank = AuditEntry.builder(AuditAction.ACCESS_DECISION, AT).detail("alert.explanation", " ").build();

		assertThat(this.detector.observe(chained(1, ordinary), Strictness.STRICT)).isEmpty();
		assertThat(this.detector.observe(chained(2, blank), Strictness.STRICT)).isEmpty();
	}

	@Test
	void observeWhenEventIsAlertRaisedThenNothingSoAlertsNeverLoop() {
		AuditEntry raised = AuditEntry.builder(AuditAction.ALERT_RAISED, AT)
			.severity(Severity.CRITICAL)
			.detail("alert.id", "a1")
			.detail("alert.explanation", "Someone reached for a decoy.")
			.detail("threat.technique.id", "T1021")
			.build();

		assertThat(this.detector.observe(chained(3, raised), Strictness.NORMAL)).isEmpty();
	}

	@Test
	void observeWhenSameTouchRepeatsThenSameDedupKeyAndOtherPersonOtherKey() {
		String first = this.detector.observe(chained(1, Tripwire.decoy(AT, "eve", "itron", "d", false).build()),
				Strictness.NORMAL).get(0).dedupKey();
		String again = this.detector.observe(chained(2, Tripwire.decoy(AT.plusSeconds(1), "eve", "itron", "d", false).build()),
				Strictness.NORMAL).get(0).dedupKey();
		String other = this.detector.observe(chained(3, Tripwire.decoy(AT, "bob", "itron", "d", false).build()),
				Strictness.NORMAL).get(0).dedupKey();

		assertThat(again).isEqualTo(first);
		assertThat(other).isNotEqualTo(first);
	}

}
