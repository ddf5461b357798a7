package io.keygate.auth.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.testsupport.TestCertificates;

/**
 * Syslog over TLS with the trust store an operator configures: a collector whose certificate
 * chains to it and names the host is sent to; one whose certificate names another host gets
 * nothing (the messages wait in the spool).
 */
class SyslogTlsExportTest {

	private static final char[] PASSWORD = "changeit".toCharArray();

	private final TestCertificates.Issued ca = TestCertificates.selfSignedCa("CN=Utility SIEM CA");

	private SSLContext server(String commonName) throws Exception {
		TestCertificates.Issued leaf = TestCertificates.issue(this.ca, "CN=" + commonName, false);
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		keys.setKeyEntry("collector", leaf.keyPair().getPrivate(), PASSWORD,
				new Certificate[] { leaf.certificate(), this.ca.certificate() });
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(keys, PASSWORD);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(factory.getKeyManagers(), null, null);
		return context;
	}

	private SocketFactory client() throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("siem-ca", this.ca.certificate());
		Path file = Files.createTempFile("siem-ca", ".p12");
		try (OutputStream out = Files.newOutputStream(file)) {
			trust.store(out, PASSWORD);
		}
		return SiemConfiguration.socketFactory(new SiemProperties.Tls(true, file, "changeit", "PKCS12", null, null));
	}

	private static SyslogSink sink(SyslogCollector collector, SocketFactory sockets) throws Exception {
		SyslogSpool spool = new SyslogSpool(Files.createTempDirectory("keygate-tls-spool"), 1024 * 1024);
		SyslogForwarder forwarder = new SyslogForwarder(spool, sockets, "localhost", collector.port(), Duration.ofSeconds(2),
				Duration.ofMillis(200), Duration.ofMillis(100), System::currentTimeMillis);
		return new SyslogSink("syslog-tls", spool, new SyslogMessage(13, "auth-1", "keygate"), forwarder);
	}

	private static List<AuditEvent> events() {
		return List.of(new AuditEvent(1, AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.now()).actor("ana").build(), "p", "h1"),
				new AuditEvent(2, AuditEntry.builder(AuditAction.ALERT_RAISED, Instant.now())
					.detail("alert.explanation", "decoy touched")
					.build(), "h1", "h2"));
	}

	@Test
	void forwardWhenCollectorCertificateTrustedAndNamesTheHostThenDelivered() throws Exception {
		try (SyslogCollector collector = SyslogCollector.start(server("localhost").getServerSocketFactory())) {
			SyslogSink sink = sink(collector, client());
			List<AuditEvent> events = events();
			assertThat(sink.accept(events, events.stream().map(EcsFormat::line).toList())).isEqualTo(2);
			sink.start();
			try {
				await().atMost(Duration.ofSeconds(20)).until(() -> collector.messages().size() == 2);
				assertThat(collector.messages().get(1)).contains(" keygate - alert [keygate@32473 sequence=\"2\"] {");
				await().atMost(Duration.ofSeconds(20)).until(() -> sink.spool().bytes() == 0);
			}
			finally {
				sink.close();
			}
		}
	}

	@Test
	void forwardWhenCollectorCertificateNamesAnotherHostThenNothingLeavesTheSpool() throws Exception {
		try (SyslogCollector collector = SyslogCollector.start(server("siem.elsewhere.example").getServerSocketFactory())) {
			SyslogSink sink = sink(collector, client());
			List<AuditEvent> events = events();
			sink.accept(events, events.stream().map(EcsFormat::line).toList());
			long spooled = sink.spool().bytes();
			sink.start();
			try {
				await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !sink.connected());
				assertThat(collector.messages()).isEmpty();
				assertThat(sink.spool().bytes()).isEqualTo(spooled);
			}
			finally {
				sink.close();
			}
		}
	}

}
