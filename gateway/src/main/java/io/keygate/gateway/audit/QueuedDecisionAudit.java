package io.keygate.gateway.audit;

import java.util.Objects;

import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditFieldLimits;
import io.keygate.policy.audit.AuditSink;
import reactor.core.publisher.Mono;

/**
 * The embedded mode: decisions go into the auth server's audit queue in the same JVM
 * ({@link AuditSink}), which one writer chains in blocks. Submitting only offers to a bounded
 * queue, so it runs on the calling (event-loop) thread and never waits for the chain's lock; a
 * full queue errors with {@code AuditBackpressureException} and the request is denied.
 */
public final class QueuedDecisionAudit implements DecisionAudit {

	private final AuditSink sink;

	public QueuedDecisionAudit(AuditSink sink) {
		this.sink = Objects.requireNonNull(sink, "sink cannot be null");
	}

	@Override
	public Mono<Void> record(AuditEntry entry) {
		return Mono.fromRunnable(() -> this.sink.submit(AuditFieldLimits.fit(entry)));
	}

}
