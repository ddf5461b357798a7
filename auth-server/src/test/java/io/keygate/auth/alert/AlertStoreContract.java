package io.keygate.auth.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.policy.audit.Severity;
import io.keygate.policy.detection.Finding;

/**
 * The alert store, the detection cursor and the honeytoken table on a freshly migrated database
 * (H2 or PostgreSQL by subclass): one open alert per dedup key, folding, closing frees the key,
 * filters, the pending-response queue, and the cursor row.
 */
abstract class AlertStoreContract {

	static final Instant AT = Instant.parse("2026-11-28T02:00:00Z");

	DataSource dataSource;

	AlertRepository alerts;

	DetectionCursor cursor;

	HoneytokenRepository honeytokens;

	TransactionTemplate tx;

	protected abstract DataSource freshDataSource();

	@BeforeEach
	void migrate() {
		this.dataSource = freshDataSource();
		Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration").load().migrate();
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		this.alerts = new AlertRepository(jdbc);
		this.cursor = new DetectionCursor(jdbc);
		this.honeytokens = new HoneytokenRepository(jdbc);
		this.tx = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
	}

	@AfterEach
	void close() throws Exception {
		if (this.dataSource instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	static Finding finding(String key, Severity severity, long sequence, String organisation, String technique) {
		return new Finding("test", severity, technique, "Something happened.", "eve", organisation, "head-end",
				List.of(sequence), AT.plusSeconds(sequence), key);
	}

	private AlertRepository.Raised raise(Finding finding, boolean respond) {
		return this.tx.execute(status -> this.alerts.raise(finding, respond, AT));
	}

	@Test
	void raiseWhenSameKeyOpenThenFoldedSeverityRisesAndSequencesKept() {
		AlertRepository.Raised first = raise(finding("k", Severity.WARNING, 1, "itron", "T1078"), false);
		AlertRepository.Raised second = raise(finding("k", Severity.CRITICAL, 2, "itron", "T1078"), false);

		assertThat(first.opened()).isTrue();
		assertThat(second.opened()).isFalse();
		assertThat(second.alertId()).isEqualTo(first.alertId());
		Alert alert = this.alerts.find(first.alertId()).orElseThrow();
		assertThat(alert.repeatCount()).isEqualTo(2);
		assertThat(alert.eventSequences()).containsExactly(1L, 2L);
		assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(alert.lastSeenAt()).isEqualTo(AT.plusSeconds(2));
	}

	@Test
	void raiseWhenKeyClosedThenNewAlertAndClosingTwiceRefused() {
		AlertRepository.Raised first = raise(finding("k", Severity.HIGH, 1, "itron", "T1078"), false);
		assertThat(this.alerts.changeState(first.alertId(), AlertState.CLOSED, "ann", AT)).isTrue();
		assertThat(this.alerts.changeState(first.alertId(), AlertState.CLOSED, "ann", AT)).isFalse();

		AlertRepository.Raised again = raise(finding("k", Severity.HIGH, 3, "itron", "T1078"), false);

		assertThat(again.opened()).isTrue();
		assertThat(again.alertId()).isNotEqualTo(first.alertId());
	}

	@Test
	void listWhenFilteredThenOnlyMatchingAndClosedOnlyWhenAsked() {
		String a = raise(finding("a", Severity.CRITICAL, 1, "itron", "T1021"), false).alertId();
		String b = raise(finding("b", Severity.WARNING, 2, "landis", "T1078"), false).alertId();
		String c = raise(finding("c", Severity.WARNING, 3, "itron", "T1078"), false).alertId();
		this.alerts.changeState(c, AlertState.CLOSED, "ann", AT);
		this.alerts.changeState(b, AlertState.ACKNOWLEDGED, "ann", AT);

		assertThat(ids(AlertFilter.NOT_CLOSED)).containsExactlyInAnyOrder(a, b);
		assertThat(ids(AlertFilter.parse("all", "", "", "").orElseThrow())).containsExactlyInAnyOrder(a, b, c);
		assertThat(ids(AlertFilter.parse("", "CRITICAL", "", "").orElseThrow())).containsExactly(a);
		assertThat(ids(AlertFilter.parse("all", "", "itron", "").orElseThrow())).containsExactlyInAnyOrder(a, c);
		assertThat(ids(AlertFilter.parse("", "", "", "T1078").orElseThrow())).containsExactly(b);
		assertThat(ids(AlertFilter.parse("acknowledged", "", "", "").orElseThrow())).containsExactly(b);
		assertThat(AlertFilter.parse("sideways", "", "", "")).isEmpty();
		assertThat(AlertFilter.parse("", "", "", "lateral")).isEmpty();
		assertThat(AlertFilter.parse("", "", "it'ron", "")).isEmpty();
		assertThat(this.alerts.organisations()).containsExactly("itron", "landis");
	}

	private List<String> ids(AlertFilter filter) {
		return this.alerts.list(filter, 100).stream().map(Alert::id).toList();
	}

	@Test
	void pendingResponsesWhenRespondedOrGivenUpThenLeaveTheQueue() {
		String done = raise(finding("d", Severity.CRITICAL, 1, "itron", "T1021"), true).alertId();
		String failing = raise(finding("f", Severity.CRITICAL, 2, "itron", "T1021"), true).alertId();
		raise(finding("n", Severity.CRITICAL, 3, "itron", "T1021"), false);
		assertThat(this.alerts.pendingResponses(10)).extracting(Alert::id).containsExactlyInAnyOrder(done, failing);

		this.alerts.responded(done, "DONE");
		assertThat(this.alerts.responseFailed(failing)).isEqualTo(1);
		assertThat(this.alerts.responseFailed(failing)).isEqualTo(2);
		this.alerts.recordAction(failing, "gave up", "keygate-detection", AT);
		this.alerts.responded(failing, "FAILED");

		assertThat(this.alerts.pendingResponses(10)).isEmpty();
		assertThat(this.alerts.find(failing).orElseThrow().actionsTaken()).containsExactly("gave up");
		raise(finding("d", Severity.CRITICAL, 4, "itron", "T1021"), true);
		assertThat(this.alerts.pendingResponses(10)).extracting(Alert::id).containsExactly(done);
	}

	@Test
	void cursorWhenAdvancedInTransactionThenPositionKept() {
		assertThat(this.cursor.position()).isZero();
		this.tx.executeWithoutResult(status -> {
			assertThat(this.cursor.lock()).isZero();
			this.cursor.advance(42);
		});
		assertThat(this.cursor.position()).isEqualTo(42);
	}

	@Test
	void honeytokenWhenRevokedThenNotLiveAndRevokingAgainRefused() {
		this.honeytokens.insert(new HoneytokenRepository.Honeytoken("ht-1", "a".repeat(64), "label", "wiki", "sec", AT, null, null));

		assertThat(this.honeytokens.live()).extracting(HoneytokenRepository.Honeytoken::id).containsExactly("ht-1");
		assertThat(this.honeytokens.revoke("ht-1", "sec", AT)).isTrue();
		assertThat(this.honeytokens.revoke("ht-1", "sec", AT)).isFalse();
		assertThat(this.honeytokens.live()).isEmpty();
		assertThat(this.honeytokens.findByHash("a".repeat(64)).orElseThrow().revokedBy()).isEqualTo("sec");
	}

}
