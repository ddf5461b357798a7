package io.keygate.auth.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.policy.audit.AuditChainVerifier;
import io.keygate.policy.audit.AuditChainVerifier.Verification;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.AuditHashing;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit chain in the database. Every append locks the single chain-head row
 * ({@code SELECT ... FOR UPDATE}) and writes the event and the new head in one transaction, so
 * that two auth-server nodes never take the same sequence or chain onto the same predecessor.
 * If the caller already runs a transaction the event joins it: an action and its audit event
 * commit or roll back together.
 */
@Repository
public class JdbcAuditLog implements AuditLog {

	private static final Logger log = LoggerFactory.getLogger(JdbcAuditLog.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<TreeMap<String, String>> DETAILS = new TypeReference<>() {
	};

	private static final int PAGE = 500;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	public JdbcAuditLog(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@Override
	public AuditEvent append(AuditEntry entry) {
		Objects.requireNonNull(entry, "entry cannot be null");
		AuditEvent event = this.transactions.execute(status -> appendLocked(entry));
		if (entry.severity() == Severity.HIGH) {
			log.warn("HIGH severity audit event #{} {} actor={} outcome={} reason={}", event.sequence(), entry.action(),
					entry.actor(), entry.outcome(), entry.reason());
		}
		return event;
	}

	private AuditEvent appendLocked(AuditEntry entry) {
		Head head = this.jdbc.sql("select last_sequence, last_hash from audit_chain_head where id = 1 for update")
			.query((rs, row) -> new Head(rs.getLong(1), rs.getString(2)))
			.single();
		long sequence = head.lastSequence() + 1;
		String hash = AuditHashing.hash(sequence, entry, head.lastHash());
		AuditEvent event = new AuditEvent(sequence, entry, head.lastHash(), hash);
		this.jdbc.sql("""
				insert into audit_events (sequence, at_epoch_second, at_nano, actor, organisation, action, target_id, grant_id,
				  request_id, outcome, reason, client_address, severity, details, previous_hash, hash)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(sequence, entry.at().getEpochSecond(), entry.at().getNano(), entry.actor(), entry.organisation(),
					entry.action(), entry.targetId(), entry.grantId(), entry.requestId(), entry.outcome(), entry.reason(),
					entry.clientAddress(), entry.severity().name(), JSON.writeValueAsString(entry.details()),
					head.lastHash(), hash)
			.update();
		this.jdbc.sql("update audit_chain_head set last_sequence = ?, last_hash = ? where id = 1").params(sequence, hash).update();
		return event;
	}

	/** Events with {@code sequence > after}, oldest first, at most {@code limit}. */
	public List<AuditEvent> eventsAfter(long after, int limit) {
		return this.jdbc.sql("select * from audit_events where sequence > ? order by sequence limit ?")
			.params(after, limit)
			.query(JdbcAuditLog::map)
			.list();
	}

	/** The newest {@code limit} events, newest first. */
	public List<AuditEvent> latest(int limit) {
		return this.jdbc.sql("select * from audit_events order by sequence desc limit ?").param(limit).query(JdbcAuditLog::map).list();
	}

	/** The newest {@code limit} events with the given action, newest first. */
	public List<AuditEvent> latestByAction(String action, int limit) {
		return this.jdbc.sql("select * from audit_events where action = ? order by sequence desc limit ?")
			.params(action, limit)
			.query(JdbcAuditLog::map)
			.list();
	}

	public long count() {
		return this.jdbc.sql("select count(*) from audit_events").query(Long.class).single();
	}

	/**
	 * Walks the whole chain and also checks it against the head row, so that removing the newest
	 * events (which leaves an intact but shorter chain) is detected too.
	 */
	public Verification verify() {
		Verification verification = AuditChainVerifier.verify(this::pagedEvents);
		if (!verification.intact()) {
			return verification;
		}
		Head head = this.jdbc.sql("select last_sequence, last_hash from audit_chain_head where id = 1")
			.query((rs, row) -> new Head(rs.getLong(1), rs.getString(2)))
			.single();
		if (head.lastSequence() != verification.eventsChecked()) {
			return Verification.broken(verification.eventsChecked(), verification.eventsChecked() + 1, "the chain head records "
					+ head.lastSequence() + " events but " + verification.eventsChecked() + " were found (newest events removed)");
		}
		if (head.lastSequence() > 0) {
			AuditEvent last = eventsAfter(head.lastSequence() - 1, 1).get(0);
			if (!last.hash().equals(head.lastHash())) {
				return Verification.broken(verification.eventsChecked(), head.lastSequence(),
						"the newest event does not match the chain head");
			}
		}
		return verification;
	}

	private Iterator<AuditEvent> pagedEvents() {
		return new Iterator<>() {

			private List<AuditEvent> page = eventsAfter(0, PAGE);

			private int index;

			@Override
			public boolean hasNext() {
				if (this.index < this.page.size()) {
					return true;
				}
				if (this.page.size() < PAGE) {
					return false;
				}
				this.page = eventsAfter(this.page.get(this.page.size() - 1).sequence(), PAGE);
				this.index = 0;
				return !this.page.isEmpty();
			}

			@Override
			public AuditEvent next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return this.page.get(this.index++);
			}

		};
	}

	private static AuditEvent map(ResultSet rs, int row) throws SQLException {
		Map<String, String> details = JSON.readValue(rs.getString("details"), DETAILS);
		AuditEntry entry = new AuditEntry(Instant.ofEpochSecond(rs.getLong("at_epoch_second"), rs.getInt("at_nano")),
				rs.getString("actor"), rs.getString("organisation"), rs.getString("action"), rs.getString("target_id"),
				rs.getString("grant_id"), rs.getString("request_id"), rs.getString("outcome"), rs.getString("reason"),
				rs.getString("client_address"), Severity.valueOf(rs.getString("severity")), details);
		return new AuditEvent(rs.getLong("sequence"), entry, rs.getString("previous_hash"), rs.getString("hash"));
	}

	private record Head(long lastSequence, String lastHash) {
	}

}
