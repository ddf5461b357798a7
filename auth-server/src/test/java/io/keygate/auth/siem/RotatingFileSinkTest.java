package io.keygate.auth.siem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;

class RotatingFileSinkTest {

	@TempDir
	Path directory;

	@Test
	void acceptWhenFilesFillThenRotatesAndKeepsTheNewestN() throws Exception {
		Path file = this.directory.resolve("audit.jsonl");
		RotatingFileSink sink = new RotatingFileSink(file, 2048, 3);
		List<AuditEvent> events = new ArrayList<>();
		for (long sequence = 1; sequence <= 60; sequence++) {
			events.add(new AuditEvent(sequence,
					AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.now()).actor("ana").detail("path", "/p/" + sequence).build(),
					"p", "h" + sequence));
		}
		assertThat(sink.accept(events, events.stream().map(EcsFormat::line).toList())).isEqualTo(60);
		sink.close();

		try (java.util.stream.Stream<Path> files = Files.list(this.directory)) {
			assertThat(files.count()).as("the current file and two rotated ones").isEqualTo(3);
		}
		assertThat(Files.exists(sink.rotated(3))).isFalse();
		for (Path path : List.of(file, sink.rotated(1), sink.rotated(2))) {
			assertThat(Files.size(path)).isLessThanOrEqualTo(2048);
		}
		List<String> newest = Files.readAllLines(file);
		assertThat(newest.get(newest.size() - 1)).contains("\"event.sequence\":60");
		assertThat(new RotatingFileSink(file, 2048, 3).deliveredThrough()).isEqualTo(60);
	}

	@Test
	void deliveredThroughWhenCurrentFileJustRotatedThenReadsThePreviousFile() throws Exception {
		Path file = this.directory.resolve("audit.jsonl");
		Files.writeString(this.directory.resolve("audit.jsonl.1"), "{\"event.sequence\":41,\"x\":1}\n{\"event.sequence\":42,\"x\":2}\n");
		Files.writeString(file, "");
		assertThat(new RotatingFileSink(file, 2048, 3).deliveredThrough()).isEqualTo(42);
	}

}
