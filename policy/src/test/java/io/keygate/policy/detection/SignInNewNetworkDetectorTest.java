package io.keygate.policy.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

class SignInNewNetworkDetectorTest {

	private static SignInNewNetworkDetector detector() {
		return new SignInNewNetworkDetector(NewNetworkThresholds.DEFAULT, NewNetworkThresholds.STRICT);
	}

	private static AuditEntry signIn(String subject, String address, Instant at) {
		return AuditEntry.builder(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED, at)
			.actor(subject)
			.organisation("itron")
			.outcome("SUCCEEDED")
			.clientAddress(address)
			.detail("credentialId", "cred-" + subject)
			.build();
	}

	@Test
	void observeWhenOrdinaryDaysAfterLearningThenQuiet() {
		List<AuditEvent> days = NormalTraffic.days(14, 21);
		List<Finding> findings = NormalTraffic.run(detector(), days, Strictness.NORMAL);
		assertThat(findings).filteredOn(finding -> !finding.at().isBefore(NormalTraffic.afterLearning())).isEmpty();
	}

	@Test
	void observeWhenKnownPersonSignsInFromUnseenNetworkThenWarnsT1078() {
		AuditEntry odd = signIn(NormalTraffic.ana().subject(), "185.220.101.7", NormalTraffic.local(10, "America/Chicago", 10, 5));
		List<AuditEvent> events = NormalTraffic.with(NormalTraffic.days(14, 14), List.of(odd));
		List<Finding> findings = NormalTraffic.run(detector(), events, Strictness.NORMAL);
		List<Finding> after = findings.stream().filter(finding -> !finding.at().isBefore(NormalTraffic.afterLearning())).toList();
		assertThat(after).singleElement().satisfies(finding -> {
			assertThat(finding.techniqueId()).isEqualTo("T1078");
			assertThat(finding.severity()).isEqualTo(Severity.WARNING);
			assertThat(finding.actor()).isEqualTo("ana@itron.example");
			assertThat(finding.eventSequences()).containsExactly(NormalTraffic.sequenceOf(events, odd));
			assertThat(finding.explanation()).contains("185.220.101.0/24");
		});
	}

	@Test
	void observeWhenNetworkLastSeenBeyondMemoryThenNewAgain() {
		Instant start = Instant.parse("2026-03-02T15:00:00Z");
		List<AuditEvent> events = NormalTraffic.chain(List.of(signIn("ana", "198.51.100.4", start),
				signIn("ana", "203.0.113.9", start.plusSeconds(86_400)), signIn("ana", "198.51.100.5", start.plusSeconds(31 * 86_400))),
				1);
		List<Finding> findings = NormalTraffic.run(detector(), events, Strictness.NORMAL);
		assertThat(findings).extracting(finding -> finding.eventSequences().get(0)).containsExactly(2L, 3L);
	}

	@Test
	void observeWhenSameHostSpelledAsMappedOrAnotherHostOfTheNetworkThenNotNew() {
		Instant start = Instant.parse("2026-03-02T15:00:00Z");
		List<AuditEvent> events = NormalTraffic.chain(List.of(signIn("ana", "198.51.100.4", start),
				signIn("ana", "::ffff:198.51.100.4", start.plusSeconds(60)), signIn("ana", "198.51.100.200", start.plusSeconds(120)),
				signIn("ana", "2001:db8:1:2::5", start.plusSeconds(180)), signIn("ana", "2001:db8:1:2:aaaa::9", start.plusSeconds(240))),
				1);
		List<Finding> findings = NormalTraffic.run(detector(), events, Strictness.NORMAL);
		assertThat(findings).extracting(finding -> finding.eventSequences().get(0)).containsExactly(4L);
	}

	@Test
	void observeWhenNoBaselineThenQuietNormallyAndWarnsStrictly() {
		List<AuditEvent> events = NormalTraffic.chain(List.of(signIn("new@itron.example", "198.51.100.4", Instant.parse("2026-03-02T15:00:00Z"))), 1);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).isEmpty();
		assertThat(NormalTraffic.run(detector(), events, Strictness.STRICT)).singleElement()
			.satisfies(finding -> assertThat(finding.explanation()).contains("watched strictly"));
	}

	@Test
	void observeWhenNetworkSeenEightDaysAgoThenKnownNormallyButNewStrictly() {
		Instant start = Instant.parse("2026-03-02T15:00:00Z");
		List<AuditEvent> events = NormalTraffic.chain(List.of(signIn("ana", "198.51.100.4", start),
				signIn("ana", "203.0.113.9", start.plusSeconds(86_400)), signIn("ana", "203.0.113.10", start.plusSeconds(2 * 86_400)),
				signIn("ana", "198.51.100.5", start.plusSeconds(8 * 86_400))), 1);
		SignInNewNetworkDetector normal = detector();
		SignInNewNetworkDetector strict = detector();
		for (AuditEvent event : events.subList(0, 3)) {
			normal.observe(event, Strictness.NORMAL);
			strict.observe(event, Strictness.NORMAL);
		}
		assertThat(normal.observe(events.get(3), Strictness.NORMAL)).isEmpty();
		assertThat(strict.observe(events.get(3), Strictness.STRICT)).hasSize(1);
	}

	@Test
	void observeWhenNoClientAddressThenQuiet() {
		List<AuditEvent> events = NormalTraffic.chain(List.of(signIn("ana", "198.51.100.4", Instant.parse("2026-03-02T15:00:00Z")),
				signIn("ana", "", Instant.parse("2026-03-02T16:00:00Z"))), 1);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).isEmpty();
	}

}
