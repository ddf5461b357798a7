package io.keygate.auth.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.access.Rows;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.detection.Finding;

/**
 * The {@code alerts} table. One open row per dedup key (a unique index on {@code open_dedup_key},
 * cleared when the alert closes): a repeat of an open pattern folds into it, so approvers are paged
 * once per pattern, not once per probe. Rows are mapped to {@link Alert} here and nowhere else.
 */
public final class AlertRepository {

	/** Event sequences kept per alert; later repeats are counted, not listed. */
	static final int MAX_SEQUENCES = 200;

	private static final int MAX_TEXT = 4000;

	/** What {@link #raise} did. */
	public record Raised(String alertId, boolean opened) {
	}

	private final JdbcClient jdbc;

	public AlertRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Opens an alert for {@code finding}, or folds it into the open alert with the same dedup key
	 * (severity only rises). {@code respond} marks the alert for an automatic cut-off. Runs in the
	 * caller's transaction (the detection runner's, which holds the cursor lock).
	 */
	public Raised raise(Finding finding, boolean respond, Instant now) {
		String key = truncate(finding.dedupKey(), 512);
		Optional<Alert> open = this.jdbc.sql("select * from alerts where open_dedup_key = ? for update")
			.param(key)
			.query(AlertRepository::map)
			.optional();
		if (open.isPresent()) {
			Alert alert = open.get();
			Set<Long> sequences = new LinkedHashSet<>(alert.eventSequences());
			for (Long sequence : finding.eventSequences()) {
				if (sequences.size() >= MAX_SEQUENCES) {
					break;
				}
				sequences.add(sequence);
			}
			Severity severity = finding.severity().compareTo(alert.severity()) > 0 ? finding.severity() : alert.severity();
			this.jdbc.sql("""
					update alerts set last_seen_at = ?, repeat_count = repeat_count + 1, event_sequences = ?, severity = ?,
					  response_state = case when ? then 'PENDING' else response_state end,
					  response_attempts = case when ? then 0 else response_attempts end
					where id = ?""")
				.params(Rows.at(finding.at()), joined(sequences), severity.name(), respond, respond, alert.id())
				.update();
			return new Raised(alert.id(), false);
		}
		String id = UUID.randomUUID().toString();
		this.jdbc.sql("""
				insert into alerts (id, opened_at, last_seen_at, severity, technique_id, detector, explanation, actor,
				  organisation, target_id, event_sequences, repeat_count, state, dedup_key, open_dedup_key, response_state,
				  actions_taken, updated_at, updated_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, '', ?, '')""")
			.params(id, Rows.at(now), Rows.at(finding.at()), finding.severity().name(), finding.techniqueId(),
					truncate(finding.detector(), 128), truncate(finding.explanation(), 1000), truncate(finding.actor(), 128),
					truncate(finding.organisation(), 128), truncate(finding.targetId(), 128),
					joined(finding.eventSequences().stream().limit(MAX_SEQUENCES).toList()), AlertState.OPEN.name(), key, key,
					respond ? "PENDING" : "NONE", Rows.at(now))
			.update();
		return new Raised(id, true);
	}

	public Optional<Alert> find(String id) {
		return this.jdbc.sql("select * from alerts where id = ?").param(id).query(AlertRepository::map).optional();
	}

	public List<Alert> list(AlertFilter filter, int limit) {
		StringBuilder sql = new StringBuilder("select * from alerts where 1 = 1");
		List<Object> params = new ArrayList<>();
		if (filter.state().isPresent()) {
			sql.append(" and state = ?");
			params.add(filter.state().get().name());
		}
		else if (!filter.includeClosed()) {
			sql.append(" and state <> ?");
			params.add(AlertState.CLOSED.name());
		}
		filter.severity().ifPresent(severity -> {
			sql.append(" and severity = ?");
			params.add(severity.name());
		});
		filter.organisation().ifPresent(organisation -> {
			sql.append(" and organisation = ?");
			params.add(organisation);
		});
		filter.technique().ifPresent(technique -> {
			sql.append(" and technique_id = ?");
			params.add(technique);
		});
		sql.append(" order by opened_at desc, id limit ?");
		params.add(limit);
		return this.jdbc.sql(sql.toString()).params(params).query(AlertRepository::map).list();
	}

	/** Moves an alert to {@code state} (closing frees its dedup key); false when it is closed already or absent. */
	public boolean changeState(String id, AlertState state, String by, Instant now) {
		return this.jdbc.sql("""
				update alerts set state = ?, open_dedup_key = case when ? then null else open_dedup_key end,
				  updated_at = ?, updated_by = ?
				where id = ? and state <> 'CLOSED'""")
			.params(state.name(), state == AlertState.CLOSED, Rows.at(now), by, id)
			.update() == 1;
	}

	/** Appends one line to what was done about the alert. */
	public void recordAction(String id, String action, String by, Instant now) {
		Optional<Alert> alert = find(id);
		if (alert.isEmpty()) {
			return;
		}
		List<String> actions = new ArrayList<>(alert.get().actionsTaken());
		actions.add(action);
		String text = String.join("\n", actions);
		while (text.length() > MAX_TEXT && actions.size() > 1) {
			actions.remove(0);
			text = String.join("\n", actions);
		}
		this.jdbc.sql("update alerts set actions_taken = ?, updated_at = ?, updated_by = ? where id = ?")
			.params(truncate(text, MAX_TEXT), Rows.at(now), by, id)
			.update();
	}

	/** Alerts whose automatic cut-off has yet to happen, oldest first. */
	public List<Alert> pendingResponses(int limit) {
		return this.jdbc.sql("select * from alerts where response_state = 'PENDING' order by opened_at limit ?")
			.param(limit)
			.query(AlertRepository::map)
			.list();
	}

	/** Ends the automatic response: {@code DONE}, or {@code FAILED} after too many attempts. */
	public void responded(String id, String state) {
		this.jdbc.sql("update alerts set response_state = ? where id = ? and response_state = 'PENDING'").params(state, id).update();
	}

	/** Counts a failed attempt; returns how many have failed. */
	public int responseFailed(String id) {
		this.jdbc.sql("update alerts set response_attempts = response_attempts + 1 where id = ?").param(id).update();
		return this.jdbc.sql("select response_attempts from alerts where id = ?").param(id).query(Integer.class).single();
	}

	/** Distinct organisations and techniques of alerts, for the page's filters. */
	public List<String> organisations() {
		return this.jdbc.sql("select distinct organisation from alerts where organisation <> '' order by organisation")
			.query(String.class)
			.list();
	}

	public List<String> techniques() {
		return this.jdbc.sql("select distinct technique_id from alerts order by technique_id").query(String.class).list();
	}

	private static String joined(Iterable<Long> sequences) {
		StringBuilder text = new StringBuilder();
		for (Long sequence : sequences) {
			String next = (text.isEmpty() ? "" : ",") + sequence;
			if (text.length() + next.length() > MAX_TEXT) {
				break;
			}
			text.append(next);
		}
		return text.toString();
	}

	private static String truncate(String value, int max) {
		return value.length() > max ? value.substring(0, max) : value;
	}

	private static Alert map(ResultSet rs, int row) throws SQLException {
		String sequences = rs.getString("event_sequences");
		String actions = rs.getString("actions_taken");
		return new Alert(rs.getString("id"), Rows.instant(rs, "opened_at"), Rows.instant(rs, "last_seen_at"),
				Severity.valueOf(rs.getString("severity")), rs.getString("technique_id"), rs.getString("detector"),
				rs.getString("explanation"), rs.getString("actor"), rs.getString("organisation"), rs.getString("target_id"),
				sequences.isEmpty() ? List.of()
						: Arrays.stream(sequences.split(",")).map(Long::valueOf).collect(Collectors.toList()),
				rs.getInt("repeat_count"), AlertState.valueOf(rs.getString("state")), rs.getString("dedup_key"),
				rs.getString("response_state"), actions.isEmpty() ? List.of() : List.of(actions.split("\n")),
				Rows.instant(rs, "updated_at"), rs.getString("updated_by"));
	}

}
