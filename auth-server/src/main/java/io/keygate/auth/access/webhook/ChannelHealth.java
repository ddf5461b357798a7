package io.keygate.auth.access.webhook;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.access.Rows;

/**
 * Last success and last error of each outbox channel, for the admins' view: a channel that has
 * been failing since Tuesday must be visible before the 3 a.m. request that nobody hears of.
 */
public final class ChannelHealth {

	/** One channel's state; instants are null when it never succeeded or never failed. */
	public record State(String channel, Instant lastSuccessAt, Instant lastErrorAt, String lastError) {
	}

	private final JdbcClient jdbc;

	public ChannelHealth(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void succeeded(String channel, Instant at) {
		ensure(channel);
		this.jdbc.sql("update notification_channel_health set last_success_at = :at where channel = :channel")
			.param("at", Rows.at(at))
			.param("channel", channel)
			.update();
	}

	void failed(String channel, Instant at, String error) {
		ensure(channel);
		this.jdbc.sql("update notification_channel_health set last_error_at = :at, last_error = :error where channel = :channel")
			.param("at", Rows.at(at))
			.param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
			.param("channel", channel)
			.update();
	}

	public List<State> all() {
		return this.jdbc.sql("select channel, last_success_at, last_error_at, last_error from notification_channel_health "
				+ "order by channel")
			.query((rs, n) -> new State(rs.getString("channel"), Rows.instant(rs, "last_success_at"),
					Rows.instant(rs, "last_error_at"), rs.getString("last_error")))
			.list();
	}

	private void ensure(String channel) {
		try {
			this.jdbc.sql("insert into notification_channel_health (channel) select :channel where not exists "
					+ "(select 1 from notification_channel_health where channel = :channel)")
				.param("channel", channel)
				.update();
		}
		catch (org.springframework.dao.DuplicateKeyException ex) {
			// Another replica inserted it between our check and our insert: the row is there.
		}
	}

}
