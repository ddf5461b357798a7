package io.keygate.auth.siem;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code keygate.siem.*}: export of the audit chain (and the alerts in it) to the utility's SIEM
 * as ECS JSON lines, to a rotating file and/or to syslog over TCP. Both are off by default; an
 * enabled export without its destination stops start-up naming the property.
 *
 * @param pollInterval how often the chain is read for new events; default 1 second
 * @param batch events per read; default 500
 */
@ConfigurationProperties("keygate.siem")
public record SiemProperties(Duration pollInterval, Integer batch, File file, Syslog syslog) {

	public SiemProperties {
		pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
		batch = batch == null ? 500 : batch;
		file = file == null ? new File(false, null, null, null) : file;
		syslog = syslog == null ? new Syslog(false, null, null, null, null, null, null, null, null, null, null) : syslog;
		if (pollInterval.compareTo(Duration.ofMillis(10)) < 0 || pollInterval.compareTo(Duration.ofMinutes(5)) > 0) {
			throw new IllegalArgumentException("keygate.siem.poll-interval must be 10ms..5m, was " + pollInterval);
		}
		if (batch < 1 || batch > 5000) {
			throw new IllegalArgumentException("keygate.siem.batch must be 1..5000, was " + batch);
		}
	}

	/**
	 * @param enabled default false
	 * @param path the file written (required when enabled); rotated files are {@code path.1}, {@code path.2}, ...
	 * @param maxSize size at which the file rotates; default 100MB
	 * @param maxFiles files kept, the current one included; default 10
	 */
	public record File(boolean enabled, Path path, DataSize maxSize, Integer maxFiles) {

		public File {
			maxSize = maxSize == null ? DataSize.ofMegabytes(100) : maxSize;
			maxFiles = maxFiles == null ? 10 : maxFiles;
			if (enabled && path == null) {
				throw new IllegalArgumentException("keygate.siem.file.path is required when keygate.siem.file.enabled is true");
			}
			if (maxSize.toBytes() < 1024 || maxFiles < 1 || maxFiles > 1000) {
				throw new IllegalArgumentException("keygate.siem.file.max-size must be at least 1KB and max-files 1..1000");
			}
		}

	}

	/**
	 * @param enabled default false
	 * @param host the collector (required when enabled)
	 * @param port the collector's port (required when enabled; 6514 is syslog over TLS, RFC 5425)
	 * @param tls TLS to the collector; off by default
	 * @param facility RFC 5424 facility; default 13 (log audit)
	 * @param hostname the HOSTNAME field; default this machine's name
	 * @param connectTimeout default 5 seconds
	 * @param reconnectMaxDelay longest wait between attempts while the collector is away; default 30 seconds
	 * @param confirmAfter how long a sent message must stand on an open connection before it leaves the
	 * spool; default 2 seconds
	 * @param spool the on-disk spool
	 * @param appName the APP-NAME field; default keygate
	 */
	public record Syslog(boolean enabled, String host, Integer port, Tls tls, Integer facility, String hostname,
			Duration connectTimeout, Duration reconnectMaxDelay, Duration confirmAfter, Spool spool, String appName) {

		public Syslog {
			tls = tls == null ? new Tls(false, null, null, null, null, null) : tls;
			facility = facility == null ? 13 : facility;
			connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
			reconnectMaxDelay = reconnectMaxDelay == null ? Duration.ofSeconds(30) : reconnectMaxDelay;
			confirmAfter = confirmAfter == null ? Duration.ofSeconds(2) : confirmAfter;
			spool = spool == null ? new Spool(null, null) : spool;
			appName = appName == null || appName.isBlank() ? "keygate" : appName;
			if (enabled && (host == null || host.isBlank())) {
				throw new IllegalArgumentException("keygate.siem.syslog.host is required when keygate.siem.syslog.enabled is true");
			}
			if (enabled && (port == null || port < 1 || port > 65535)) {
				throw new IllegalArgumentException("keygate.siem.syslog.port (1..65535) is required when syslog export is enabled");
			}
			if (enabled && spool.directory() == null) {
				throw new IllegalArgumentException(
						"keygate.siem.syslog.spool.directory is required when keygate.siem.syslog.enabled is true");
			}
		}

	}

	/**
	 * @param enabled default false
	 * @param trustStore the collector's CA (PKCS12 or JKS); default the JVM's trusted CAs
	 * @param trustStorePassword its password
	 * @param trustStoreType default PKCS12
	 * @param keyStore a client certificate, for collectors that ask for one (optional)
	 * @param keyStorePassword its password
	 */
	public record Tls(boolean enabled, Path trustStore, String trustStorePassword, String trustStoreType, Path keyStore,
			String keyStorePassword) {
	}

	/**
	 * @param directory where messages wait while the collector is away (required with syslog)
	 * @param maxSize bound of the spool; default 256MB. When full, export waits on the chain (nothing
	 * is lost) and a HIGH {@code siem.spool.full} alert is raised
	 */
	public record Spool(Path directory, DataSize maxSize) {

		public Spool {
			maxSize = maxSize == null ? DataSize.ofMegabytes(256) : maxSize;
		}

	}

}
