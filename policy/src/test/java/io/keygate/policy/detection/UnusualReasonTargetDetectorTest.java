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

class UnusualReasonTargetDetectorTest {

	private static final Instant NOON = NormalTraffic.local(12, "America/Chicago", 12, 0);

	private static UnusualReasonTargetDetector detector() {
		return new UnusualReasonTargetDetector(ReasonTargetThresholds.DEFAULT, ReasonTargetThresholds.STRICT);
	}

	/** ana asks for {@code target} with {@code reason}, gets it, and uses it once. */
	private static List<AuditEntry> requestAndUse(String id, String target, String reason, Instant at, boolean granted) {
		List<AuditEntry> entries = new ArrayList<>();
		entries.add(AuditEntry.builder(AuditAction.REQUEST_SUBMITTED, at)
			.actor("ana@itron.example")
			.organisation("itron")
			.request(id)
			.target(target)
			.outcome("pending")
			.detail("ticket", "CHG-7777")
			.detail("reason", reason)
			.build());
		if (granted) {
			entries.add(AuditEntry.builder(AuditAction.GRANT_ISSUED, at.plusSeconds(300))
				.actor("hal@utility.example")
				.organisation("itron")
				.request(id)
				.target(target)
				.grant("g-" + id)
				.outcome("issued")
				.build());
			entries.add(AuditEntry.builder(AuditAction.ACCESS_DECISION, at.plusSeconds(400))
				.actor("ana@itron.example")
				.organisation("itron")
				.target(target)
				.grant("g-" + id)
				.outcome("allow")
				.detail("method", "GET")
				.detail("path", "/")
				.build());
		}
		return entries;
	}

	@Test
	void observeWhenOrdinaryDaysThenQuiet() {
		assertThat(NormalTraffic.run(detector(), NormalTraffic.days(14, 21), Strictness.NORMAL)).isEmpty();
	}

	@Test
	void observeWhenUsualReasonGrantedForAnotherTargetThenWarnsT1021OnFirstUse() {
		List<AuditEntry> odd = requestAndUse("odd", "scada-historian", "meter firmware rollout feeder 12", NOON, true);
		List<AuditEvent> events = NormalTraffic.with(NormalTraffic.days(14, 14), odd);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).singleElement().satisfies(finding -> {
			assertThat(finding.severity()).isEqualTo(Severity.WARNING);
			assertThat(finding.techniqueId()).isEqualTo("T1021");
			assertThat(finding.targetId()).isEqualTo("scada-historian");
			assertThat(finding.eventSequences()).containsExactly(NormalTraffic.sequenceOf(events, odd.get(0)),
					NormalTraffic.sequenceOf(events, odd.get(2)));
			assertThat(finding.explanation()).contains("head-end-1");
		});
	}

	@Test
	void observeWhenUnusualRequestNeverGrantedThenQuiet() {
		List<AuditEntry> odd = requestAndUse("odd", "scada-historian", "meter firmware rollout feeder 12", NOON, false);
		assertThat(NormalTraffic.run(detector(), NormalTraffic.with(NormalTraffic.days(14, 14), odd), Strictness.NORMAL)).isEmpty();
	}

	@Test
	void observeWhenReasonWordsHaveNoHistoryThenQuiet() {
		List<AuditEntry> fresh = requestAndUse("new", "scada-historian", "quarterly penetration retest", NOON, true);
		assertThat(NormalTraffic.run(detector(), NormalTraffic.with(NormalTraffic.days(14, 14), fresh), Strictness.NORMAL)).isEmpty();
	}

	@Test
	void observeWhenFourEarlierSamplesThenQuietNormallyAndWarnsStrictly() {
		List<AuditEntry> entries = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			entries.addAll(requestAndUse("r" + i, "head-end-1", "collector reboot " + i, NOON.plusSeconds(3600L * i), true));
		}
		entries.addAll(requestAndUse("odd", "mdm-1", "collector reboot now", NOON.plusSeconds(86_400), true));
		List<AuditEvent> events = NormalTraffic.chain(entries, 1);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).isEmpty();
		assertThat(NormalTraffic.run(detector(), events, Strictness.STRICT)).extracting(Finding::targetId).containsExactly("mdm-1");
	}

	@Test
	void reasonWordsWhenReasonAndTicketThenSignificantWordsAndProjectKey() {
		assertThat(ReasonWords.of("Please: meter FIRMWARE rollout for feeder 12", "chg-1234"))
			.containsExactly("ticket:CHG", "meter", "firmware", "rollout", "feeder");
	}

}
