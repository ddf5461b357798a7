package io.keygate.auth.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.detection.Detector;
import io.keygate.policy.detection.Finding;
import io.keygate.policy.detection.Strictness;

/** The detectors are beans, their thresholds bind from {@code keygate.detection.*}, and a bad value stops start-up. */
class DetectionConfigurationTest {

	@Configuration(proxyBeanMethods = false)
	static class Database {

		@Bean
		JdbcClient jdbcClient() {
			return JdbcClient.create(new DriverManagerDataSource("jdbc:h2:mem:detection-config;DB_CLOSE_DELAY=-1"));
		}

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Database.class, DetectionConfiguration.class)
		.withPropertyValues("keygate.detection.replay=false");

	@Test
	void contextWhenDefaultsThenEveryDetectorIsABean() {
		this.runner.run(context -> assertThat(context.getBeansOfType(Detector.class).values()).extracting(Detector::id)
			.containsExactlyInAnyOrder("signin-new-network", "signin-off-hours", "signin-failures", "key-counter-regression",
					"key-shared", "probe-without-grant", "path-probe", "reason-unusual-target"));
	}

	@Test
	void contextWhenDetectorDisabledThenNoBean() {
		this.runner.withPropertyValues("keygate.detection.off-hours.enabled=false", "keygate.detection.keys.enabled=false")
			.run(context -> assertThat(context.getBeansOfType(Detector.class).values()).extracting(Detector::id)
				.doesNotContain("signin-off-hours", "key-counter-regression", "key-shared")
				.hasSize(5));
	}

	@Test
	void contextWhenThresholdsSetThenDetectorsUseThem() {
		this.runner
			.withPropertyValues("keygate.detection.failed-assertions.failures=2",
					"keygate.detection.failed-assertions.window=PT2M",
					"keygate.detection.off-hours.organisations.itron.zone=America/Chicago",
					"keygate.detection.off-hours.organisations.itron.start=07:00",
					"keygate.detection.off-hours.organisations.itron.end=18:00",
					"keygate.detection.off-hours.grace=PT0S")
			.run(context -> {
				DetectionProperties properties = context.getBean(DetectionProperties.class);
				assertThat(properties.failedAssertions().normal().failures()).isEqualTo(2);
				assertThat(properties.offHours().calendars()).containsKey("itron");
				Detector failures = detector(context.getBeansOfType(Detector.class).values(), "signin-failures");
				Instant noon = Instant.parse("2026-03-10T18:00:00Z");
				assertThat(run(failures, refused(noon), refused(noon.plusSeconds(60)))).hasSize(1);
				Detector offHours = detector(context.getBeansOfType(Detector.class).values(), "signin-off-hours");
				// 11:30 UTC is inside the fallback (UTC) day but 06:30 in Chicago, before itron's: the organisation's
				// own calendar is the one used.
				assertThat(run(offHours, signIn(Instant.parse("2026-03-10T11:30:00Z")))).hasSize(1);
				assertThat(run(offHours, signIn(Instant.parse("2026-03-10T15:00:00Z")))).isEmpty();
			});
	}

	@Test
	void contextWhenThresholdOutOfRangeThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("keygate.detection.grantless-probe.distinct-targets=1")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("distinct targets must be 2..1000"));
		this.runner.withPropertyValues("keygate.detection.grantless-probe.distinct-targets=1")
			.run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining("keygate.detection.grantless-probe"));
	}

	private static Detector detector(java.util.Collection<Detector> detectors, String id) {
		return detectors.stream().filter(detector -> detector.id().equals(id)).findFirst().orElseThrow();
	}

	private static List<Finding> run(Detector detector, AuditEntry... entries) {
		List<Finding> findings = new ArrayList<>();
		long sequence = 1;
		for (AuditEntry entry : entries) {
			findings.addAll(detector.observe(new AuditEvent(sequence++, entry, "p", "h"), Strictness.NORMAL));
		}
		return findings;
	}

	private static AuditEntry refused(Instant at) {
		return AuditEntry.builder(AuditAction.WEBAUTHN_SIGNIN_REFUSED, at)
			.actor("ana")
			.organisation("itron")
			.outcome("REFUSED")
			.reason("BAD_SIGNATURE")
			.clientAddress("198.51.100.4")
			.build();
	}

	private static AuditEntry signIn(Instant at) {
		return AuditEntry.builder(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED, at)
			.actor("ana")
			.organisation("itron")
			.outcome("SUCCEEDED")
			.clientAddress("198.51.100.4")
			.build();
	}

}
