package io.keygate.auth.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import javax.net.SocketFactory;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Syslog export against a real local TCP collector: RFC 5424 messages in octet-counted frames;
 * the collector goes away and comes back and every chained event still arrives; a spool that
 * fills raises one HIGH {@code siem.spool.full} alert and the export catches up once the
 * collector is back.
 */
class SyslogExportTest extends SiemExportTestBase {

	private static final Pattern RFC5424 = Pattern.compile(
			"<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z) (\\S+) keygate - (audit|alert) \\[keygate@32473 sequence=\"(\\d+)\"\\] (\\{.*\\})");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	private SyslogSink sink(String name, SyslogCollector collector, long spoolBytes) throws IOException {
		Path spoolDirectory = Files.createTempDirectory("keygate-spool");
		SyslogSpool spool = new SyslogSpool(spoolDirectory, spoolBytes);
		SyslogForwarder forwarder = new SyslogForwarder(spool, SocketFactory.getDefault(), "127.0.0.1", collector.port(),
				Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(200), System::currentTimeMillis);
		return new SyslogSink(name, spool, new SyslogMessage(13, "auth-1.utility.example", "keygate"), forwarder);
	}

	private SiemExporter exporter(SyslogSink sink) {
		return new SiemExporter(this.audit, new ExportCursors(this.jdbc), List.of(sink), Duration.ofMillis(50), 100,
				Clock.systemUTC());
	}

	private void append(int count, String tag) {
		for (int i = 0; i < count; i++) {
			this.audit.append(AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.now())
				.actor("ana@itron.example")
				.organisation("itron")
				.target("head-end-1")
				.clientAddress("198.51.100.7")
				.outcome("allow")
				.grant("grant-" + tag)
				.detail("method", "GET")
				.detail("path", "/api/meters/" + tag + "/" + i)
				.build());
		}
	}

	/** The chain sequences the collector has, each checked to be a well-formed RFC 5424 message with the ECS line as MSG. */
	private static Set<Long> received(SyslogCollector collector) {
		Set<Long> sequences = new TreeSet<>();
		for (String message : collector.messages()) {
			Matcher matcher = RFC5424.matcher(message);
			assertThat(matcher.matches()).as(message).isTrue();
			long sequence = Long.parseLong(matcher.group(5));
			assertThat(JSON.readTree(matcher.group(6)).get("event.sequence").asLong()).isEqualTo(sequence);
			sequences.add(sequence);
		}
		return sequences;
	}

	private static Set<Long> oneTo(long head) {
		return LongStream.rangeClosed(1, head).boxed().collect(Collectors.toCollection(TreeSet::new));
	}

	@Test
	void exportWhenCollectorGoesAwayAndComesBackThenNothingIsLost() throws Exception {
		try (SyslogCollector collector = SyslogCollector.start()) {
			SyslogSink sink = sink("syslog-restart", collector, 16L * 1024 * 1024);
			SiemExporter exporter = exporter(sink);
			exporter.start();
			try {
				append(20, "up");
				long first = this.audit.head().lastSequence();
				await().atMost(Duration.ofSeconds(30)).until(() -> received(collector).containsAll(oneTo(first)));

				collector.stop();
				append(30, "down");
				long whileDown = this.audit.head().lastSequence();
				await().atMost(Duration.ofSeconds(30)).until(() -> exporter.position("syslog-restart") >= whileDown);
				await().atMost(Duration.ofSeconds(30)).until(() -> !sink.connected());
				assertThat(sink.spool().bytes()).as("what the collector missed waits on disk").isPositive();

				collector.open();
				append(10, "back");
				long head = this.audit.head().lastSequence();
				await().atMost(Duration.ofSeconds(30)).until(() -> received(collector).containsAll(oneTo(head)));
				assertThat(received(collector)).isEqualTo(oneTo(head));
				await().atMost(Duration.ofSeconds(30)).until(() -> sink.spool().bytes() == 0);
			}
			finally {
				exporter.stop();
			}
		}
	}

	@Test
	void exportWhenSpoolFillsThenOneHighAlertAndCatchesUpWhenCollectorReturns() throws Exception {
		try (SyslogCollector collector = SyslogCollector.absent()) {
			SyslogSink sink = sink("syslog-full", collector, 4096);
			SiemExporter exporter = exporter(sink);
			long before = this.audit.head().lastSequence();
			exporter.start();
			try {
				append(10, "fill");
				await().atMost(Duration.ofSeconds(30)).until(() -> spoolFullEvents(before).size() == 1);
				AuditEvent full = spoolFullEvents(before).get(0);
				assertThat(full.entry().severity()).isEqualTo(Severity.HIGH);
				assertThat(full.entry().details()).containsEntry("sink", "syslog-full")
					.containsEntry("threat.technique.id", "T1562.006")
					.containsKey("alert.explanation");
				assertThat(sink.spool().bytes()).isLessThanOrEqualTo(4096);
				append(5, "still-full");
				long stillFull = this.audit.head().lastSequence();
				await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
					.until(() -> exporter.position("syslog-full") < stillFull);
				assertThat(spoolFullEvents(before)).as("one alert per episode, not one per pass").hasSize(1);

				collector.open();
				long head = this.audit.head().lastSequence();
				await().atMost(Duration.ofSeconds(60)).until(() -> received(collector).containsAll(oneTo(head)));
			}
			finally {
				exporter.stop();
			}
		}
	}

	private List<AuditEvent> spoolFullEvents(long after) {
		return this.audit.latestByAction(AuditAction.SIEM_SPOOL_FULL.action(), 100)
			.stream()
			.filter(event -> event.sequence() > after)
			.filter(event -> "syslog-full".equals(event.entry().details().get("sink")))
			.toList();
	}

}
