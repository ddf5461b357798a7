package io.keygate.auth.access.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

import io.keygate.auth.access.Rows;

/**
 * Messages waiting to be sent on a notification channel: the signed webhook, mail, Slack, Teams.
 * Written in the same transaction as the change they report, so a page is never sent for something
 * that was rolled back, and never lost for something that was committed (the transactional
 * outbox). One table and one retry policy for every channel; each row names its channel (and, for
 * mail, its one recipient) so a failing channel retries only its own messages.
 */
public final class WebhookOutbox {

	/** One pending delivery; {@code recipient} is null except for channels that address a person (mail). */
	public record Delivery(String id, String type, String payload, int attempts, Instant nextAttemptAt, String channel,
			String recipient) {
	}

	/** The channel name of the signed generic webhook, the one this outbox had before issue 19. */
	public static final String WEBHOOK_CHANNEL = "webhook";

	private final JdbcClient jdbc;

	private final WebhookProperties properties;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	public WebhookOutbox(JdbcClient jdbc, WebhookProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/** Queues one of Keygate's own events; {@link #enqueue(String, Map)} is for types outside that list. */
	public void enqueue(WebhookEvent event, Map<String, ?> data) {
		enqueue(event.type(), data);
	}

	public void enqueue(String type, Map<String, ?> data) {
		if (!this.properties.enabled()) {
			return;
		}
		Instant now = this.clock.instant();
		String id = UUID.randomUUID().toString();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("type", type);
		body.put("at", now.toString());
		body.put("data", data);
		insert(id, WEBHOOK_CHANNEL, type, null, this.json.writeValueAsString(body), now);
	}

	/**
	 * Queues a message already rendered for its channel ({@code payload} is what the channel sends:
	 * a mail's JSON envelope, a chat message's JSON body). Returns the delivery id.
	 */
	public String enqueueRendered(String channel, String type, String recipient, String payload) {
		String id = UUID.randomUUID().toString();
		insert(id, channel, type, recipient, payload, this.clock.instant());
		return id;
	}

	private void insert(String id, String channel, String type, String recipient, String payload, Instant now) {
		this.jdbc.sql("insert into webhook_outbox (id, channel, recipient, event_type, payload, created_at, attempts, "
				+ "next_attempt_at) values (:id, :channel, :recipient, :type, :payload, :created, 0, :next)")
			.param("id", id)
			.param("channel", channel)
			.param("recipient", recipient)
			.param("type", type)
			.param("payload", payload)
			.param("created", Rows.at(now))
			.param("next", Rows.at(now))
			.update();
	}

	/** Due deliveries of the given channels only: a channel that is not configured keeps its rows for later. */
	List<Delivery> due(Instant now, int limit, java.util.Collection<String> channels) {
		if (channels.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("select id, channel, recipient, event_type, payload, attempts, next_attempt_at from webhook_outbox "
				+ "where delivered_at is null and failed_at is null and next_attempt_at <= :now and channel in (:channels) "
				+ "order by next_attempt_at, id")
			.param("now", Rows.at(now))
			.param("channels", List.copyOf(channels))
			.withMaxRows(limit)
			.query((rs, n) -> new Delivery(rs.getString("id"), rs.getString("event_type"), rs.getString("payload"),
					rs.getInt("attempts"), Rows.instant(rs, "next_attempt_at"), rs.getString("channel"),
					rs.getString("recipient")))
			.list();
	}

	/** Takes a delivery for this process until {@code leaseUntil}; false when another instance took it first. */
	boolean claim(Delivery delivery, Instant leaseUntil) {
		return this.jdbc.sql("update webhook_outbox set next_attempt_at = :lease where id = :id and next_attempt_at = :seen "
				+ "and delivered_at is null and failed_at is null")
			.param("lease", Rows.at(leaseUntil))
			.param("id", delivery.id())
			.param("seen", Rows.at(delivery.nextAttemptAt()))
			.update() == 1;
	}

	void delivered(String id, int attempts, Instant at) {
		this.jdbc.sql("update webhook_outbox set delivered_at = :at, attempts = :attempts, last_error = null where id = :id")
			.param("at", Rows.at(at))
			.param("attempts", attempts)
			.param("id", id)
			.update();
	}

	void failed(String id, int attempts, Instant nextAttempt, boolean giveUp, String error, Instant now) {
		this.jdbc.sql("update webhook_outbox set attempts = :attempts, next_attempt_at = :next, failed_at = :failed, "
				+ "last_error = :error where id = :id")
			.param("attempts", attempts)
			.param("next", Rows.at(nextAttempt))
			.param("failed", giveUp ? Rows.at(now) : null)
			.param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
			.param("id", id)
			.update();
	}

	/** Delivery state of one event, for tests and the admin view. */
	public Optional<Map<String, Object>> status(String id) {
		return this.jdbc.sql("select attempts, delivered_at, failed_at, last_error from webhook_outbox where id = :id")
			.param("id", id)
			.query((rs, n) -> {
				Map<String, Object> status = new LinkedHashMap<>();
				status.put("attempts", rs.getInt("attempts"));
				status.put("delivered", Rows.instant(rs, "delivered_at") != null);
				status.put("failed", Rows.instant(rs, "failed_at") != null);
				status.put("lastError", rs.getString("last_error"));
				return status;
			})
			.optional();
	}

}
