package io.keygate.auth.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.oidc.SigningKeyStore;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.auth.webauthn.StoredCredential;
import io.keygate.policy.audit.AuditChainVerifier.Verification;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Role;

/**
 * The persistence behaviour both databases must show (H2 for the embedded mode, PostgreSQL for
 * the distributed one), each run on a fresh database migrated by Flyway.
 */
abstract class PersistenceContract {

	protected DataSource dataSource;

	protected JdbcClient jdbc;

	protected abstract DataSource freshDataSource();

	/** A small connection pool, as the application has (Hikari), so that measurements are of the work, not of connecting. */
	protected static DataSource pooled(String url, String username, String password) {
		com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(username);
		config.setPassword(password);
		config.setMaximumPoolSize(6);
		return new com.zaxxer.hikari.HikariDataSource(config);
	}

	@BeforeEach
	void migrate() {
		this.dataSource = freshDataSource();
		Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration").load().migrate();
		this.jdbc = JdbcClient.create(this.dataSource);
	}

	/** The PostgreSQL server is shared with other test runs: give its connections back. */
	@org.junit.jupiter.api.AfterEach
	void closePool() throws Exception {
		if (this.dataSource instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	private JdbcAuditLog auditLog() {
		return new JdbcAuditLog(this.jdbc, new DataSourceTransactionManager(this.dataSource));
	}

	private static AuditEntry entry(int n) {
		return AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.parse("2026-11-25T10:00:00.123456789Z").plusSeconds(n))
			.actor("user" + n + "@vendor.example")
			.organisation("vendor")
			.outcome("OK")
			.reason("reason " + n)
			.severity(n % 3 == 0 ? Severity.HIGH : Severity.INFO)
			.detail("n", n)
			.detail("unicode", "Zähler ✓")
			.build();
	}

	@Test
	void appendWhenEventsStoredThenReadBackIdenticalIncludingNanosAndChainIntact() {
		JdbcAuditLog log = auditLog();
		List<AuditEvent> appended = new ArrayList<>();
		for (int n = 1; n <= 5; n++) {
			appended.add(log.append(entry(n)));
		}

		assertThat(log.eventsAfter(0, 100)).containsExactlyElementsOf(appended);
		assertThat(log.verify()).isEqualTo(Verification.ok(5));
	}

	@Test
	void verifyWhenStoredEventAlteredThenBrokenAtThatEvent() {
		JdbcAuditLog log = auditLog();
		for (int n = 1; n <= 4; n++) {
			log.append(entry(n));
		}
		this.jdbc.sql("update audit_events set reason = 'nothing to see' where sequence = 3").update();

		Verification verification = log.verify();

		assertThat(verification.intact()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(3);
	}

	@Test
	void verifyWhenNewestEventDeletedThenBrokenBecauseHeadRemembersIt() {
		JdbcAuditLog log = auditLog();
		for (int n = 1; n <= 4; n++) {
			log.append(entry(n));
		}
		this.jdbc.sql("delete from audit_events where sequence = 4").update();

		Verification verification = log.verify();

		assertThat(verification.intact()).isFalse();
		// Its block (of one) still names it, and the head remembers it.
		assertThat(verification.firstBrokenSequence()).isEqualTo(4);
		assertThat(verification.problem()).contains("removed");
	}

	@Test
	void appendWhenTwoNodesAppendConcurrentlyThenEverySequenceTakenOnceAndChainIntact() throws Exception {
		JdbcAuditLog nodeA = auditLog();
		JdbcAuditLog nodeB = auditLog();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Callable<AuditEvent>> tasks = new ArrayList<>();
			for (int n = 1; n <= 60; n++) {
				JdbcAuditLog node = n % 2 == 0 ? nodeA : nodeB;
				AuditEntry entry = entry(n);
				tasks.add(() -> node.append(entry));
			}
			List<Long> sequences = new ArrayList<>();
			for (Future<AuditEvent> future : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
				sequences.add(future.get().sequence());
			}
			assertThat(sequences).doesNotHaveDuplicates().hasSize(60);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(nodeA.verify()).isEqualTo(Verification.ok(60));
	}

	@Test
	void appendWhenManyEventsThenChainIntactAndRateReported() {
		JdbcAuditLog log = auditLog();
		for (int n = 1; n <= 50; n++) {
			log.append(entry(n));
		}
		long start = System.nanoTime();
		for (int n = 51; n <= 550; n++) {
			log.append(entry(n));
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf("MEASURED %s: 500 sequential audit appends (lock head row, insert, update) in %.2f s = %.0f appends/s%n",
				getClass().getSimpleName(), seconds, 500 / seconds);
		assertThat(log.verify()).isEqualTo(Verification.ok(550));
	}

	@Test
	void accountsAndKeysWhenStoredThenReadBackAndCounterOnlyMovesFromExpectedValue() {
		AccountRepository accounts = new AccountRepository(this.jdbc, Clock.systemUTC());
		CredentialRepository credentials = new CredentialRepository(this.jdbc);
		accounts.ensureOrganisation("itron", "Itron");
		Instant now = Instant.parse("2026-11-25T12:00:00Z");
		accounts.insert(new UserAccount("eve@itron.example", "Eve", "eve@itron.example", "itron", "aGFuZGxl", UserStatus.ACTIVE,
				Set.of(Role.VENDOR_ENGINEER, Role.APPROVER), now));
		credentials.insert(new StoredCredential("Y3JlZA", "eve@itron.example", "Key", "YWNk", "YXR0", "packed",
				"00000000-0000-0000-0000-000000000000", 7, true, false, false, Set.of("usb", "nfc"), now, null));

		UserAccount account = accounts.findByUserHandle("aGFuZGxl").orElseThrow();
		assertThat(account.roles()).containsExactlyInAnyOrder(Role.VENDOR_ENGINEER, Role.APPROVER);
		assertThat(account.createdAt()).isEqualTo(now);
		StoredCredential credential = credentials.findById("Y3JlZA").orElseThrow();
		assertThat(credential.transports()).containsExactlyInAnyOrder("usb", "nfc");
		assertThat(credential.uvInitialized()).isTrue();

		assertThat(credentials.advanceCounter("Y3JlZA", 6, 9, now)).as("stale expected value").isFalse();
		assertThat(credentials.advanceCounter("Y3JlZA", 7, 9, now)).isTrue();
		assertThat(credentials.findById("Y3JlZA").orElseThrow().signatureCount()).isEqualTo(9);
	}

	@Test
	void signingKeyWhenStoreReopenedThenSameKeyAndEncryptedAtRest() {
		SigningKeyStore first = new SigningKeyStore(this.jdbc, Clock.systemUTC(), "operator secret");
		String kid = first.activeOrCreate().getKeyID();

		SigningKeyStore afterRestart = new SigningKeyStore(this.jdbc, Clock.systemUTC(), "operator secret");

		assertThat(afterRestart.activeOrCreate().getKeyID()).isEqualTo(kid);
		assertThat(this.jdbc.sql("select private_jwk from oidc_signing_keys").query(String.class).single()).startsWith("aesgcm:");
		assertThatThrownBy(() -> new SigningKeyStore(this.jdbc, Clock.systemUTC(), "another secret").published())
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("keygate.oidc.key-encryption-secret");
	}

}
