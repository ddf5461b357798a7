package io.keygate.auth.access.webhook;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code keygate.access.webhook.*}: where approvers get paged. Off unless {@code url} is set; when
 * it is, {@code secret} (the HMAC-SHA256 key, at least 32 characters) is required, because an
 * unsigned page could be forged by anyone who can reach the receiver.
 */
@Validated
@ConfigurationProperties("keygate.access.webhook")
public record WebhookProperties(URI url, String secret, @DefaultValue("8") int maxAttempts,
		@DefaultValue("PT5S") Duration initialBackoff, @DefaultValue("PT10M") Duration maxBackoff,
		@DefaultValue("PT2S") Duration pollInterval, @DefaultValue("PT10S") Duration timeout) {

	public WebhookProperties {
		if (url != null) {
			if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
				throw new IllegalArgumentException("keygate.access.webhook.url must be an absolute http(s) URL: " + url);
			}
			if (secret == null || secret.length() < 32) {
				throw new IllegalArgumentException(
						"keygate.access.webhook.secret must be set (at least 32 characters) when keygate.access.webhook.url is");
			}
		}
		if (maxAttempts < 1 || maxAttempts > 50) {
			throw new IllegalArgumentException("keygate.access.webhook.max-attempts must be 1..50, was " + maxAttempts);
		}
		for (Duration d : new Duration[] { initialBackoff, maxBackoff, pollInterval, timeout }) {
			if (d == null || d.isNegative() || d.isZero()) {
				throw new IllegalArgumentException("keygate.access.webhook durations must be positive");
			}
		}
	}

	public boolean enabled() {
		return this.url != null;
	}

	/** Delay before attempt {@code attempts + 1}: doubling from {@code initialBackoff}, capped at {@code maxBackoff}. */
	public Duration backoffAfter(int attempts) {
		Duration delay = this.initialBackoff;
		for (int i = 1; i < attempts && delay.compareTo(this.maxBackoff) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return delay.compareTo(this.maxBackoff) > 0 ? this.maxBackoff : delay;
	}

}
