package io.keygate.gateway.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.InMemoryAuditLog;

/**
 * The real in-memory audit log, plus a switch that makes it refuse appends the way a full disk or
 * an unreachable store would, to prove the gateway then denies instead of forwarding unaudited.
 */
public final class RecordingAuditLog implements AuditLog {

	private final InMemoryAuditLog delegate = new InMemoryAuditLog();

	private final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

	private volatile boolean failing;

	@Override
	public AuditEvent append(AuditEntry entry) {
		if (this.failing) {
			throw new IllegalStateException("audit log unavailable (test)");
		}
		AuditEvent event = this.delegate.append(entry);
		this.entries.add(entry);
		return event;
	}

	public void failing(boolean failing) {
		this.failing = failing;
	}

	public List<AuditEntry> entries() {
		return List.copyOf(this.entries);
	}

}
