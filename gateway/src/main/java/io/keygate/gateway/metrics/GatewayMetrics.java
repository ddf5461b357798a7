package io.keygate.gateway.metrics;

import java.util.EnumMap;
import java.util.Map;

import io.keygate.gateway.session.LiveSession;
import io.keygate.gateway.session.LiveSessionRegistry;
import io.keygate.policy.decision.DenyReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gateway's own meters (Prometheus names in brackets): decisions by outcome and reason
 * ({@code keygate_gateway_decisions_total}), audit failures ({@code keygate_gateway_audit_failures_total})
 * and live sessions by kind ({@code keygate_gateway_live_sessions}). Revocation-to-close latency is
 * recorded by the revocation watcher, the cache hit ratio by the grant cache.
 */
public final class GatewayMetrics {

	private final Counter allowed;

	private final Map<DenyReason, Counter> denied = new EnumMap<>(DenyReason.class);

	private final Counter auditFailures;

	public GatewayMetrics(MeterRegistry meters, LiveSessionRegistry sessions) {
		this.allowed = Counter.builder("keygate.gateway.decisions")
			.description("Access decisions by outcome and reason")
			.tag("outcome", "allow")
			.tag("reason", "NONE")
			.register(meters);
		for (DenyReason reason : DenyReason.values()) {
			this.denied.put(reason, Counter.builder("keygate.gateway.decisions")
				.description("Access decisions by outcome and reason")
				.tag("outcome", "deny")
				.tag("reason", reason.name())
				.register(meters));
		}
		this.auditFailures = Counter.builder("keygate.gateway.audit.failures")
			.description("Audit events that could not be recorded (decision events deny the request)")
			.register(meters);
		for (LiveSession.Kind kind : LiveSession.Kind.values()) {
			Gauge.builder("keygate.gateway.live.sessions", sessions, registry -> registry.count(kind))
				.description("Open WebSockets and in-flight responses held by a grant")
				.tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
				.register(meters);
		}
	}

	public void allowed() {
		this.allowed.increment();
	}

	public void denied(DenyReason reason) {
		this.denied.get(reason).increment();
	}

	public void auditFailed() {
		this.auditFailures.increment();
	}

}
