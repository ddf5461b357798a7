package io.keygate.auth.siem;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

/**
 * Tails the audit chain into each SIEM sink with the sink's own cursor. A batch goes to the sink
 * first and the cursor moves after; at start the cursor is the larger of the stored one and what
 * the destination says it holds, so a crash between the two repeats nothing, and nothing is
 * skipped because the cursor never passes what a sink took. A sink that cannot take a batch
 * (the syslog spool is full) is simply retried later: the chain holds the events meanwhile. That
 * is raised once per episode as {@code siem.spool.full}, an alert.
 */
public final class SiemExporter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SiemExporter.class);

	private final JdbcAuditLog audit;

	private final ExportCursors cursors;

	private final List<SiemSink> sinks;

	private final Duration pollInterval;

	private final int batch;

	private final Clock clock;

	private final Map<String, Long> positions = new ConcurrentHashMap<>();

	private final Map<String, Boolean> full = new ConcurrentHashMap<>();

	private ScheduledExecutorService executor;

	SiemExporter(JdbcAuditLog audit, ExportCursors cursors, List<SiemSink> sinks, Duration pollInterval, int batch, Clock clock) {
		this.audit = audit;
		this.cursors = cursors;
		this.sinks = List.copyOf(sinks);
		this.pollInterval = pollInterval;
		this.batch = batch;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		// Positions are read again from the cursors and the destinations.
		this.positions.clear();
		this.full.clear();
		for (SiemSink sink : this.sinks) {
			if (sink instanceof SyslogSink syslog) {
				syslog.start();
			}
		}
		this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "keygate-siem-export");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::exportAll, 0, this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdown();
			try {
				this.executor.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
		this.sinks.forEach(SiemSink::close);
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/** One pass: every sink is brought up to the chain head, batch by batch, or as far as it takes. */
	void exportAll() {
		for (SiemSink sink : this.sinks) {
			try {
				export(sink);
			}
			catch (Exception ex) {
				// Next pass retries from the cursor: nothing is skipped.
				log.error("SIEM export to {} failed; retrying from #{}", sink.name(), this.positions.get(sink.name()), ex);
			}
		}
	}

	private void export(SiemSink sink) throws Exception {
		Long position = this.positions.get(sink.name());
		if (position == null) {
			long stored = this.cursors.get(sink.name());
			long held = sink.deliveredThrough();
			position = Math.max(stored, held);
			if (held > stored) {
				log.info("SIEM export to {} resumes after #{} (its destination holds more than the stored cursor #{})", sink.name(),
						held, stored);
				this.cursors.advance(sink.name(), held);
			}
			this.positions.put(sink.name(), position);
		}
		while (true) {
			List<AuditEvent> events = this.audit.eventsAfter(position, this.batch);
			if (events.isEmpty()) {
				return;
			}
			List<String> lines = events.stream().map(EcsFormat::line).toList();
			int taken = sink.accept(events, lines);
			if (taken > 0) {
				position = events.get(taken - 1).sequence();
				this.cursors.advance(sink.name(), position);
				this.positions.put(sink.name(), position);
			}
			if (taken < events.size()) {
				spoolFull(sink);
				return;
			}
			if (Boolean.TRUE.equals(this.full.put(sink.name(), false))) {
				log.info("SIEM export to {} is taking events again from #{}", sink.name(), events.get(0).sequence());
			}
		}
	}

	private void spoolFull(SiemSink sink) {
		if (Boolean.TRUE.equals(this.full.put(sink.name(), true))) {
			return;
		}
		String explanation = "The SIEM " + sink.name() + " spool is full, so audit events are no longer leaving Keygate for the "
				+ "SIEM; they wait in the audit chain until the collector takes them again.";
		log.error(explanation);
		this.audit.append(AuditEntry.builder(AuditAction.SIEM_SPOOL_FULL, this.clock.instant())
			.actor("keygate")
			.outcome("refused")
			.reason("SPOOL_FULL")
			.severity(Severity.HIGH)
			.detail("alert.explanation", explanation)
			// Blinding the SIEM (cutting the collector off) is how an intruder hides: ATT&CK T1562.006, Indicator Blocking.
			.detail("threat.technique.id", "T1562.006")
			.detail("sink", sink.name())
			.detail("exportedThrough", this.positions.get(sink.name()))
			.build());
	}

	/** The last sequence exported to {@code sink}, for tests and the health of the export. */
	long position(String sink) {
		return this.positions.getOrDefault(sink, 0L);
	}

}
