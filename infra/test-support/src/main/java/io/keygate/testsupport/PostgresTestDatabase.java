package io.keygate.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * A fresh PostgreSQL database per call, for the persistence tests. Looks for a server in this
 * order: {@code KEYGATE_TEST_POSTGRES_URL} (a JDBC URL of a database the user may create databases
 * from, user and password as URL parameters), the local service on 127.0.0.1:5432 (user
 * {@code postgres}, trust authentication), then Testcontainers. With none available the test
 * FAILS under {@code CI=true} and is skipped elsewhere, saying why. Databases are dropped when
 * the JVM exits.
 */
public final class PostgresTestDatabase {

	private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&connectTimeout=3";

	private static Admin admin;

	private PostgresTestDatabase() {
	}

	/** How to reach the new database. */
	public record Database(String jdbcUrl, String username, String password, String name) {

		/**
		 * The user for a datasource property: {@code username}, else the one in the URL. A datasource
		 * property left at another value (the test profile's "sa") would win over the URL's.
		 */
		public String user() {
			if (this.username != null) {
				return this.username;
			}
			java.util.regex.Matcher user = java.util.regex.Pattern.compile("[?&]user=([^&]+)").matcher(this.jdbcUrl);
			return user.find() ? user.group(1) : "postgres";
		}

	}

	private record Admin(String url, String username, String password) {
	}

	public static synchronized Database fresh() {
		Admin server = admin();
		String name = "keygate_auth_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
		try (Connection connection = DriverManager.getConnection(server.url(), server.username(), server.password());
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create test database " + name + " on " + server.url(), ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(server, name)));
		return new Database(withDatabase(server.url(), name), server.username(), server.password(), name);
	}

	private static void drop(Admin server, String name) {
		try (Connection connection = DriverManager.getConnection(server.url(), server.username(), server.password());
				Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + name + " with (force)");
		}
		catch (SQLException ex) {
			// Best effort at exit: a leftover test database is harmless and named as such.
		}
	}

	private static Admin admin() {
		if (admin != null) {
			return admin;
		}
		String configured = System.getenv("KEYGATE_TEST_POSTGRES_URL");
		StringBuilder tried = new StringBuilder();
		if (configured != null && !configured.isBlank()) {
			Admin candidate = new Admin(configured, null, null);
			if (reachable(candidate, tried)) {
				return admin = candidate;
			}
		}
		Admin local = new Admin(LOCAL, null, null);
		if (reachable(local, tried)) {
			return admin = local;
		}
		Admin container = testcontainers(tried);
		if (container != null) {
			return admin = container;
		}
		String message = "No PostgreSQL for the persistence tests (" + tried
				+ "). Start one on 127.0.0.1:5432 or set KEYGATE_TEST_POSTGRES_URL.";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new AssertionError(message);
		}
		Assumptions.abort(message);
		return null;
	}

	private static boolean reachable(Admin candidate, StringBuilder tried) {
		try (Connection connection = DriverManager.getConnection(candidate.url(), candidate.username(), candidate.password())) {
			return connection.isValid(3);
		}
		catch (SQLException ex) {
			tried.append(candidate.url().replaceAll("password=[^&]*", "password=***")).append(": ").append(ex.getMessage()).append("; ");
			return false;
		}
	}

	@SuppressWarnings("resource")
	private static Admin testcontainers(StringBuilder tried) {
		try {
			if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
				tried.append("Testcontainers: no Docker; ");
				return null;
			}
			org.testcontainers.postgresql.PostgreSQLContainer container = new org.testcontainers.postgresql.PostgreSQLContainer(
					"postgres:16-alpine");
			container.start();
			return new Admin(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		catch (RuntimeException | LinkageError ex) {
			tried.append("Testcontainers: ").append(ex.getMessage()).append("; ");
			return null;
		}
	}

	static String withDatabase(String url, String database) {
		int start = url.indexOf('/', "jdbc:postgresql://".length());
		int end = url.indexOf('?', start);
		return url.substring(0, start + 1) + database + (end < 0 ? "" : url.substring(end));
	}

}
