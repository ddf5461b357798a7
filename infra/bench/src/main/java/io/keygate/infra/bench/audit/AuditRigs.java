package io.keygate.infra.bench.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.audit.stream.GatewayAuditStreamConsumer;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditQueue;
import io.keygate.testsupport.PostgresTestDatabase;
import io.keygate.testsupport.RedisTestServer;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The real sinks the audit benchmark and soak run against, wired as the applications wire them:
 * the embedded mode's H2 file chain behind its bounded queue, and the distributed mode's Redis
 * Stream consumed into a PostgreSQL chain by the auth server's consumer.
 */
public final class AuditRigs {

	/** Same block settings as the applications' defaults. */
	public static final AuditQueue.Settings QUEUE = new AuditQueue.Settings(50_000, 500, Duration.ofMillis(10));

	static final int CONSUMER_BATCH = 500;

	private AuditRigs() {
	}

	static DataSource pooled(String url, String user, String password) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setPassword(password);
		config.setMaximumPoolSize(4);
		HikariDataSource dataSource = new HikariDataSource(config);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		return dataSource;
	}

	public static JdbcAuditLog chain(DataSource dataSource) {
		return new JdbcAuditLog(JdbcClient.create(dataSource), new DataSourceTransactionManager(dataSource));
	}

	/** The embedded mode's database: an H2 file, as the quickstart keeps it. */
	public static DataSource h2File() {
		try {
			Path folder = Files.createTempDirectory("keygate-audit-bench");
			return pooled("jdbc:h2:file:" + folder.resolve("keygate-auth") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static DataSource postgres() {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		return pooled(database.jdbcUrl(), database.username(), database.password());
	}

	public static GatewayAuditStreamConsumer consumer(RedisTestServer redis, String stream, String name, JdbcAuditLog chain) {
		return new GatewayAuditStreamConsumer(redis.uri(),
				new GatewayAuditStreamConsumer.Settings(stream, "keygate-auth-server", name, CONSUMER_BATCH,
						Duration.ofMillis(500), Duration.ofSeconds(30)),
				(entries, sources) -> chain.appendSourcedBlock(entries, sources).size(), Clock.systemUTC(),
				io.keygate.gateway.testsupport.TestIntegrityKeys.keys());
	}

	/** A decision as a gateway writes it. */
	static AuditEntry decision(String path) {
		return AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.now())
			.actor("bench-engineer@itron")
			.organisation("itron")
			.target("head-end")
			.grant("g-bench")
			.outcome("allow")
			.clientAddress("127.0.0.1")
			.detail("method", "GET")
			.detail("path", path)
			.detail("forwardedPath", path)
			.build();
	}

	/** An upstream that answers 200 and keeps nothing (the tests' recording upstream would grow without bound). */
	static DisposableServer upstream() {
		return HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> response.header("Content-Type", "application/json").sendString(Mono.just("{\"ok\":true}")))
			.bindNow();
	}

	/** A gateway's properties as the tests' gateway takes them, for an upstream and sink of the benchmark's own. */
	static Map<String, Object> gatewayProperties(DisposableServer upstream, Map<String, Object> extra) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		// Several gateways in one JVM: each its own free management port too.
		properties.put("management.server.port", "0");
		properties.put("keygate.catalog", "file:" + TestGateway.catalog("http://127.0.0.1:" + upstream.port()));
		properties.put("keygate.portal-url", "http://portal.test");
		properties.put("keygate.gateway.signin.issuer", "http://issuer.test");
		properties.put("keygate.gateway.upstream-credentials.head-end.kind", "basic");
		properties.put("keygate.gateway.upstream-credentials.head-end.username", "svc-gateway");
		properties.put("keygate.gateway.upstream-credentials.head-end.secret", "head-end-s3cret");
		properties.put("keygate.gateway.upstream-credentials.mdm.kind", "basic");
		properties.put("keygate.gateway.upstream-credentials.mdm.username", "svc-gateway");
		properties.put("keygate.gateway.upstream-credentials.mdm.secret", "mdm-s3cret");
		// The auth server's classes share this class path; its database is not the gateway's, and its
		// servlet container must not offer the gateway's management context a second factory (as in the quickstart).
		properties.put("spring.autoconfigure.exclude", "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
				+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
				+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration");
		properties.put("logging.level.io.keygate", "WARN");
		properties.putAll(extra);
		return properties;
	}

}
