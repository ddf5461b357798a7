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

class GrantlessProbeDetectorTest {

	private static final Instant NOON = NormalTraffic.local(8, "America/Chicago", 12, 0);

	private static GrantlessProbeDetector detector() {
		return new GrantlessProbeDetector(GrantlessProbeThresholds.DEFAULT, GrantlessProbeThresholds.STRICT);
	}

	static AuditEntry denied(String actor, String address, String target, String path, String reason, Instant at) {
		return AuditEntry.builder(AuditAction.ACCESS_DECISION, at)
			.actor(actor)
			.organisation(actor.isEmpty() ? "" : "itron")
			.target(target)
			.clientAddress(address)
			.outcome("deny")
			.reason(reason)
			.detail("method", "GET")
			.detail("path", path)
			.detail("status", 403)
			.build();
	}

	@Test
	void observeWhenOrdinaryDaysThenQuiet() {
		assertThat(NormalTraffic.run(detector(), NormalTraffic.days(14, 21), Strictness.NORMAL)).isEmpty();
	}

	@Test
	void observeWhenFourTargetsWithoutGrantInTenMinutesThenHighT1021() {
		List<AuditEntry> probes = List.of(denied("ana@itron.example", "198.51.100.4", "scada-historian", "/", "NO_GRANT", NOON),
				denied("ana@itron.example", "198.51.100.4", "mdm-1", "/", "NO_GRANT", NOON.plusSeconds(30)),
				denied("ana@itron.example", "198.51.100.4", "dms", "/", "UNKNOWN_TARGET", NOON.plusSeconds(60)),
				denied("ana@itron.example", "198.51.100.4", "ems-backup", "/", "DECOY", NOON.plusSeconds(90)));
		List<AuditEvent> events = NormalTraffic.with(NormalTraffic.days(14, 14), probes);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).singleElement().satisfies(finding -> {
			assertThat(finding.severity()).isEqualTo(Severity.HIGH);
			assertThat(finding.techniqueId()).isEqualTo("T1021");
			assertThat(finding.actor()).isEqualTo("ana@itron.example");
			assertThat(finding.eventSequences())
				.containsAll(probes.stream().map(entry -> NormalTraffic.sequenceOf(events, entry)).toList());
			assertThat(finding.explanation()).contains("4 distinct targets").contains("ems-backup");
		});
	}

	@Test
	void observeWhenAnonymousClientWalksPathsOfOneTargetThenHighOnce() {
		List<AuditEntry> walk = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			walk.add(denied("", "185.220.101." + (i % 7), "head-end-1", "/admin/" + i, "NO_GRANT", NOON.plusSeconds(5L * i)));
		}
		List<Finding> findings = NormalTraffic.run(detector(), NormalTraffic.chain(walk, 1), Strictness.NORMAL);
		assertThat(findings).singleElement().satisfies(finding -> {
			assertThat(finding.explanation()).contains("185.220.101.0/24").contains("25 distinct paths");
			assertThat(finding.targetId()).isEqualTo("head-end-1");
			assertThat(finding.eventSequences()).hasSize(25);
		});
	}

	@Test
	void observeWhenTwoTargetsThenQuietNormallyAndHighStrictly() {
		List<AuditEvent> events = NormalTraffic.chain(List.of(denied("ana", "198.51.100.4", "mdm-1", "/", "NO_GRANT", NOON),
				denied("ana", "198.51.100.4", "mdm-2", "/", "NO_GRANT", NOON.plusSeconds(1800))), 1);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).isEmpty();
		assertThat(NormalTraffic.run(detector(), events, Strictness.STRICT)).hasSize(1);
	}

	@Test
	void observeWhenTargetsSpreadBeyondTheWindowThenQuiet() {
		List<AuditEntry> slow = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			slow.add(denied("ana", "198.51.100.4", "t" + i, "/", "NO_GRANT", NOON.plusSeconds(400L * i)));
		}
		assertThat(NormalTraffic.run(detector(), NormalTraffic.chain(slow, 1), Strictness.NORMAL)).isEmpty();
	}

}
