package io.keygate.gateway.access;

import java.net.InetSocketAddress;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.gateway.metrics.GatewayMetrics;
import io.keygate.gateway.session.SessionBinding;
import io.keygate.gateway.transcript.CapturedBody;
import io.keygate.gateway.transcript.TranscriptSessionId;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.grant.Grant;

/**
 * The {@code access.completed} event of a forwarded request (status, bytes, duration, the
 * transcript's session link and any captured body), and the per-request facts the decision event
 * shares with it. Kept apart from {@link AccessDecisionFilter}, whose job is the decision.
 */
final class CompletionAudit {

	private static final Logger log = LoggerFactory.getLogger(CompletionAudit.class);

	private final DecisionAudit audit;

	private final GatewayMetrics metrics;

	private final Clock clock;

	CompletionAudit(DecisionAudit audit, GatewayMetrics metrics, Clock clock) {
		this.audit = audit;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Best effort by necessity: the response is already on its way, so a failure here cannot deny
	 * anything. It is logged and counted; the decision itself was recorded before forwarding.
	 */
	void record(ServerWebExchange exchange, Identity identity, String targetId, Grant grant, String path,
			int status, long bytes, long started) {
		long durationMicros = (System.nanoTime() - started) / 1000;
		AuditEntry.Builder builder = AuditEntry.builder(AuditAction.ACCESS_COMPLETED, this.clock.instant())
			.actor(identity.subject())
			.organisation(identity.organisation())
			.target(targetId)
			.grant(grant.id())
			.outcome("allow")
			.clientAddress(clientAddress(exchange))
			.detail("method", exchange.getRequest().getMethod().name())
			.detail("path", path)
			.detail("status", status)
			.detail("bytes", bytes)
			.detail("durationMicros", durationMicros)
			.detail(TranscriptSessionId.DETAIL, transcriptSession(exchange));
		CapturedBody body = CapturedBody.of(exchange);
		if (body != null) {
			body.details().forEach(builder::detail);
		}
		this.audit.record(builder.build()).subscribe(null, ex -> {
			this.metrics.auditFailed();
			log.error("Audit of completed {} on {} (grant {}) failed", path, targetId, grant.id(), ex);
		});
	}

	/** The transcript's link between the requests of one browser session: a hash, never the session id itself. */
	static String transcriptSession(ServerWebExchange exchange) {
		SessionBinding binding = SessionBinding.of(exchange);
		if (binding == null) {
			return "";
		}
		// Hashed once per request: the decision and the completion carry the same value.
		return (String) exchange.getAttributes()
			.computeIfAbsent(TranscriptSessionId.DETAIL_ATTRIBUTE, key -> TranscriptSessionId.of(binding.browserSession()));
	}

	static String clientAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress();
	}

}
