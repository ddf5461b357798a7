package io.keygate.auth.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.detection.Detector;
import io.keygate.policy.detection.Finding;
import io.keygate.policy.detection.Strictness;

/**
 * The runner's own guarantees, with detectors of the test's own around the real ones: a detector
 * that throws blinds nobody else, findings made on {@code alert.raised} are dropped (no loop even
 * with a detector that would), and each detector is told how strictly an organisation is watched.
 */
@SpringBootTest(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"spring.datasource.url=jdbc:h2:mem:detection-runner;DB_CLOSE_DELAY=-1" })
@ActiveProfiles("test")
@Import(DetectionRunnerTest.Detectors.class)
class DetectionRunnerTest {

	static final Duration BOUND = Duration.ofSeconds(2);

	@Autowired
	JdbcAuditLog audit;

	@Autowired
	AlertRepository alerts;

	@Autowired
	DetectionCursor cursor;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Detectors detectors;

	@TestConfiguration(proxyBeanMethods = false)
	static class Detectors {

		/** Strictness seen, by actor. */
		final Map<String, Strictness> seen = new ConcurrentHashMap<>();

		@Bean
		@Order(-10)
		Detector throwing() {
			return new Detector() {
				@Override
				public String id() {
					return "throwing";
				}

				@Override
				public List<Finding> observe(AuditEvent event, Strictness strictness) {
					throw new IllegalStateException("a detector with a bug");
				}
			};
		}

		/** Finds something in every event, alert.raised included: the runner must not let that loop. */
		@Bean
		@Order(10)
		Detector eager() {
			return new Detector() {
				@Override
				public String id() {
					return "eager";
				}

				@Override
				public List<Finding> observe(AuditEvent event, Strictness strictness) {
					Detectors.this.seen.put(event.entry().actor(), strictness);
					if (!event.entry().actor().startsWith("eager-")) {
						return List.of();
					}
					return List.of(new Finding("eager", Severity.WARNING, "T1078", "Eager found " + event.entry().action() + ".",
							event.entry().actor(), event.entry().organisation(), "", List.of(event.sequence()), event.entry().at(),
							"eager|" + event.sequence()));
				}
			};
		}

	}

	private AuditEvent append(String actor, String organisation) {
		return this.audit.append(AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.now())
			.actor(actor)
			.organisation(organisation)
			.severity(Severity.HIGH)
			.detail("alert.explanation", "Something worth a look.")
			.detail("alert.dedup", UUID.randomUUID().toString())
			.build());
	}

	private List<Alert> alertsOn(long sequence) {
		return this.alerts.list(AlertFilter.parse("all", "", "", "").orElseThrow(), 1000)
			.stream()
			.filter(a -> a.eventSequences().contains(sequence))
			.toList();
	}

	@Test
	void runnerWhenOneDetectorThrowsThenTheOthersStillRaiseTheirAlerts() {
		AuditEvent event = append("someone-" + UUID.randomUUID(), "itron");

		await().atMost(BOUND).until(() -> alertsOn(event.sequence()).stream().anyMatch(a -> a.detector().equals("alerting-event")));
	}

	@Test
	void runnerWhenDetectorFindsSomethingInAlertRaisedThenDroppedAndNoSecondGeneration() {
		String actor = "eager-" + UUID.randomUUID();
		AuditEvent event = append(actor, "itron");
		await().atMost(BOUND).until(() -> alertsOn(event.sequence()).size() == 2);
		List<Long> raised = this.audit.latestByAction(AuditAction.ALERT_RAISED.action(), 20)
			.stream()
			.filter(e -> e.entry().actor().equals(actor))
			.map(AuditEvent::sequence)
			.toList();
		assertThat(raised).hasSize(2);
		long last = raised.stream().mapToLong(Long::longValue).max().orElseThrow();

		await().atMost(BOUND).until(() -> this.cursor.position() >= last);

		for (Long sequence : raised) {
			assertThat(alertsOn(sequence)).as("alerts on alert.raised #%d", sequence).isEmpty();
		}
		assertThat(this.audit.latestByAction(AuditAction.ALERT_RAISED.action(), 50))
			.filteredOn(e -> e.entry().actor().equals(actor))
			.hasSize(2);
	}

	@Test
	void runnerWhenOrganisationWatchedStrictlyThenDetectorsToldStrictAndOthersNormal() {
		String strictOrg = "strict-" + UUID.randomUUID().toString().substring(0, 8);
		this.jdbc.sql("insert into detection_strict (organisation, until_epoch_second, reason) values (?, ?, 'breach')")
			.params(strictOrg, Instant.now().plusSeconds(3600).getEpochSecond())
			.update();
		String strictActor = "s-" + UUID.randomUUID();
		String normalActor = "n-" + UUID.randomUUID();

		append(strictActor, strictOrg);
		append(normalActor, "itron");

		await().atMost(BOUND).until(() -> this.detectors.seen.containsKey(strictActor) && this.detectors.seen.containsKey(normalActor));
		assertThat(this.detectors.seen.get(strictActor)).isEqualTo(Strictness.STRICT);
		assertThat(this.detectors.seen.get(normalActor)).isEqualTo(Strictness.NORMAL);
	}

}
