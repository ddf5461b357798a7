package io.keygate.gateway.audit;

import java.time.Instant;

import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.Severity;

/** The two audit actions the gateway writes, so consumers and tests spell them one way. */
public final class DecisionEvents {

	/** One per request, before anything is forwarded: who, what, the decision and why. */
	public static final String DECISION = "access.decision";

	/** One per forwarded request, when it ends: status, bytes, duration. */
	public static final String COMPLETED = "access.completed";

	/** A live session (WebSocket or stream) closed because its grant ended. */
	public static final String SESSION_CLOSED = "access.session.closed";

	private DecisionEvents() {
	}

	public static AuditEntry.Builder decision(Instant at, String subject, String organisation, String target,
			String method, String path, String client) {
		return AuditEntry.builder(DECISION, at)
			.actor(subject)
			.organisation(organisation)
			.target(target)
			.clientAddress(client)
			.severity(Severity.INFO)
			.detail("method", method)
			.detail("path", path);
	}

}
