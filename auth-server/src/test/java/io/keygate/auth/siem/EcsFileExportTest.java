package io.keygate.auth.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The file export, enabled by properties: every exported line parses back and carries the
 * chain's own values under ECS names; the files rotate by size without losing or repeating a
 * line; a restart after a crash (cursor behind the file, a cut last line) repeats and skips nothing.
 */
class EcsFileExportTest extends SiemExportTestBase {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	SiemExporter exporter;

	@Autowired
	JdbcClient jdbc;

	private void appendVariety(String tag) {
		Instant now = Instant.now();
		this.audit.append(AuditEntry.builder(AuditAction.ACCESS_DECISION, now)
			.actor("ana-" + tag + "@itron.example")
			.organisation("itron")
			.target("head-end-1")
			.clientAddress("198.51.100.7")
			.outcome("deny")
			.reason("PATH_NOT_ALLOWED")
			.severity(Severity.INFO)
			.detail("method", "POST")
			.detail("path", "/api/commands/reboot \"quoted\" ünïcode")
			.detail("status", 403)
			.build());
		this.audit.append(AuditEntry.builder(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED, now.plusMillis(1))
			.actor("bo-" + tag + "@itron.example")
			.organisation("itron")
			.outcome("SUCCEEDED")
			.clientAddress("2001:db8::7")
			.detail("credentialId", "cred-" + tag)
			.build());
		this.audit.append(AuditEntry.builder(AuditAction.ALERT_RAISED, now.plusMillis(2))
			.actor("keygate")
			.organisation("itron")
			.severity(Severity.CRITICAL)
			.outcome("raised")
			.detail("alert.id", "alert-" + tag)
			.detail("threat.technique.id", "T1021")
			.detail("alert.explanation", "ana touched the decoy ems-backup.")
			.detail("alert.events", "12,13")
			.build());
		this.audit.append(AuditEntry.builder(AuditAction.GRANT_REVOKED, now.plusMillis(3))
			.actor("hal@utility.example")
			.clientAddress("not-an-address")
			.grant("grant-" + tag)
			.outcome("revoked")
			.severity(Severity.WARNING)
			.build());
	}

	private List<Path> exportFiles() throws IOException {
		try (Stream<Path> files = Files.list(EXPORT_DIRECTORY)) {
			return files.filter(path -> path.getFileName().toString().startsWith("keygate-audit.ecs.jsonl")).toList();
		}
	}

	/** Every exported line, oldest first (the highest rotation number is the oldest file). */
	private List<JsonNode> exportedLines() throws IOException {
		List<Path> files = new ArrayList<>(exportFiles());
		files.sort((a, b) -> Integer.compare(rotation(b), rotation(a)));
		List<JsonNode> lines = new ArrayList<>();
		for (Path file : files) {
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				lines.add(JSON.readTree(line));
			}
		}
		return lines;
	}

	private static int rotation(Path path) {
		String name = path.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return name.endsWith(".jsonl") ? 0 : Integer.parseInt(name.substring(dot + 1));
	}

	private void awaitExportedThrough(long sequence) {
		await().atMost(Duration.ofSeconds(20)).until(() -> this.exporter.position("file") >= sequence);
	}

	@Test
	void exportWhenChainGrowsThenEveryLineParsesBackToItsEvent() throws IOException {
		for (int i = 0; i < 30; i++) {
			appendVariety("round-" + i);
		}
		long head = this.audit.head().lastSequence();
		awaitExportedThrough(head);

		List<JsonNode> lines = exportedLines();
		assertThat(exportFiles()).as("the 16KB files rotated").hasSizeGreaterThan(2);
		List<Long> sequences = lines.stream().map(line -> line.get("event.sequence").asLong()).toList();
		List<AuditEvent> chain = this.audit.eventsAfter(0, (int) head + 1000);
		assertThat(sequences).as("every chained event once, in order").startsWith(1L).isSorted().doesNotHaveDuplicates();
		assertThat(sequences.subList(0, (int) head)).containsExactlyElementsOf(chain.stream().limit(head).map(AuditEvent::sequence).toList());

		Map<Long, JsonNode> bySequence = new TreeMap<>();
		lines.forEach(line -> bySequence.put(line.get("event.sequence").asLong(), line));
		for (AuditEvent event : chain.subList(0, (int) head)) {
			JsonNode line = bySequence.get(event.sequence());
			AuditEntry entry = event.entry();
			assertThat(Instant.parse(line.get("@timestamp").asString())).isEqualTo(entry.at());
			assertThat(line.get("event.action").asString()).isEqualTo(entry.action());
			assertThat(line.get("event.hash").asString()).isEqualTo(event.hash());
			assertThat(line.get("keygate.chain.previous_hash").asString()).isEqualTo(event.previousHash());
			assertThat(line.get("keygate.severity").asString()).isEqualTo(entry.severity().name());
			assertThat(line.get("event.severity").asInt()).isEqualTo(EcsFormat.severity(entry.severity()));
			assertThat(text(line, "user.name")).isEqualTo(entry.actor());
			assertThat(text(line, "organization.name")).isEqualTo(entry.organisation());
			assertThat(text(line, "keygate.outcome")).isEqualTo(entry.outcome());
			assertThat(line.get("event.outcome").asString()).isIn("success", "failure", "unknown");
			assertThat(text(line, "event.reason")).isEqualTo(entry.reason());
			assertThat(text(line, "keygate.target.id")).isEqualTo(entry.targetId());
			assertThat(text(line, "keygate.grant.id")).isEqualTo(entry.grantId());
			assertThat(text(line, "keygate.request.id")).isEqualTo(entry.requestId());
			assertThat(text(line, "source.ip") + text(line, "keygate.client_address")).isEqualTo(entry.clientAddress());
			assertThat(text(line, "url.path")).isEqualTo(entry.details().getOrDefault("path", ""));
			assertThat(text(line, "http.request.method")).isEqualTo(entry.details().getOrDefault("method", ""));
			assertThat(text(line, "threat.technique.id")).isEqualTo(entry.details().getOrDefault("threat.technique.id", ""));
			entry.details().forEach((key, value) -> {
				if (!Map.of("path", 0, "method", 0, "status", 0, "threat.technique.id", 0, "alert.id", 0, "alert.explanation", 0,
						"alert.events", 0).containsKey(key)) {
					assertThat(text(line, "keygate.details." + key)).as(key).isEqualTo(value);
				}
			});
		}
		JsonNode alert = lines.stream().filter(line -> "alert.raised".equals(line.get("event.action").asString())).findFirst().orElseThrow();
		assertThat(alert.get("event.kind").asString()).isEqualTo("alert");
		assertThat(alert.get("message").asString()).isEqualTo("ana touched the decoy ems-backup.");
		assertThat(alert.get("threat.framework").asString()).isEqualTo("MITRE ATT&CK");
		assertThat(alert.get("keygate.alert.events").asString()).isEqualTo("12,13");
		JsonNode deny = lines.stream().filter(line -> "PATH_NOT_ALLOWED".equals(text(line, "event.reason"))).findFirst().orElseThrow();
		assertThat(deny.get("event.outcome").asString()).isEqualTo("failure");
		assertThat(deny.get("http.response.status_code").asInt()).isEqualTo(403);
		assertThat(deny.get("source.ip").asString()).isEqualTo("198.51.100.7");
	}

	@Test
	void exportWhenRestartedAfterACrashThenNothingRepeatedOrSkipped() throws IOException {
		appendVariety("before-crash");
		long before = this.audit.head().lastSequence();
		awaitExportedThrough(before);
		this.exporter.stop();
		try {
			// The crash: the cursor row had not moved past the last batch, and a line was cut in half.
			this.jdbc.sql("update siem_export_cursor set last_sequence = ? where sink = 'file'").param(before - 3).update();
			Files.writeString(EXPORT_FILE, "{\"@timestamp\":\"2026-", StandardOpenOption.APPEND);
			appendVariety("after-crash");
			long head = this.audit.head().lastSequence();

			SiemExporter restarted = new SiemExporter(this.audit, new ExportCursors(this.jdbc),
					List.of(new RotatingFileSink(EXPORT_FILE, 16 * 1024, 1000)), Duration.ofMillis(50), 500,
					java.time.Clock.systemUTC());
			restarted.exportAll();
			restarted.stop();

			List<Long> sequences = exportedLines().stream().map(line -> line.get("event.sequence").asLong()).toList();
			assertThat(sequences).isSorted().doesNotHaveDuplicates().endsWith(head);
			assertThat(sequences.get(sequences.size() - 1) - sequences.get(0) + 1).as("no gap").isEqualTo(sequences.size());
		}
		finally {
			this.exporter.start();
		}
	}

	private static String text(JsonNode line, String field) {
		JsonNode node = line.get(field);
		return node == null ? "" : node.asString();
	}

}
