package io.keygate.infra.quickstart;

import java.util.concurrent.atomic.AtomicReference;

import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditSink;

/**
 * The gateway's audit sink in the embedded mode: hands every decision to the auth server's audit
 * queue, which chains it in blocks into the durable, hash-chained audit log, so the admin sees
 * portal actions and gateway decisions in one chain. The queue lives in the auth server's context,
 * which the parent cannot see, so the quickstart connects the relay once that context is up. Until
 * then submitting throws, and a gateway that cannot audit denies (fail closed).
 */
public final class AuditLogRelay implements AuditSink {

	private final AtomicReference<AuditSink> target = new AtomicReference<>();

	void connect(AuditSink sink) {
		if (!this.target.compareAndSet(null, sink)) {
			throw new IllegalStateException("audit relay connected twice (this is a bug)");
		}
	}

	@Override
	public void submit(AuditEntry entry) {
		AuditSink sink = this.target.get();
		if (sink == null) {
			throw new IllegalStateException("the auth server's audit queue is not connected yet");
		}
		sink.submit(entry);
	}

	/** Where entries go, when connected. */
	public AuditSink target() {
		return this.target.get();
	}

}
