package io.keygate.gateway.audit;

import java.util.Objects;

import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditFieldLimits;
import io.keygate.policy.audit.AuditLog;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The embedded mode: decisions go to the shared {@link AuditLog}. {@code append} is synchronous
 * (it may take a lock or touch a disk), so it runs on the bounded elastic scheduler, never on an
 * event-loop thread.
 */
public final class AuditLogDecisionAudit implements DecisionAudit {

	private final AuditLog log;

	public AuditLogDecisionAudit(AuditLog log) {
		this.log = Objects.requireNonNull(log, "log cannot be null");
	}

	@Override
	public Mono<Void> record(AuditEntry entry) {
		return Mono.fromRunnable(() -> this.log.append(AuditFieldLimits.fit(entry))).subscribeOn(Schedulers.boundedElastic()).then();
	}

}
