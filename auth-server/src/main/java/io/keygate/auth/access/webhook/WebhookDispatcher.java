package io.keygate.auth.access.webhook;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Posts outbox events to the configured URL. Each POST carries
 * {@code X-Keygate-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>} and
 * {@code X-Keygate-Timestamp}, so the receiver can check origin and refuse replays. A failure
 * (non-2xx, timeout, refused connection) is retried with doubling backoff until
 * {@code max-attempts}; the outbox survives restarts.
 */
public final class WebhookDispatcher {

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	public static final String SIGNATURE_HEADER = "X-Keygate-Signature";

	public static final String TIMESTAMP_HEADER = "X-Keygate-Timestamp";

	private final WebhookOutbox outbox;

	private final WebhookProperties properties;

	private final Clock clock;

	private final HttpClient http;

	public WebhookDispatcher(WebhookOutbox outbox, WebhookProperties properties, Clock clock) {
		this.outbox = outbox;
		this.properties = properties;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		if (properties.enabled()) {
			log.info("Webhook enabled: events are posted to {}", properties.url());
		}
	}

	@Scheduled(fixedDelayString = "${keygate.access.webhook.poll-interval:PT2S}")
	public void deliverDue() {
		if (!this.properties.enabled()) {
			return;
		}
		try {
			Instant now = this.clock.instant();
			for (WebhookOutbox.Delivery delivery : this.outbox.due(now, 20)) {
				if (this.outbox.claim(delivery, now.plus(this.properties.timeout().multipliedBy(2)))) {
					deliver(delivery);
				}
			}
		}
		catch (RuntimeException ex) {
			// The database may be briefly away; the next tick tries again.
			log.warn("Webhook delivery pass failed: {}", ex.toString());
		}
	}

	private void deliver(WebhookOutbox.Delivery delivery) {
		int attempts = delivery.attempts() + 1;
		String timestamp = Long.toString(this.clock.instant().getEpochSecond());
		String error;
		try {
			HttpRequest request = HttpRequest.newBuilder(this.properties.url())
				.timeout(this.properties.timeout())
				.header("Content-Type", "application/json")
				.header("X-Keygate-Event", delivery.type())
				.header("X-Keygate-Delivery", delivery.id())
				.header(TIMESTAMP_HEADER, timestamp)
				.header(SIGNATURE_HEADER, "sha256=" + sign(this.properties.secret(), timestamp, delivery.payload()))
				.POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
				.build();
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() / 100 == 2) {
				this.outbox.delivered(delivery.id(), attempts, this.clock.instant());
				return;
			}
			error = "HTTP " + response.statusCode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			error = "interrupted";
		}
		catch (java.io.IOException | RuntimeException ex) {
			error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
		Instant now = this.clock.instant();
		boolean giveUp = attempts >= this.properties.maxAttempts();
		if (giveUp) {
			log.error("Webhook event {} ({}) abandoned after {} attempts: {}", delivery.id(), delivery.type(), attempts, error);
		}
		else {
			log.warn("Webhook event {} ({}) attempt {} failed: {}", delivery.id(), delivery.type(), attempts, error);
		}
		this.outbox.failed(delivery.id(), attempts, now.plus(this.properties.backoffAfter(attempts)), giveUp, error, now);
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
