package io.keygate.policy.audit;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditStreamFormatTest {

	private final AuditEntry entry = AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.parse("2026-11-25T10:00:00.123456789Z"))
		.actor("alice")
		.organisation("itron")
		.target("head-end")
		.grant("g-1")
		.outcome("DENY")
		.reason("PATH_NOT_ALLOWED")
		.clientAddress("192.0.2.7")
		.severity(Severity.WARNING)
		.detail("method", "POST")
		.detail("path", "/api/firmware/x")
		.build();

	@Test
	void fromFieldsWhenWrittenByToFieldsThenSameEntryAndSameHash() {
		AuditEntry back = AuditStreamFormat.fromFields(AuditStreamFormat.toFields(this.entry));
		assertThat(back).isEqualTo(this.entry);
		assertThat(AuditHashing.hash(1, back, AuditHashing.GENESIS))
			.isEqualTo(AuditHashing.hash(1, this.entry, AuditHashing.GENESIS));
	}

	@Test
	void fromFieldsWhenVersionUnknownThenRefused() {
		Map<String, String> fields = new HashMap<>(AuditStreamFormat.toFields(this.entry));
		fields.put("v", "2");
		assertThatThrownBy(() -> AuditStreamFormat.fromFields(fields)).hasMessageContaining("version");
	}

	@Test
	void fromFieldsWhenTimeOrSeverityOrActionMalformedThenRefused() {
		Map<String, String> badTime = new HashMap<>(AuditStreamFormat.toFields(this.entry));
		badTime.put("at", "yesterday");
		assertThatThrownBy(() -> AuditStreamFormat.fromFields(badTime)).hasMessageContaining("'at'");
		Map<String, String> badSeverity = new HashMap<>(AuditStreamFormat.toFields(this.entry));
		badSeverity.put("severity", "MEH");
		assertThatThrownBy(() -> AuditStreamFormat.fromFields(badSeverity)).hasMessageContaining("severity");
		Map<String, String> noAction = new HashMap<>(AuditStreamFormat.toFields(this.entry));
		noAction.remove("action");
		assertThatThrownBy(() -> AuditStreamFormat.fromFields(noAction)).hasMessageContaining("'action'");
	}

}
