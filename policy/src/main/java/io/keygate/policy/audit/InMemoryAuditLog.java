package io.keygate.policy.audit;

import java.util.ArrayList;
import java.util.List;

/** The audit log of the embedded mode's tests and of the policy module itself: chained, in memory. */
public final class InMemoryAuditLog implements AuditLog {

	private final AuditChain chain = AuditChain.empty();

	private final List<AuditEvent> events = new ArrayList<>();

	@Override
	public synchronized AuditEvent append(AuditEntry entry) {
		AuditEvent event = this.chain.append(entry);
		this.events.add(event);
		return event;
	}

	public synchronized List<AuditEvent> events() {
		return List.copyOf(this.events);
	}

}
