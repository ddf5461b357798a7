package io.keygate.auth.access;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * A fresh PostgreSQL database per test context, on the real server ({@code KEYGATE_TEST_POSTGRES_URL}
 * or 127.0.0.1:5432, user postgres). Under {@code CI=true} a missing server fails the build;
 * elsewhere the PostgreSQL variant is skipped with the reason.
 */
public final class PostgresDatabase {

	private static final String ADMIN_URL = System.getenv().getOrDefault("KEYGATE_TEST_POSTGRES_URL",
			"jdbc:postgresql://127.0.0.1:5432/postgres");

	private static final String USER = System.getenv().getOrDefault("KEYGATE_TEST_POSTGRES_USER", "postgres");

	private PostgresDatabase() {
	}

	/** Creates an empty database and returns its JDBC URL. */
	public static String create() {
		String name = "keygate_access_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			String message = "PostgreSQL is needed for this test and could not be reached at " + ADMIN_URL + " as " + USER
					+ ": " + ex.getMessage();
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new IllegalStateException(message, ex);
			}
			Assumptions.abort(message);
		}
		int slash = ADMIN_URL.lastIndexOf('/');
		return ADMIN_URL.substring(0, slash + 1) + name;
	}

	public static String user() {
		return USER;
	}

}
