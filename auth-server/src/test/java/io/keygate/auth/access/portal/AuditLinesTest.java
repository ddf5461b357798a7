package io.keygate.auth.access.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;

class AuditLinesTest {

	private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

	private static AuditLines.AuditLine line(AuditEntry entry) {
		return AuditLines.of(new AuditEvent(7, entry, "p", "h"), instant -> "at " + instant);
	}

	@Test
	void lineWhenAccountDisabledThenNamesWhomItWasAbout() {
		AuditLines.AuditLine line = line(AuditEntry.builder(AuditAction.ACCOUNT_DISABLED, AT)
			.actor("ada@utility.example")
			.reason("left the company")
			.detail("subject", "lea@landis.example")
			.clientAddress("0:0:0:0:0:0:0:1")
			.build());

		assertThat(line.about()).isEqualTo("lea@landis.example");
		assertThat(line.reason()).isEqualTo("left the company");
		assertThat(line.client()).isEqualTo("::1");
	}

	@Test
	void lineWhenRequestSubmittedThenShowsReasonAndTicketText() {
		AuditLines.AuditLine line = line(AuditEntry.builder(AuditAction.REQUEST_SUBMITTED, AT)
			.actor("lea@landis.example")
			.detail("reason", "meter firmware check")
			.detail("ticket", "CHG-4711")
			.clientAddress("127.0.0.1")
			.build());

		assertThat(line.about()).isEmpty();
		assertThat(line.reason()).isEqualTo("meter firmware check");
		assertThat(line.ticket()).isEqualTo("CHG-4711");
		assertThat(line.client()).isEqualTo("127.0.0.1");
	}

	@Test
	void addressWhenFullIpv6ThenShortFormElseUnchanged() {
		assertThat(AuditLines.address("0:0:0:0:0:0:0:1")).isEqualTo("::1");
		assertThat(AuditLines.address("2001:db8:0:0:0:0:2:1")).isEqualTo("2001:db8::2:1");
		assertThat(AuditLines.address("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
		assertThat(AuditLines.address("fe80:0:0:1:0:0:0:5")).isEqualTo("fe80:0:0:1::5");
		assertThat(AuditLines.address("0:0:0:0:0:0:0:0")).isEqualTo("::");
		assertThat(AuditLines.address("::1")).isEqualTo("::1");
		assertThat(AuditLines.address("10.0.0.7")).isEqualTo("10.0.0.7");
		assertThat(AuditLines.address(null)).isEmpty();
	}

}
