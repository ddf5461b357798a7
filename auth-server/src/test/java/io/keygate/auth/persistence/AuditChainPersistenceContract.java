package io.keygate.auth.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.audit.checkpoint.AuditCheckpoints;
import io.keygate.auth.audit.checkpoint.CheckpointExportFile;
import io.keygate.auth.audit.checkpoint.CheckpointKey;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditBlock;
import io.keygate.policy.audit.AuditChain;
import io.keygate.policy.audit.AuditChainVerifier.Verification;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;

/**
 * The block chain on both databases: blocks written behind one lock, exactly once per source id,
 * legacy events migrated as blocks of one, and signed checkpoints that catch a rewritten database.
 */
abstract class AuditChainPersistenceContract {

	@TempDir
	Path folder;

	private DataSource dataSource;

	private JdbcClient jdbc;

	private JdbcAuditLog chain;

	private final List<DataSource> opened = new ArrayList<>();

	protected abstract DataSource freshDataSource();

	private DataSource open() {
		DataSource dataSource = freshDataSource();
		this.opened.add(dataSource);
		return dataSource;
	}

	/** The PostgreSQL server is shared: give its connections back. */
	@AfterEach
	void closePools() throws Exception {
		for (DataSource dataSource : this.opened) {
			if (dataSource instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

	@BeforeEach
	void migrate() {
		this.dataSource = open();
		Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration").load().migrate();
		this.jdbc = JdbcClient.create(this.dataSource);
		this.chain = auditLog(this.jdbc, this.dataSource);
	}

	private static JdbcAuditLog auditLog(JdbcClient jdbc, DataSource dataSource) {
		return new JdbcAuditLog(jdbc, new DataSourceTransactionManager(dataSource));
	}

	private static AuditEntry entry(int n) {
		return AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.parse("2026-11-27T10:00:00.123456789Z").plusSeconds(n))
			.actor("user" + n + "@vendor.example")
			.organisation("vendor")
			.target("head-end")
			.outcome(n % 2 == 0 ? "allow" : "deny")
			.detail("path", "/api/meters/" + n)
			.detail("unicode", "Zähler ✓")
			.build();
	}

	private static List<AuditEntry> entries(int from, int to) {
		List<AuditEntry> entries = new ArrayList<>();
		for (int n = from; n <= to; n++) {
			entries.add(entry(n));
		}
		return entries;
	}

	@Test
	void appendBlockWhenSingleAndBatchedWritesMixThenOneBlockPerWriteAndChainIntact() {
		this.chain.append(entry(1));
		List<AuditEvent> block = this.chain.appendBlock(entries(2, 451));
		this.chain.append(entry(452));

		assertThat(block).hasSize(450);
		assertThat(block.get(0).sequence()).isEqualTo(2);
		assertThat(this.chain.head().lastBlock()).isEqualTo(3);
		assertThat(this.chain.block(2).orElseThrow().size()).isEqualTo(450);
		assertThat(this.chain.eventsAfter(0, 1000)).extracting(e -> e.entry()).containsExactlyElementsOf(entries(1, 452));
		assertThat(this.chain.verify()).isEqualTo(Verification.ok(452));
	}

	@Test
	void verifyWhenEventInsideABlockAlteredThenBrokenAtThatEvent() {
		this.chain.appendBlock(entries(1, 10));
		this.chain.appendBlock(entries(11, 20));
		this.jdbc.sql("update audit_events set actor = 'nobody' where sequence = 14").update();

		Verification verification = this.chain.verify();

		assertThat(verification.intact()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(14);
	}

	@Test
	void verifyWhenNewestBlockDeletedThenBrokenBecauseHeadRemembersIt() {
		this.chain.appendBlock(entries(1, 10));
		this.chain.appendBlock(entries(11, 20));
		this.jdbc.sql("delete from audit_events where sequence > 10").update();
		this.jdbc.sql("delete from audit_blocks where block_number = 2").update();

		Verification verification = this.chain.verify();

		assertThat(verification.intact()).isFalse();
		assertThat(verification.problem()).contains("newest events removed");
	}

	@Test
	void appendSourcedBlockWhenSourceChainedBeforeThenChainedExactlyOnce() {
		List<AuditEvent> first = this.chain.appendSourcedBlock(entries(1, 3), List.of("s/1-0", "s/2-0", "s/3-0"));
		// Redelivered after a crash between commit and acknowledgement, plus one new entry and a duplicate within the block.
		List<AuditEvent> again = this.chain.appendSourcedBlock(entries(2, 5), Arrays.asList("s/2-0", "s/3-0", "s/4-0", "s/4-0"));

		assertThat(first).hasSize(3);
		assertThat(again).extracting(e -> e.entry().details().get("path")).containsExactly("/api/meters/4");
		assertThat(this.chain.count()).isEqualTo(4);
		assertThat(this.chain.countSourced("s/")).isEqualTo(4);
		assertThat(this.chain.appendSourcedBlock(entries(1, 1), List.of("s/1-0"))).isEmpty();
		assertThat(this.chain.verify()).isEqualTo(Verification.ok(4));
	}

	@Test
	void appendWhenTargetLongerThanItsColumnThenStoreRefusesAndChainStaysIntact() {
		this.chain.append(entry(1));
		AuditEntry poison = AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.now()).target("t".repeat(4100)).build();

		assertThatThrownBy(() -> this.chain.appendBlock(List.of(entry(2), poison))).isInstanceOf(RuntimeException.class);

		assertThat(this.chain.count()).isEqualTo(1);
		this.chain.append(entry(3));
		assertThat(this.chain.verify()).isEqualTo(Verification.ok(2));
	}

	@Test
	void migrateWhenEventsWereChainedOneByOneThenTheyVerifyAsSingleEventBlocksAndNewBlocksFollow() {
		DataSource legacy = open();
		Flyway.configure().dataSource(legacy).locations("classpath:db/migration").target("53").load().migrate();
		JdbcClient legacyJdbc = JdbcClient.create(legacy);
		// What the previous version wrote: one event at a time, each hashed over the one before.
		AuditChain old = AuditChain.empty();
		for (int n = 1; n <= 3; n++) {
			AuditEvent event = old.append(entry(n));
			legacyJdbc.sql("""
					insert into audit_events (sequence, at_epoch_second, at_nano, actor, organisation, action, target_id, grant_id,
					  request_id, outcome, reason, client_address, severity, details, previous_hash, hash)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(event.sequence(), event.entry().at().getEpochSecond(), event.entry().at().getNano(),
						event.entry().actor(), event.entry().organisation(), event.entry().action(), event.entry().targetId(), "", "",
						event.entry().outcome(), "", "", "INFO", "{\"path\":\"/api/meters/" + n + "\",\"unicode\":\"Zähler ✓\"}",
						event.previousHash(), event.hash())
				.update();
			legacyJdbc.sql("update audit_chain_head set last_sequence = ?, last_hash = ? where id = 1")
				.params(event.sequence(), event.hash())
				.update();
		}
		Flyway.configure().dataSource(legacy).locations("classpath:db/migration").load().migrate();
		JdbcAuditLog migrated = auditLog(legacyJdbc, legacy);

		assertThat(migrated.verify()).isEqualTo(Verification.ok(3));
		assertThat(migrated.block(2).orElseThrow().format()).isEqualTo(AuditBlock.Format.SINGLE_EVENT_V1);
		migrated.appendBlock(entries(4, 8));
		assertThat(migrated.verify()).isEqualTo(Verification.ok(8));
		assertThat(migrated.block(4).orElseThrow().previousHash()).isEqualTo(migrated.block(3).orElseThrow().hash());

		legacyJdbc.sql("update audit_events set outcome = 'tampered' where sequence = 2").update();
		assertThat(migrated.verify().firstBrokenSequence()).isEqualTo(2);
	}

	@Test
	void verifyAgainstCheckpointsWhenDatabaseRewrittenAndRehashedThenFailsThoughTheChainItselfVerifies() {
		AuditCheckpoints checkpoints = new AuditCheckpoints(this.chain, CheckpointKey.generate(),
				new CheckpointExportFile(this.folder.resolve("checkpoints.jsonl")), (type, data) -> {
				}, Clock.systemUTC());
		this.chain.appendBlock(entries(1, 10));
		assertThat(checkpoints.checkpoint()).isPresent();
		assertThat(checkpoints.checkpoint()).as("head unchanged: nothing new to sign").isEmpty();
		this.chain.appendBlock(entries(11, 20));
		assertThat(checkpoints.checkpoint()).isPresent();
		assertThat(checkpoints.verify()).isEqualTo(Verification.ok(20));

		// Someone with write access to the database changes event 4 and recomputes the whole chain.
		List<AuditEntry> rewritten = new ArrayList<>(entries(1, 20));
		rewritten.set(3, AuditEntry.builder(AuditAction.ACCESS_DECISION, entry(4).at()).actor("somebody-else").build());
		this.jdbc.sql("delete from audit_events").update();
		this.jdbc.sql("delete from audit_blocks").update();
		this.jdbc.sql("update audit_chain_head set last_block = 0, last_sequence = 0, last_hash = ? where id = 1")
			.param("0".repeat(64))
			.update();
		this.chain.appendBlock(rewritten.subList(0, 10));
		this.chain.appendBlock(rewritten.subList(10, 20));

		assertThat(this.chain.verify()).as("the rewritten chain is consistent on its own").isEqualTo(Verification.ok(20));
		Verification againstCheckpoints = checkpoints.verify();
		assertThat(againstCheckpoints.intact()).isFalse();
		assertThat(againstCheckpoints.problem()).contains("block 1 does not match the checkpoint");
	}

}
