package io.keygate.policy.audit;

/**
 * Takes entries for the chain without waiting for it. {@link #submit} returns once the entry is
 * accepted (into a bounded queue or a durable spool) and throws otherwise:
 * {@link AuditBackpressureException} when the pipeline is over its bound, any other exception when
 * it cannot take entries at all. A caller that must not act unaudited (the gateway) denies when it throws.
 */
public interface AuditSink {

	void submit(AuditEntry entry);

}
