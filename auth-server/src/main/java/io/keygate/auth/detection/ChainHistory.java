package io.keygate.auth.detection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the slice of the audit chain a detector needs to rebuild its memory: events of some
 * actions, from a time, before a sequence. Sequences are dense (1..head) and times follow them
 * closely, so the start is found by a binary search over the primary key instead of a scan of
 * a column without an index; a margin covers gateways whose clocks run a little behind.
 */
final class ChainHistory {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<TreeMap<String, String>> DETAILS = new TypeReference<>() {
	};

	/** Entries chained late (a gateway's clock behind, a stream drained after an outage) are still replayed. */
	static final long MARGIN_SECONDS = 3600;

	private static final int PAGE = 500;

	private final JdbcClient jdbc;

	ChainHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Feeds {@code sink} the events of {@code actions} with {@code at >= from} and {@code sequence < before}, in order. */
	int replay(Instant from, long before, Set<String> actions, Consumer<AuditEvent> sink) {
		if (before <= 1 || actions.isEmpty()) {
			return 0;
		}
		long start = firstSequenceFrom(from.minusSeconds(MARGIN_SECONDS), before);
		String marks = String.join(",", Collections.nCopies(actions.size(), "?"));
		int replayed = 0;
		long after = start - 1;
		while (true) {
			List<Object> params = new ArrayList<>();
			params.add(after);
			params.add(before);
			params.addAll(actions);
			params.add(PAGE);
			List<AuditEvent> page = this.jdbc
				.sql("select * from audit_events where sequence > ? and sequence < ? and action in (" + marks
						+ ") order by sequence limit ?")
				.params(params)
				.query(ChainHistory::map)
				.list();
			for (AuditEvent event : page) {
				if (!event.entry().at().isBefore(from)) {
					sink.accept(event);
					replayed++;
				}
			}
			if (page.size() < PAGE) {
				return replayed;
			}
			after = page.get(page.size() - 1).sequence();
		}
	}

	/** The lowest sequence below {@code before} whose time is not before {@code from} (binary search on the key). */
	private long firstSequenceFrom(Instant from, long before) {
		long low = 1;
		long high = before - 1;
		long epochSecond = from.getEpochSecond();
		while (low < high) {
			long middle = low + (high - low) / 2;
			Long at = this.jdbc.sql("select at_epoch_second from audit_events where sequence = ?")
				.param(middle)
				.query(Long.class)
				.optional()
				.orElse(Long.MIN_VALUE);
			if (at < epochSecond) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	private static AuditEvent map(ResultSet rs, int row) throws SQLException {
		Map<String, String> details = JSON.readValue(rs.getString("details"), DETAILS);
		AuditEntry entry = new AuditEntry(Instant.ofEpochSecond(rs.getLong("at_epoch_second"), rs.getInt("at_nano")),
				rs.getString("actor"), rs.getString("organisation"), rs.getString("action"), rs.getString("target_id"),
				rs.getString("grant_id"), rs.getString("request_id"), rs.getString("outcome"), rs.getString("reason"),
				rs.getString("client_address"), Severity.valueOf(rs.getString("severity")), details);
		return new AuditEvent(rs.getLong("sequence"), entry, rs.getString("previous_hash"), rs.getString("hash"));
	}

}
