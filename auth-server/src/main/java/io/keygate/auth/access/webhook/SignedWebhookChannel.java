package io.keygate.auth.access.webhook;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The generic webhook: each POST carries
 * {@code X-Keygate-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>} and
 * {@code X-Keygate-Timestamp}, so the receiver can check origin and refuse replays.
 */
public final class SignedWebhookChannel implements OutboxChannel {

	private final WebhookProperties properties;

	private final Clock clock;

	private final HttpClient http;

	public SignedWebhookChannel(WebhookProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Override
	public String name() {
		return WebhookOutbox.WEBHOOK_CHANNEL;
	}

	@Override
	public boolean enabled() {
		return this.properties.enabled();
	}

	@Override
	public void send(WebhookOutbox.Delivery delivery) throws DeliveryFailedException {
		String timestamp = Long.toString(this.clock.instant().getEpochSecond());
		HttpRequest request = HttpRequest.newBuilder(this.properties.url())
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.header("X-Keygate-Event", delivery.type())
			.header("X-Keygate-Delivery", delivery.id())
			.header(WebhookDispatcher.TIMESTAMP_HEADER, timestamp)
			.header(WebhookDispatcher.SIGNATURE_HEADER,
					"sha256=" + WebhookDispatcher.sign(this.properties.secret(), timestamp, delivery.payload()))
			.POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
			.build();
		post(this.http, request);
	}

	/** Sends and accepts any 2xx; anything else, or no answer, is a failed delivery. */
	public static void post(HttpClient http, HttpRequest request) throws DeliveryFailedException {
		try {
			HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() / 100 != 2) {
				throw new DeliveryFailedException("HTTP " + response.statusCode(), null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeliveryFailedException("interrupted", ex);
		}
		catch (java.io.IOException ex) {
			throw new DeliveryFailedException(ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
		}
	}

}
