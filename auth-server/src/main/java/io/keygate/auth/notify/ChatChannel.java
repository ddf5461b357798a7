package io.keygate.auth.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.keygate.auth.access.webhook.OutboxChannel;
import io.keygate.auth.access.webhook.SignedWebhookChannel;
import io.keygate.auth.access.webhook.WebhookOutbox;

/**
 * A chat incoming webhook (Slack or Teams): the row's payload is the JSON body that service
 * accepts, rendered when the message was queued. The URL is the secret (whoever holds it can post),
 * so it is never logged.
 */
public final class ChatChannel implements OutboxChannel {

	public static final String SLACK = "slack";

	public static final String TEAMS = "teams";

	private final String name;

	private final URI url;

	private final Duration timeout;

	private final HttpClient http;

	public ChatChannel(String name, NotifyProperties.Chat properties) {
		this.name = name;
		this.url = properties.url();
		this.timeout = properties.timeout();
		this.http = HttpClient.newBuilder().connectTimeout(this.timeout).followRedirects(HttpClient.Redirect.NEVER).build();
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public boolean enabled() {
		return this.url != null;
	}

	@Override
	public void send(WebhookOutbox.Delivery delivery) throws DeliveryFailedException {
		SignedWebhookChannel.post(this.http, HttpRequest.newBuilder(this.url)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
			.build());
	}

}
