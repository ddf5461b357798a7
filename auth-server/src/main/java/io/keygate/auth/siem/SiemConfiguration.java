package io.keygate.auth.siem;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.audit.JdbcAuditLog;

/** The SIEM export, when {@code keygate.siem.file.enabled} or {@code keygate.siem.syslog.enabled} is set. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SiemProperties.class)
@ConditionalOnExpression("${keygate.siem.file.enabled:false} or ${keygate.siem.syslog.enabled:false}")
public class SiemConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SiemConfiguration.class);

	@Bean
	SiemExporter siemExporter(SiemProperties properties, JdbcAuditLog audit, JdbcClient jdbc, Clock clock)
			throws IOException, GeneralSecurityException {
		List<SiemSink> sinks = new ArrayList<>();
		SiemProperties.File file = properties.file();
		if (file.enabled()) {
			sinks.add(new RotatingFileSink(file.path(), file.maxSize().toBytes(), file.maxFiles()));
			log.info("SIEM export: ECS lines to {} (rotating at {}, {} files kept)", file.path(), file.maxSize(), file.maxFiles());
		}
		SiemProperties.Syslog syslog = properties.syslog();
		if (syslog.enabled()) {
			SyslogSpool spool = new SyslogSpool(syslog.spool().directory(), syslog.spool().maxSize().toBytes());
			String hostname = syslog.hostname() == null || syslog.hostname().isBlank() ? localHostName() : syslog.hostname();
			SyslogForwarder forwarder = new SyslogForwarder(spool, socketFactory(syslog.tls()), syslog.host(), syslog.port(),
					syslog.connectTimeout(), syslog.reconnectMaxDelay(), syslog.confirmAfter(), System::currentTimeMillis);
			sinks.add(new SyslogSink(spool, new SyslogMessage(syslog.facility(), hostname, syslog.appName()), forwarder));
			log.info("SIEM export: RFC 5424 syslog over {} to {}:{} (spool {} bounded at {})", syslog.tls().enabled() ? "TLS" : "TCP",
					syslog.host(), syslog.port(), syslog.spool().directory(), syslog.spool().maxSize());
			if (!syslog.tls().enabled()) {
				log.warn("SIEM syslog export sends audit events in clear text; set keygate.siem.syslog.tls.enabled=true "
						+ "unless the collector is on a trusted link");
			}
		}
		return new SiemExporter(audit, new ExportCursors(jdbc), sinks, properties.pollInterval(), properties.batch(), clock);
	}

	static SocketFactory socketFactory(SiemProperties.Tls tls) throws IOException, GeneralSecurityException {
		if (!tls.enabled()) {
			return SocketFactory.getDefault();
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(tls.trustStore() == null ? null : load(tls.trustStore(), tls.trustStoreType(), tls.trustStorePassword()));
		KeyManagerFactory keys = null;
		if (tls.keyStore() != null) {
			keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			char[] password = tls.keyStorePassword() == null ? new char[0] : tls.keyStorePassword().toCharArray();
			keys.init(load(tls.keyStore(), tls.trustStoreType(), tls.keyStorePassword()), password);
		}
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
		return context.getSocketFactory();
	}

	private static KeyStore load(java.nio.file.Path path, String type, String password) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance(type == null || type.isBlank() ? "PKCS12" : type);
		try (InputStream in = Files.newInputStream(path)) {
			store.load(in, password == null ? null : password.toCharArray());
		}
		return store;
	}

	private static String localHostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "-";
		}
	}

}
