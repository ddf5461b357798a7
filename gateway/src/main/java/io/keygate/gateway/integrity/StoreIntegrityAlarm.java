package io.keygate.gateway.integrity;

import java.time.Clock;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.grantstore.redis.IntegrityAlarm;
import io.keygate.grantstore.redis.IntegrityViolation;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.Severity;

/**
 * The gateway's answer to a record in Redis it cannot verify (the store has refused it and logged it):
 * a HIGH audit entry {@code store.integrity.violation} in the chain, and the counter
 * {@code keygate_gateway_store_integrity_violations_total{record=...}} for monitoring to page on.
 * Someone other than Keygate writes to Redis, or a process runs with other integrity keys: both need
 * a human now.
 */
public final class StoreIntegrityAlarm implements IntegrityAlarm {

	private static final Logger log = LoggerFactory.getLogger(StoreIntegrityAlarm.class);

	private final DecisionAudit audit;

	private final MeterRegistry meters;

	private final Clock clock;

	public StoreIntegrityAlarm(DecisionAudit audit, MeterRegistry meters, Clock clock) {
		this.audit = Objects.requireNonNull(audit, "audit cannot be null");
		this.meters = Objects.requireNonNull(meters, "meters cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public void raised(IntegrityViolation violation) {
		Counter.builder("keygate.gateway.store.integrity.violations")
			.description("Records read from Redis that failed verification (forged, altered or signed with an unknown key)")
			.tag("record", violation.record().name())
			.register(this.meters)
			.increment();
		AuditEntry entry = AuditEntry.builder(AuditAction.STORE_INTEGRITY_VIOLATION, this.clock.instant())
			.severity(Severity.HIGH)
			.outcome("REFUSED")
			.reason(violation.problem())
			.detail("record", violation.record().name())
			.detail("key", violation.key())
			.detail("raw", violation.raw())
			.build();
		// Not on the request's path: the request was already denied; the alarm must not wait on the audit sink.
		this.audit.record(entry)
			.subscribe(null, ex -> log.error("Could not audit integrity violation {} at {}: {}", violation.record(),
					violation.key(), ex.toString()));
	}

}
