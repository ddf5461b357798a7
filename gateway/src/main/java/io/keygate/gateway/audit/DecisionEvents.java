package io.keygate.gateway.audit;

import java.time.Instant;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.Severity;

/**
 * The audit actions the gateway writes, as the dotted names consumers and tests match on (the
 * constants of {@link AuditAction} are the one list).
 */
public final class DecisionEvents {

	/** One per request, before anything is forwarded: who, what, the decision and why. */
	public static final String DECISION = AuditAction.ACCESS_DECISION.action();

	/** One per forwarded request, when it ends: status, bytes, duration. */
	public static final String COMPLETED = AuditAction.ACCESS_COMPLETED.action();

	/** A live session (WebSocket or stream) closed because its grant ended. */
	public static final String SESSION_CLOSED = AuditAction.ACCESS_SESSION_CLOSED.action();

	private DecisionEvents() {
	}

	public static AuditEntry.Builder decision(Instant at, String subject, String organisation, String target,
			String method, String path, String client) {
		return AuditEntry.builder(AuditAction.ACCESS_DECISION, at)
			.actor(subject)
			.organisation(organisation)
			.target(target)
			.clientAddress(client)
			.severity(Severity.INFO)
			.detail("method", method)
			.detail("path", path);
	}

}
