package io.keygate.auth.notify;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

import io.keygate.auth.access.Rows;
import io.keygate.auth.access.webhook.OutboxChannel;
import io.keygate.auth.access.webhook.WebhookOutbox;

/**
 * Puts rendered messages in the outbox on each configured channel and says, truthfully, what it
 * did: the sentence a request's page shows is built from what was queued here, never assumed.
 */
final class NotificationQueue {

	private final WebhookOutbox outbox;

	private final JdbcClient jdbc;

	private final List<OutboxChannel> channels;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	NotificationQueue(WebhookOutbox outbox, JdbcClient jdbc, List<OutboxChannel> channels, Clock clock) {
		this.outbox = outbox;
		this.jdbc = jdbc;
		this.channels = List.copyOf(channels);
		this.clock = clock;
	}

	/** Queues one mail per distinct address when mail is configured; returns how many were queued. */
	int mail(List<String> addresses, String type, String subject, String text) {
		if (!enabled(MailChannel.NAME)) {
			return 0;
		}
		int mailed = 0;
		for (String address : addresses.stream().distinct().toList()) {
			this.outbox.enqueueRendered(MailChannel.NAME, type, address,
					this.json.writeValueAsString(Map.of("subject", oneLine(subject), "text", text)));
			mailed++;
		}
		return mailed;
	}

	/** Queues the message on each configured chat channel; returns the channels it was queued on. */
	List<String> chat(String type, ChatMessage message) {
		List<String> queued = new ArrayList<>();
		if (enabled(ChatChannel.SLACK)) {
			this.outbox.enqueueRendered(ChatChannel.SLACK, type, null, message.slackJson());
			queued.add(ChatChannel.SLACK);
		}
		if (enabled(ChatChannel.TEAMS)) {
			this.outbox.enqueueRendered(ChatChannel.TEAMS, type, null, message.teamsJson());
			queued.add(ChatChannel.TEAMS);
		}
		return queued;
	}

	/** The signed generic webhook (queued only when it is configured). */
	void webhook(String type, Map<String, ?> data) {
		this.outbox.enqueue(type, data);
	}

	/**
	 * "mailed 2 approvers, posted to Slack" — or, with no channel, that nobody was told and the
	 * admin must act. Only channels that were configured and got a message are named.
	 */
	String sentence(int mailed, boolean nobodyToMail, List<String> chats) {
		List<String> parts = new ArrayList<>();
		boolean mailOn = enabled(MailChannel.NAME);
		if (mailOn && mailed > 0) {
			parts.add("mailed " + mailed + (mailed == 1 ? " approver" : " approvers"));
		}
		for (String chat : chats) {
			parts.add("posted to " + (ChatChannel.SLACK.equals(chat) ? "Slack" : "Microsoft Teams"));
		}
		if (enabled(WebhookOutbox.WEBHOOK_CHANNEL)) {
			parts.add("sent to the webhook");
		}
		if (parts.isEmpty()) {
			return mailOn && nobodyToMail
					? "Nobody was notified: no approver who can decide this has an e-mail address and no chat channel is configured — tell your admin."
					: "Nobody was notified: no notification channel is configured — tell your admin.";
		}
		return "Notified: " + String.join(", ", parts) + ".";
	}

	void record(String requestId, String type, String sentence) {
		this.jdbc.sql("insert into notification_summary (request_id, event_type, sentence, created_at) values (:id, :type, :s, :at)")
			.param("id", requestId)
			.param("type", type)
			.param("s", sentence)
			.param("at", Rows.at(this.clock.instant()))
			.update();
	}

	String told(String requestId) {
		return this.jdbc.sql("select sentence from notification_summary where request_id = :id order by created_at desc")
			.param("id", requestId)
			.query(String.class)
			.list()
			.stream()
			.findFirst()
			.orElse("");
	}

	List<String> configured() {
		return this.channels.stream().filter(OutboxChannel::enabled).map(OutboxChannel::name).toList();
	}

	private boolean enabled(String channel) {
		return this.channels.stream().anyMatch(c -> c.name().equals(channel) && c.enabled());
	}

	/** A subject is a header: a line break in a vendor's text must not start a new one. */
	private static String oneLine(String value) {
		return value.replaceAll("[\\r\\n]+", " ");
	}

}
