package io.keygate.policy.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

class PathProbeDetectorTest {

	private static final Instant NOON = NormalTraffic.local(8, "America/Chicago", 12, 0);

	private static PathProbeDetector detector() {
		return new PathProbeDetector(PathProbeThresholds.DEFAULT, PathProbeThresholds.STRICT);
	}

	@Test
	void observeWhenOrdinaryDaysThenQuiet() {
		assertThat(NormalTraffic.run(detector(), NormalTraffic.days(14, 21), Strictness.NORMAL)).isEmpty();
	}

	@Test
	void observeWhenTenDistinctRequestsRefusedForShapeThenHighT1021() {
		List<String> reasons = List.of("PATH_NOT_ALLOWED", "MALFORMED_REQUEST", "OVERRIDE_REFUSED", "METHOD_NOT_ALLOWED");
		List<AuditEntry> probes = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			probes.add(GrantlessProbeDetectorTest.denied("ana@itron.example", "198.51.100.4", "head-end-1", "/api/commands/" + i,
					reasons.get(i % reasons.size()), NOON.plusSeconds(20L * i)));
		}
		List<AuditEvent> events = NormalTraffic.with(NormalTraffic.days(14, 14), probes);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).singleElement().satisfies(finding -> {
			assertThat(finding.severity()).isEqualTo(Severity.HIGH);
			assertThat(finding.techniqueId()).isEqualTo("T1021");
			assertThat(finding.targetId()).isEqualTo("head-end-1");
			assertThat(finding.eventSequences())
				.containsAll(probes.stream().map(entry -> NormalTraffic.sequenceOf(events, entry)).toList());
		});
	}

	@Test
	void observeWhenOnePagePollsAForbiddenEndpointThenQuiet() {
		List<AuditEntry> polling = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			polling.add(GrantlessProbeDetectorTest.denied("ana", "198.51.100.4", "head-end-1", "/api/commands/status",
					"PATH_NOT_ALLOWED", NOON.plusSeconds(5L * i)));
		}
		assertThat(NormalTraffic.run(detector(), NormalTraffic.chain(polling, 1), Strictness.NORMAL)).isEmpty();
	}

	@Test
	void observeWhenFourProbesInAnHourThenQuietNormallyAndHighStrictly() {
		List<AuditEntry> probes = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			probes.add(GrantlessProbeDetectorTest.denied("ana", "198.51.100.4", "head-end-1", "/x/" + i, "PATH_NOT_ALLOWED",
					NOON.plusSeconds(900L * i)));
		}
		List<AuditEvent> events = NormalTraffic.chain(probes, 1);
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).isEmpty();
		assertThat(NormalTraffic.run(detector(), events, Strictness.STRICT)).hasSize(1);
	}

	@Test
	void observeWhenGrantlessOrExpiredDenialsThenNotCountedHere() {
		List<AuditEntry> other = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			other.add(GrantlessProbeDetectorTest.denied("ana", "198.51.100.4", "head-end-1", "/x/" + i, i % 2 == 0 ? "NO_GRANT" : "EXPIRED",
					NOON.plusSeconds(i)));
		}
		assertThat(NormalTraffic.run(detector(), NormalTraffic.chain(other, 1), Strictness.NORMAL)).isEmpty();
	}

}
