package io.keygate.auth.grantstore;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.grantstore.redis.IntegrityAlarm;
import io.keygate.grantstore.redis.IntegrityViolation;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;

/**
 * The auth server's answer to a record in Redis it cannot verify (a forged grant met while revoking
 * or listing live grants, a forged revocation message): a HIGH {@code store.integrity.violation}
 * entry in the chain. Written on a thread of its own, because violations are reported on Lettuce's
 * I/O thread too, which must never wait on the database; bounded, so a flood of forgeries cannot
 * exhaust memory (the store has logged every one of them already).
 */
final class GrantStoreIntegrityAlarm implements IntegrityAlarm, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GrantStoreIntegrityAlarm.class);

	private final AuditLog auditLog;

	private final Clock clock;

	private final ExecutorService writer;

	GrantStoreIntegrityAlarm(AuditLog auditLog, Clock clock) {
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.writer = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), runnable -> {
			Thread thread = new Thread(runnable, "keygate-integrity-alarm");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public void raised(IntegrityViolation violation) {
		AuditEntry entry = AuditEntry.builder(AuditAction.STORE_INTEGRITY_VIOLATION, this.clock.instant())
			.severity(Severity.HIGH)
			.outcome("REFUSED")
			.reason(violation.problem())
			.detail("record", violation.record().name())
			.detail("key", violation.key())
			.detail("raw", violation.raw())
			.build();
		try {
			this.writer.execute(() -> {
				try {
					this.auditLog.append(entry);
				}
				catch (RuntimeException ex) {
					log.error("Could not chain integrity violation {} at {}", violation.record(), violation.key(), ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			log.error("Integrity alarm queue full: violation {} at {} logged only", violation.record(), violation.key());
		}
	}

	@Override
	public void close() {
		this.writer.shutdown();
	}

}
