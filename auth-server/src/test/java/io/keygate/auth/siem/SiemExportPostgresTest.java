package io.keygate.auth.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.testsupport.PostgresTestDatabase;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SIEM file export on PostgreSQL (the distributed mode's database): the V75 cursor table,
 * the export from the chain and the cursor's position after it.
 */
@SpringBootTest(properties = { "keygate.webauthn.rp-id=localhost", "keygate.webauthn.origins=http://localhost",
		"keygate.siem.file.enabled=true", "keygate.siem.poll-interval=PT0.05S" })
@ActiveProfiles("test")
class SiemExportPostgresTest {

	private static final Path FILE = temporaryFile();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::user);
		registry.add("spring.datasource.password", () -> database.password() == null ? "" : database.password());
		registry.add("keygate.oidc.key-encryption-secret", () -> "test-signing-key-secret");
		registry.add("keygate.siem.file.path", FILE::toString);
	}

	@Autowired
	JdbcAuditLog audit;

	@Autowired
	JdbcClient jdbc;

	@Test
	void exportWhenOnPostgresThenEveryEventOnceAndCursorAtTheHead() throws IOException {
		for (int i = 0; i < 25; i++) {
			this.audit.append(AuditEntry.builder(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED, Instant.now())
				.actor("pg-" + i + "@itron.example")
				.organisation("itron")
				.outcome("SUCCEEDED")
				.clientAddress("198.51.100." + i)
				.build());
		}
		long head = this.audit.head().lastSequence();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("select last_sequence from siem_export_cursor where sink = 'file'")
				.query(Long.class)
				.optional()
				.orElse(0L) == head);
		JsonMapper json = JsonMapper.builder().build();
		List<Long> sequences = Files.readAllLines(FILE)
			.stream()
			.map(line -> json.readTree(line).get("event.sequence").asLong())
			.toList();
		assertThat(sequences).isSorted().doesNotHaveDuplicates().startsWith(1L).endsWith(head).hasSize((int) head);
	}

	private static Path temporaryFile() {
		try {
			return Files.createTempDirectory("keygate-siem-pg").resolve("audit.ecs.jsonl");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
