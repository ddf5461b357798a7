package io.keygate.auth.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.detection.AlertingEventDetector;
import io.keygate.policy.detection.Detector;
import io.keygate.policy.detection.Finding;
import io.keygate.policy.detection.StrictOrganisations;

/**
 * Tails the audit chain and turns what the detectors find into alerts. Every chained event,
 * whatever wrote it (a portal action, the embedded gateway's queue, the distributed gateways'
 * Redis Stream consumer), passes here once, in sequence order, to every {@link Detector} in their
 * order.
 * <p>
 * A pass locks the cursor row, reads the next batch, stores its alerts (and chains their
 * {@code alert.raised} events) and moves the cursor, in one transaction: a crash or a second
 * replica neither loses nor repeats an event. Findings made on an {@code alert.raised} event are
 * dropped, so an alert never raises another. The automatic cut-off of a trip runs after the
 * commit, from the alerts marked {@code PENDING}, and is retried until it succeeds or gives up.
 * <p>
 * Detector memory lives in this process: after a restart, or when another replica ran the pass,
 * windows start afresh from the cursor (the pure detectors cannot be fed the same event twice).
 */
public final class DetectionRunner {

	private static final Logger log = LoggerFactory.getLogger(DetectionRunner.class);

	private final JdbcAuditLog chain;

	private final DetectionCursor cursor;

	private final AlertRepository alerts;

	private final AlertRaising raising;

	private final IntruderResponse response;

	private final JdbcStrictOrganisations strict;

	private final List<Detector> detectors;

	private final TransactionTemplate tx;

	private final AlertProperties properties;

	private final Clock clock;

	public DetectionRunner(JdbcAuditLog chain, DetectionCursor cursor, AlertRepository alerts, AlertRaising raising,
			IntruderResponse response, JdbcStrictOrganisations strict, List<Detector> detectors, TransactionTemplate tx,
			AlertProperties properties, Clock clock) {
		this.chain = chain;
		this.cursor = cursor;
		this.alerts = alerts;
		this.raising = raising;
		this.response = response;
		this.strict = strict;
		this.detectors = List.copyOf(detectors);
		this.tx = tx;
		this.properties = properties;
		this.clock = clock;
		log.info("Detection runner: detectors {} every {}", this.detectors.stream().map(Detector::id).toList(),
				properties.pollInterval());
	}

	/** Catches up with the chain (a bounded number of batches per tick), then carries out pending cut-offs. */
	public void tick() {
		try {
			for (int i = 0; i < this.properties.maxBatchesPerTick(); i++) {
				if (pass() < this.properties.batchSize()) {
					break;
				}
			}
		}
		catch (RuntimeException ex) {
			// The database may be briefly away; nothing moved, the next tick reads the same events.
			log.warn("Detection pass failed; retrying next tick: {}", ex.toString());
		}
		respondToTrips();
	}

	/** One batch; returns how many events it read. */
	public int pass() {
		Integer read = this.tx.execute(status -> {
			long after = this.cursor.lock();
			List<AuditEvent> events = this.chain.eventsAfter(after, this.properties.batchSize());
			if (events.isEmpty()) {
				return 0;
			}
			StrictOrganisations strictness = this.strict.snapshot();
			for (AuditEvent event : events) {
				observe(event, strictness);
			}
			this.cursor.advance(events.get(events.size() - 1).sequence());
			return events.size();
		});
		return Objects.requireNonNullElse(read, 0);
	}

	private void observe(AuditEvent event, StrictOrganisations strictness) {
		boolean ownAlert = AuditAction.ALERT_RAISED.action().equals(event.entry().action());
		boolean trip = IntruderResponse.isTrip(event);
		for (Detector detector : this.detectors) {
			List<Finding> findings;
			try {
				findings = detector.observe(event, strictness.at(event.entry().organisation(), event.entry().at()));
			}
			catch (RuntimeException ex) {
				// One broken detector must not blind the others, nor stop the chain being read.
				log.error("Detector {} failed on event #{}; skipped", detector.id(), event.sequence(), ex);
				continue;
			}
			if (ownAlert) {
				if (findings != null && !findings.isEmpty()) {
					log.debug("Detector {} found something in alert.raised #{}: dropped", detector.id(), event.sequence());
				}
				continue;
			}
			for (Finding finding : findings == null ? List.<Finding>of() : findings) {
				boolean respond = trip && AlertingEventDetector.ID.equals(finding.detector());
				Instant now = this.clock.instant();
				AlertRepository.Raised raised = this.alerts.raise(finding, respond, now);
				if (raised.opened()) {
					this.raising.announce(this.alerts.find(raised.alertId()).orElseThrow());
				}
			}
		}
	}

	/** Carries out the cut-offs of trips: after the pass committed, so a failure here never re-reads events. */
	public void respondToTrips() {
		List<Alert> pending;
		try {
			pending = this.alerts.pendingResponses(20);
		}
		catch (RuntimeException ex) {
			log.warn("Pending trip responses cannot be read: {}", ex.toString());
			return;
		}
		for (Alert alert : pending) {
			try {
				List<String> done = this.response.respond(alert);
				this.tx.executeWithoutResult(status -> {
					Instant now = this.clock.instant();
					for (String line : done) {
						this.alerts.recordAction(alert.id(), line, IntruderResponse.DETECTION.subject(), now);
					}
					this.alerts.responded(alert.id(), "DONE");
				});
			}
			catch (RuntimeException ex) {
				int attempts = this.alerts.responseFailed(alert.id());
				if (attempts >= this.properties.maxResponseAttempts()) {
					log.error("Cutting off {} for alert {} failed {} times; giving up, a security admin must act", alert.actor(),
							alert.id(), attempts, ex);
					this.alerts.recordAction(alert.id(), "Automatic cut-off failed " + attempts + " times: " + ex.getMessage()
							+ ". Act from this page.", IntruderResponse.DETECTION.subject(), this.clock.instant());
					this.alerts.responded(alert.id(), "FAILED");
				}
				else {
					log.warn("Cutting off {} for alert {} failed (attempt {}); retrying: {}", alert.actor(), alert.id(), attempts,
							ex.toString());
				}
			}
		}
	}

}
