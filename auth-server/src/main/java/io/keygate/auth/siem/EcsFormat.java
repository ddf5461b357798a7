package io.keygate.auth.siem;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.detection.ClientNetwork;
import tools.jackson.databind.json.JsonMapper;

/**
 * One chained audit event as one JSON line in Elastic Common Schema field names, flat dotted keys
 * as the ECS logging libraries write them. ECS fields where ECS has one ({@code event.*},
 * {@code user.name}, {@code organization.name}, {@code source.ip}, {@code url.path},
 * {@code http.*}, {@code threat.*}, {@code message}); everything else under {@code keygate.*},
 * including the chain hashes so a SIEM copy can be checked against the chain. An alert
 * ({@code alert.raised}, or any event carrying {@code alert.explanation}) has
 * {@code event.kind: alert} and its explanation as {@code message}.
 */
public final class EcsFormat {

	public static final String ECS_VERSION = "8.11.0";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Details that have an ECS field of their own and are not repeated under {@code keygate.details}. */
	private static final Set<String> MAPPED_DETAILS = Set.of("path", "method", "status", "threat.technique.id", "alert.id",
			"alert.explanation", "alert.events");

	private static final Set<String> FAILURES = Set.of("deny", "denied", "refused", "failed", "failure", "rejected");

	private EcsFormat() {
	}

	public static String line(AuditEvent event) {
		return JSON.writeValueAsString(fields(event));
	}

	public static Map<String, Object> fields(AuditEvent event) {
		AuditEntry entry = event.entry();
		Map<String, String> details = entry.details();
		boolean alert = AuditAction.ALERT_RAISED.action().equals(entry.action()) || details.containsKey("alert.explanation");
		Map<String, Object> ecs = new LinkedHashMap<>();
		ecs.put("@timestamp", entry.at().toString());
		ecs.put("ecs.version", ECS_VERSION);
		ecs.put("message", alert && !details.getOrDefault("alert.explanation", "").isEmpty() ? details.get("alert.explanation")
				: message(entry));
		ecs.put("event.kind", alert ? "alert" : "event");
		ecs.put("event.module", "keygate");
		ecs.put("event.dataset", "keygate.audit");
		ecs.put("event.action", entry.action());
		ecs.put("event.outcome", outcome(entry.outcome()));
		ecs.put("event.sequence", event.sequence());
		ecs.put("event.severity", severity(entry.severity()));
		ecs.put("event.hash", event.hash());
		putIfPresent(ecs, "event.reason", entry.reason());
		putIfPresent(ecs, "user.name", entry.actor());
		putIfPresent(ecs, "organization.name", entry.organisation());
		if (ClientNetwork.of(entry.clientAddress()).isPresent()) {
			ecs.put("source.ip", entry.clientAddress());
		}
		else {
			putIfPresent(ecs, "keygate.client_address", entry.clientAddress());
		}
		putIfPresent(ecs, "url.path", details.get("path"));
		putIfPresent(ecs, "http.request.method", details.get("method"));
		String status = details.getOrDefault("status", "");
		if (status.matches("\\d{1,3}")) {
			ecs.put("http.response.status_code", Integer.parseInt(status));
		}
		else {
			putIfPresent(ecs, "keygate.details.status", status);
		}
		String technique = details.getOrDefault("threat.technique.id", "");
		if (!technique.isEmpty()) {
			ecs.put("threat.framework", "MITRE ATT&CK");
			ecs.put("threat.technique.id", technique);
		}
		putIfPresent(ecs, "keygate.alert.id", details.get("alert.id"));
		putIfPresent(ecs, "keygate.alert.events", details.get("alert.events"));
		putIfPresent(ecs, "keygate.target.id", entry.targetId());
		putIfPresent(ecs, "keygate.grant.id", entry.grantId());
		putIfPresent(ecs, "keygate.request.id", entry.requestId());
		putIfPresent(ecs, "keygate.outcome", entry.outcome());
		ecs.put("keygate.severity", entry.severity().name());
		ecs.put("keygate.chain.previous_hash", event.previousHash());
		details.forEach((key, value) -> {
			if (!MAPPED_DETAILS.contains(key)) {
				ecs.put("keygate.details." + key, value);
			}
		});
		return ecs;
	}

	/** ECS allows success, failure and unknown; Keygate's own word is kept in {@code keygate.outcome}. */
	static String outcome(String outcome) {
		if (outcome.isBlank()) {
			return "unknown";
		}
		return FAILURES.contains(outcome.toLowerCase(Locale.ROOT)) ? "failure" : "success";
	}

	/** ECS {@code event.severity} is a number; higher is worse. */
	static int severity(Severity severity) {
		return switch (severity) {
			case INFO -> 1;
			case WARNING -> 2;
			case HIGH -> 3;
			case CRITICAL -> 4;
		};
	}

	private static String message(AuditEntry entry) {
		StringBuilder message = new StringBuilder(entry.action());
		if (!entry.outcome().isEmpty()) {
			message.append(' ').append(entry.outcome());
		}
		if (!entry.reason().isEmpty()) {
			message.append(" (").append(entry.reason()).append(')');
		}
		if (!entry.actor().isEmpty()) {
			message.append(" by ").append(entry.actor());
		}
		if (!entry.targetId().isEmpty()) {
			message.append(" on ").append(entry.targetId());
		}
		return message.toString();
	}

	private static void putIfPresent(Map<String, Object> ecs, String key, String value) {
		if (value != null && !value.isEmpty()) {
			ecs.put(key, value);
		}
	}

}
