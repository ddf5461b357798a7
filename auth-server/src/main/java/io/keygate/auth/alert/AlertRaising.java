package io.keygate.auth.alert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

import io.keygate.auth.access.webhook.WebhookOutbox;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.detection.AlertingEventDetector;

/**
 * Tells the world an alert was opened: an {@code alert.raised} event in the chain (the SIEM export
 * and the evidence read it; its keys are the contract {@value #ALERT_ID}, {@code threat.technique.id},
 * {@code alert.explanation}, {@value #EVENTS}) and a signed webhook page, both in the runner's
 * transaction, so neither is sent for an alert that was rolled back nor lost for one that was kept.
 */
public final class AlertRaising {

	private static final Logger log = LoggerFactory.getLogger(AlertRaising.class);

	public static final String ALERT_ID = "alert.id";

	public static final String EVENTS = "alert.events";

	/** The webhook event type receivers route on. */
	public static final String WEBHOOK_TYPE = "alert.raised";

	private final AuditLog audit;

	private final ObjectProvider<WebhookOutbox> webhook;

	public AlertRaising(AuditLog audit, ObjectProvider<WebhookOutbox> webhook) {
		this.audit = audit;
		this.webhook = webhook;
	}

	public void announce(Alert alert) {
		String events = alert.eventSequences().stream().map(String::valueOf).collect(Collectors.joining(","));
		this.audit.append(AuditEntry.builder(AuditAction.ALERT_RAISED, alert.openedAt())
			.actor(alert.actor())
			.organisation(alert.organisation())
			.target(alert.targetId())
			.outcome(alert.state().name())
			.reason(alert.detector())
			.severity(alert.severity())
			.detail(ALERT_ID, alert.id())
			.detail("alert.detector", alert.detector())
			.detail(AlertingEventDetector.TECHNIQUE, alert.techniqueId())
			.detail(AlertingEventDetector.EXPLANATION, alert.explanation())
			.detail(EVENTS, events)
			.build());
		log.warn("Alert {} {} {} ({}): {}", alert.id(), alert.severity(), alert.techniqueId(), alert.detector(),
				alert.explanation());
		WebhookOutbox outbox = this.webhook.getIfAvailable();
		if (outbox != null) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put(ALERT_ID, alert.id());
			data.put("severity", alert.severity().name());
			data.put(AlertingEventDetector.TECHNIQUE, alert.techniqueId());
			data.put(AlertingEventDetector.EXPLANATION, alert.explanation());
			data.put("actor", alert.actor());
			data.put("organisation", alert.organisation());
			data.put("target", alert.targetId());
			data.put(EVENTS, alert.eventSequences());
			outbox.enqueue(WEBHOOK_TYPE, data);
		}
	}

}
