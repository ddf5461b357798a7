package io.keygate.infra.quickstart;

import java.util.concurrent.atomic.AtomicReference;

import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.AuditLog;

/**
 * The gateway's audit sink in the embedded mode: forwards every decision into the auth server's
 * durable, hash-chained audit log, so the admin sees portal actions and gateway decisions in one
 * chain. The auth server's log lives in the auth server's context, which the parent cannot see,
 * so the quickstart connects the relay once that context is up. Until then appending throws,
 * and a gateway that cannot audit denies (fail closed).
 */
public final class AuditLogRelay implements AuditLog {

	private final AtomicReference<AuditLog> target = new AtomicReference<>();

	void connect(AuditLog log) {
		if (!this.target.compareAndSet(null, log)) {
			throw new IllegalStateException("audit relay connected twice (this is a bug)");
		}
	}

	@Override
	public AuditEvent append(AuditEntry entry) {
		AuditLog log = this.target.get();
		if (log == null) {
			throw new IllegalStateException("the auth server's audit log is not connected yet");
		}
		return log.append(entry);
	}

	/** Where entries go, when connected. */
	public AuditLog target() {
		return this.target.get();
	}

}
