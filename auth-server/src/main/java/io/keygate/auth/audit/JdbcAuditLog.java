package io.keygate.auth.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.transcript.TranscriptBodyStash;
import io.keygate.policy.audit.AuditBlock;
import io.keygate.policy.audit.AuditBlockChain;
import io.keygate.policy.audit.AuditBlockVerifier;
import io.keygate.policy.audit.AuditChainVerifier.Verification;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.SealedBlock;
import io.keygate.policy.audit.Severity;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit chain in the database: blocks of events ({@link AuditBlockChain}). Every write locks
 * the single chain-head row ({@code SELECT ... FOR UPDATE}) and writes the block, its events and
 * the new head in one transaction, so that two auth-server nodes never take the same block number
 * or chain onto the same predecessor.
 * <p>
 * Two kinds of writer: {@link #append} (portal actions) writes a block of one and joins the
 * caller's transaction, so an action and its audit event commit or roll back together;
 * {@link #appendBlock} (the embedded audit queue, the stream consumer) writes many entries behind
 * one lock and one commit, which is what lets the chain keep up with many gateways.
 */
@Repository
public class JdbcAuditLog implements AuditLog {

	private static final Logger log = LoggerFactory.getLogger(JdbcAuditLog.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<TreeMap<String, String>> DETAILS = new TypeReference<>() {
	};

	private static final int PAGE = 200;

	/** Rows per multi-row insert: 17 parameters each, well inside every driver's limit. */
	private static final int ROWS_PER_INSERT = 200;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	public JdbcAuditLog(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@Override
	public AuditEvent append(AuditEntry entry) {
		Objects.requireNonNull(entry, "entry cannot be null");
		return appendBlock(List.of(entry)).get(0);
	}

	/** Chains {@code entries} (at least one) as one block and returns their events. */
	public List<AuditEvent> appendBlock(List<AuditEntry> entries) {
		return appendSourcedBlock(entries, Collections.nCopies(entries.size(), null));
	}

	/**
	 * Chains the entries whose {@code sourceIds} (one per entry; {@code null} for none) the chain
	 * does not hold yet, as one block, and returns the events written (fewer than given when some
	 * were chained before: at-least-once delivery becomes exactly once in the chain).
	 */
	public List<AuditEvent> appendSourcedBlock(List<AuditEntry> entries, List<String> sourceIds) {
		if (entries.isEmpty() || entries.size() != sourceIds.size()) {
			throw new IllegalArgumentException("a block needs at least one entry and one source id (or null) per entry");
		}
		List<AuditEvent> events = this.transactions.execute(status -> appendLocked(entries, sourceIds));
		for (AuditEvent event : events) {
			if (event.entry().severity() == Severity.HIGH) {
				log.warn("HIGH severity audit event #{} {} actor={} outcome={} reason={}", event.sequence(),
						event.entry().action(), event.entry().actor(), event.entry().outcome(), event.entry().reason());
			}
		}
		return events;
	}

	private List<AuditEvent> appendLocked(List<AuditEntry> entries, List<String> sourceIds) {
		Head head = this.jdbc.sql("select last_block, last_sequence, last_hash from audit_chain_head where id = 1 for update")
			.query((rs, row) -> new Head(rs.getLong(1), rs.getLong(2), rs.getString(3)))
			.single();
		Set<String> chainedBefore = chainedSources(sourceIds);
		List<AuditEntry> fresh = new ArrayList<>(entries.size());
		List<String> freshSources = new ArrayList<>(entries.size());
		Set<String> inThisBlock = new HashSet<>();
		for (int i = 0; i < entries.size(); i++) {
			String source = sourceIds.get(i);
			if (source != null && (chainedBefore.contains(source) || !inThisBlock.add(source))) {
				continue;
			}
			fresh.add(entries.get(i));
			freshSources.add(source);
		}
		if (fresh.isEmpty()) {
			return List.of();
		}
		// Transcript bodies go beside the chain, referenced from it by hash (issue 16).
		fresh = TranscriptBodyStash.stash(this.jdbc, fresh);
		SealedBlock sealed = AuditBlockChain.resume(head.lastBlock(), head.lastSequence(), head.lastHash()).seal(fresh);
		AuditBlock block = sealed.header();
		this.jdbc.sql("""
				insert into audit_blocks (block_number, first_sequence, event_count, previous_hash, hash, format)
				values (?, ?, ?, ?, ?, ?)""")
			.params(block.number(), block.firstSequence(), block.size(), block.previousHash(), block.hash(), block.format().name())
			.update();
		for (int from = 0; from < sealed.events().size(); from += ROWS_PER_INSERT) {
			insertEvents(block.number(), sealed.events(), freshSources, from,
					Math.min(sealed.events().size(), from + ROWS_PER_INSERT));
		}
		this.jdbc.sql("update audit_chain_head set last_block = ?, last_sequence = ?, last_hash = ? where id = 1")
			.params(block.number(), block.lastSequence(), block.hash())
			.update();
		return sealed.events();
	}

	private Set<String> chainedSources(List<String> sourceIds) {
		List<String> given = sourceIds.stream().filter(Objects::nonNull).distinct().toList();
		if (given.isEmpty()) {
			return Set.of();
		}
		String marks = String.join(",", Collections.nCopies(given.size(), "?"));
		return new HashSet<>(this.jdbc.sql("select source_id from audit_events where source_id in (" + marks + ")")
			.params(given)
			.query(String.class)
			.list());
	}

	private void insertEvents(long block, List<AuditEvent> events, List<String> sources, int from, int to) {
		StringBuilder sql = new StringBuilder("""
				insert into audit_events (sequence, at_epoch_second, at_nano, actor, organisation, action, target_id, grant_id,
				  request_id, outcome, reason, client_address, severity, details, previous_hash, hash, block_number,
				  block_position, source_id) values """);
		List<Object> params = new ArrayList<>((to - from) * 19);
		for (int i = from; i < to; i++) {
			AuditEvent event = events.get(i);
			AuditEntry entry = event.entry();
			sql.append(i == from ? "" : ",").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
			Collections.addAll(params, event.sequence(), entry.at().getEpochSecond(), entry.at().getNano(), entry.actor(),
					entry.organisation(), entry.action(), entry.targetId(), entry.grantId(), entry.requestId(),
					entry.outcome(), entry.reason(), entry.clientAddress(), entry.severity().name(),
					JSON.writeValueAsString(entry.details()), event.previousHash(), event.hash(), block, i, sources.get(i));
		}
		this.jdbc.sql(sql.toString()).params(params).update();
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

	/**
	 * The events of {@code organisation} at or after {@code from} and before {@code to}, oldest first,
	 * at most {@code limit}: its people's own events, and every event about a request one of them
	 * made (approvals are written with the approver's organisation). For a breach's hunt report.
	 */
	public List<AuditEvent> eventsOfOrganisation(String organisation, java.time.Instant from, java.time.Instant to, int limit) {
		return this.jdbc.sql("select * from audit_events where at_epoch_second >= ? and at_epoch_second <= ? and (organisation = ? "
				+ "or (request_id <> '' and request_id in (select request_id from audit_events where organisation = ? "
				+ "and request_id <> ''))) order by sequence limit ?")
			.params(from.getEpochSecond(), to.getEpochSecond(), organisation, organisation, limit)
			.query(JdbcAuditLog::map)
			.list()
			.stream()
			.filter(e -> !e.entry().at().isBefore(from) && e.entry().at().isBefore(to))
			.toList();
	}

	/** The events of one grant (its gateway decisions and completions among them), oldest first, at most {@code limit}. */
	public List<AuditEvent> eventsOfGrant(String grantId, int limit) {
		return this.jdbc.sql("select * from audit_events where grant_id = ? order by sequence limit ?")
			.params(grantId, limit)
			.query(JdbcAuditLog::map)
			.list();
	}

	/** Events with {@code action} at or after {@code from} and before {@code to}, oldest first, at most {@code limit}. */
	public List<AuditEvent> eventsBetween(String action, Instant from, Instant to, int limit) {
		return this.jdbc.sql("select * from audit_events where action = ? and at_epoch_second >= ? and at_epoch_second < ? "
				+ "order by sequence limit ?")
			.params(action, from.getEpochSecond(), to.getEpochSecond(), limit)
			.query(JdbcAuditLog::map)
			.list();
	}

	public long count() {
		return this.jdbc.sql("select count(*) from audit_events").query(Long.class).single();
	}

	/** How many chained events came from a source whose id starts with {@code prefix} (e.g. one stream). */
	public long countSourced(String prefix) {
		return this.jdbc.sql("select count(*) from audit_events where source_id like ?")
			.param(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
			.query(Long.class)
			.single();
	}

	/** The chain's head: last block, last event, last block hash. */
	public Head head() {
		return this.jdbc.sql("select last_block, last_sequence, last_hash from audit_chain_head where id = 1")
			.query((rs, row) -> new Head(rs.getLong(1), rs.getLong(2), rs.getString(3)))
			.single();
	}

	/** The stored header of block {@code number}. */
	public Optional<AuditBlock> block(long number) {
		return this.jdbc.sql("select * from audit_blocks where block_number = ?").param(number).query(JdbcAuditLog::mapBlock).optional();
	}

	/**
	 * Walks the whole chain block by block and also checks it against the head row, so that removing
	 * the newest blocks (which leaves an intact but shorter chain) is detected too.
	 */
	public Verification verify() {
		Head head = head();
		Verification verification = AuditBlockVerifier.verify(this::pagedBlocks);
		if (!verification.intact()) {
			return verification;
		}
		if (head.lastSequence() != verification.eventsChecked()) {
			return Verification.broken(verification.eventsChecked(), verification.eventsChecked() + 1, "the chain head records "
					+ head.lastSequence() + " events but " + verification.eventsChecked() + " were found (newest events removed)");
		}
		if (head.lastBlock() > 0) {
			Optional<AuditBlock> last = block(head.lastBlock());
			if (last.isEmpty() || !last.get().hash().equals(head.lastHash())) {
				return Verification.broken(verification.eventsChecked(), head.lastSequence(),
						"the newest block does not match the chain head");
			}
			Long newest = this.jdbc.sql("select max(block_number) from audit_blocks").query(Long.class).single();
			if (newest != head.lastBlock()) {
				return Verification.broken(verification.eventsChecked(), head.lastSequence() + 1,
						"blocks after the chain head were found (written outside the chain)");
			}
		}
		return verification;
	}

	private Iterator<SealedBlock> pagedBlocks() {
		return new Iterator<>() {

			private List<AuditBlock> page = blocksAfter(0);

			private int index;

			@Override
			public boolean hasNext() {
				if (this.index < this.page.size()) {
					return true;
				}
				if (this.page.size() < PAGE) {
					return false;
				}
				this.page = blocksAfter(this.page.get(this.page.size() - 1).number());
				this.index = 0;
				return !this.page.isEmpty();
			}

			@Override
			public SealedBlock next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				AuditBlock block = this.page.get(this.index++);
				List<AuditEvent> events = jdbc.sql("select * from audit_events where sequence >= ? and sequence <= ? order by sequence")
					.params(block.firstSequence(), block.lastSequence())
					.query(JdbcAuditLog::map)
					.list();
				return new SealedBlock(block, events);
			}

		};
	}

	private List<AuditBlock> blocksAfter(long after) {
		return this.jdbc.sql("select * from audit_blocks where block_number > ? order by block_number limit ?")
			.params(after, PAGE)
			.query(JdbcAuditLog::mapBlock)
			.list();
	}

	private static AuditBlock mapBlock(ResultSet rs, int row) throws SQLException {
		return new AuditBlock(rs.getLong("block_number"), rs.getLong("first_sequence"), rs.getInt("event_count"),
				rs.getString("previous_hash"), rs.getString("hash"), AuditBlock.Format.valueOf(rs.getString("format")));
	}

	private static AuditEvent map(ResultSet rs, int row) throws SQLException {
		Map<String, String> details = JSON.readValue(rs.getString("details"), DETAILS);
		AuditEntry entry = new AuditEntry(Instant.ofEpochSecond(rs.getLong("at_epoch_second"), rs.getInt("at_nano")),
				rs.getString("actor"), rs.getString("organisation"), rs.getString("action"), rs.getString("target_id"),
				rs.getString("grant_id"), rs.getString("request_id"), rs.getString("outcome"), rs.getString("reason"),
				rs.getString("client_address"), Severity.valueOf(rs.getString("severity")), details);
		return new AuditEvent(rs.getLong("sequence"), entry, rs.getString("previous_hash"), rs.getString("hash"));
	}

	/** The chain head row. */
	public record Head(long lastBlock, long lastSequence, String lastHash) {
	}

}
