package io.keygate.auth.access.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Sends due outbox rows on their channel (the signed webhook, mail, Slack, Teams). A failure
 * (non-2xx, timeout, refused connection, an SMTP error) is retried with doubling backoff until
 * {@code keygate.access.webhook.max-attempts}; the outbox survives restarts. Each attempt's
 * outcome is written to the channel's health record.
 */
public final class WebhookDispatcher {

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	public static final String SIGNATURE_HEADER = "X-Keygate-Signature";

	public static final String TIMESTAMP_HEADER = "X-Keygate-Timestamp";

	private final WebhookOutbox outbox;

	private final WebhookProperties properties;

	private final Map<String, OutboxChannel> channels = new LinkedHashMap<>();

	private final ChannelHealth health;

	private final Clock clock;

	public WebhookDispatcher(WebhookOutbox outbox, WebhookProperties properties, List<OutboxChannel> channels,
			ChannelHealth health, Clock clock) {
		this.outbox = outbox;
		this.properties = properties;
		this.health = health;
		this.clock = clock;
		for (OutboxChannel channel : channels) {
			if (this.channels.putIfAbsent(channel.name(), channel) != null) {
				throw new IllegalStateException("two outbox channels named " + channel.name() + " (this is a bug)");
			}
			if (channel.enabled()) {
				log.info("Notification channel '{}' enabled", channel.name());
			}
		}
	}

	/** The names of the channels that are configured. */
	public List<String> enabledChannels() {
		return this.channels.values().stream().filter(OutboxChannel::enabled).map(OutboxChannel::name).toList();
	}

	@Scheduled(fixedDelayString = "${keygate.access.webhook.poll-interval:PT2S}")
	public void deliverDue() {
		List<String> enabled = enabledChannels();
		if (enabled.isEmpty()) {
			return;
		}
		try {
			Instant now = this.clock.instant();
			for (WebhookOutbox.Delivery delivery : this.outbox.due(now, 20, enabled)) {
				if (this.outbox.claim(delivery, now.plus(this.properties.timeout().multipliedBy(2)))) {
					deliver(delivery);
				}
			}
		}
		catch (RuntimeException ex) {
			// The database may be briefly away; the next tick tries again.
			log.warn("Outbox delivery pass failed: {}", ex.toString());
		}
	}

	private void deliver(WebhookOutbox.Delivery delivery) {
		int attempts = delivery.attempts() + 1;
		OutboxChannel channel = this.channels.get(delivery.channel());
		String error;
		try {
			channel.send(delivery);
			Instant at = this.clock.instant();
			this.outbox.delivered(delivery.id(), attempts, at);
			this.health.succeeded(channel.name(), at);
			return;
		}
		catch (OutboxChannel.DeliveryFailedException ex) {
			error = ex.getMessage();
		}
		catch (RuntimeException ex) {
			error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
		Instant now = this.clock.instant();
		boolean giveUp = attempts >= this.properties.maxAttempts();
		if (giveUp) {
			log.error("Outbox {} event {} ({}) abandoned after {} attempts: {}", delivery.channel(), delivery.id(),
					delivery.type(), attempts, error);
		}
		else {
			log.warn("Outbox {} event {} ({}) attempt {} failed: {}", delivery.channel(), delivery.id(), delivery.type(),
					attempts, error);
		}
		String safeError = error == null ? "unknown error" : error;
		this.outbox.failed(delivery.id(), attempts, now.plus(this.properties.backoffAfter(attempts)), giveUp, safeError, now);
		this.health.failed(channel.name(), now, safeError);
	}

	/** Hex HMAC-SHA256 of {@code timestamp + "." + body}: what a receiver recomputes to check a delivery. */
	public static String sign(String secret, String timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 missing from the JDK (this is a bug)", ex);
		}
	}

}
