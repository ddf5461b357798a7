package io.keygate.policy.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;

class SignInOffHoursDetectorTest {

	private static SignInOffHoursDetector detector() {
		return new SignInOffHoursDetector(NormalTraffic.CALENDARS, WorkingHours.DEFAULT, OffHoursThresholds.DEFAULT,
				OffHoursThresholds.STRICT);
	}

	private static AuditEntry signIn(String subject, String organisation, Instant at) {
		return AuditEntry.builder(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED, at)
			.actor(subject)
			.organisation(organisation)
			.outcome("SUCCEEDED")
			.clientAddress("198.51.100.4")
			.build();
	}

	@Test
	void observeWhenOrdinaryDaysThenQuiet() {
		assertThat(NormalTraffic.run(detector(), NormalTraffic.days(14, 21), Strictness.NORMAL)).isEmpty();
	}

	@Test
	void observeWhenSignInAtNightInTheOrganisationsZoneThenWarnsT1078() {
		// 02:30 in Chicago is 08:30 UTC: inside a UTC day, outside itron's.
		AuditEntry night = signIn("ana@itron.example", "itron", NormalTraffic.local(9, "America/Chicago", 2, 30));
		List<AuditEvent> events = NormalTraffic.with(NormalTraffic.days(14, 14), List.of(night));
		assertThat(NormalTraffic.run(detector(), events, Strictness.NORMAL)).singleElement().satisfies(finding -> {
			assertThat(finding.techniqueId()).isEqualTo("T1078");
			assertThat(finding.eventSequences()).containsExactly(NormalTraffic.sequenceOf(events, night));
			assertThat(finding.explanation()).contains("02:30").contains("America/Chicago");
		});
	}

	@Test
	void observeWhenSignInOnSaturdayThenWarns() {
		AuditEntry saturday = signIn("fa@siemens.example", "siemens", NormalTraffic.local(5, "Europe/Berlin", 11, 0));
		assertThat(NormalTraffic.run(detector(), NormalTraffic.chain(List.of(saturday), 1), Strictness.NORMAL)).hasSize(1);
	}

	@Test
	void observeWhenJustBeforeTheDayThenQuietNormallyAndWarnsStrictly() {
		List<AuditEvent> early = NormalTraffic.chain(List.of(signIn("fa@siemens.example", "siemens",
				NormalTraffic.local(1, "Europe/Berlin", 7, 30))), 1);
		assertThat(NormalTraffic.run(detector(), early, Strictness.NORMAL)).isEmpty();
		assertThat(NormalTraffic.run(detector(), early, Strictness.STRICT)).hasSize(1);
	}

	@Test
	void observeWhenHolidayOrUnknownOrganisationThenCalendarDecides() {
		WorkingHours withHoliday = new WorkingHours(ZoneId.of("Europe/Zurich"), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
				LocalTime.of(8, 0), LocalTime.of(17, 0), Set.of(LocalDate.of(2026, 3, 3)));
		SignInOffHoursDetector detector = new SignInOffHoursDetector(Map.of("landis", withHoliday), WorkingHours.DEFAULT,
				OffHoursThresholds.DEFAULT, OffHoursThresholds.STRICT);
		List<AuditEvent> events = NormalTraffic.chain(List.of(signIn("di", "landis", NormalTraffic.local(1, "Europe/Zurich", 10, 0)),
				signIn("zed", "unlisted", NormalTraffic.local(1, "UTC", 12, 0)),
				signIn("zed", "unlisted", NormalTraffic.local(1, "UTC", 23, 0))), 1);
		assertThat(NormalTraffic.run(detector, events, Strictness.NORMAL)).extracting(Finding::actor).containsExactly("di", "zed");
	}

	@Test
	void workingHoursWhenEndNotAfterStartThenRefused() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new WorkingHours(ZoneId.of("UTC"), Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(9, 0), Set.of()));
	}

}
