package io.keygate.auth.enrollment;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.keygate.auth.access.webhook.WebhookEvent;
import io.keygate.auth.access.webhook.WebhookOutbox;

/**
 * Alerts for identity events that separation of duties depends on (privileged enrollment,
 * re-enrollment, the single-admin bootstrap, enabling an account): posted to the webhook through
 * its outbox, in the caller's transaction, and logged at WARN so an operator without a webhook
 * sees them too.
 */
@Component
public class IdentityAlerts {

	private static final Logger log = LoggerFactory.getLogger(IdentityAlerts.class);

	private final ObjectProvider<WebhookOutbox> webhook;

	public IdentityAlerts(ObjectProvider<WebhookOutbox> webhook) {
		this.webhook = webhook;
	}

	public void raise(WebhookEvent event, Map<String, ?> data) {
		log.warn("identity alert {}: {}", event.type(), data);
		WebhookOutbox outbox = this.webhook.getIfAvailable();
		if (outbox != null) {
			outbox.enqueue(event, data);
		}
	}

}
