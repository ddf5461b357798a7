package io.keygate.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.testsupport.TlsTestCertificates;

/**
 * The auth server's JDBC URL in {@code compose.yaml} asks for {@code sslmode=verify-full} with the
 * local CA: against this machine's PostgreSQL, which runs without TLS (turning it on needs a server
 * restart, which tests may not do), the driver refuses to connect rather than fall back to plain
 * text, while a plain connection to the same server works, so the refusal is the TLS requirement's.
 */
class PostgresTlsUrlTest {

	private static final Path COMPOSE = Path.of("..", "deploy", "compose.yaml");

	private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/postgres";

	@TempDir
	Path directory;

	@Test
	void connectWhenComposeUrlRequiresVerifiedTlsAndServerHasNoneThenRefused() throws Exception {
		Matcher url = Pattern.compile("KEYGATE_AUTH_DB_URL: jdbc:postgresql://postgres:5432/keygate\\?(\\S+)")
			.matcher(Files.readString(COMPOSE));
		assertThat(url.find()).as("compose.yaml's KEYGATE_AUTH_DB_URL has parameters").isTrue();
		String parameters = url.group(1);
		assertThat(parameters).contains("sslmode=verify-full").contains("sslrootcert=/etc/keygate/tls/ca.crt");
		try (Connection plain = DriverManager.getConnection(LOCAL + "?user=postgres&connectTimeout=3")) {
			assertThat(plain.isValid(3)).isTrue();
		}
		catch (SQLException ex) {
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw ex;
			}
			Assumptions.abort("no local PostgreSQL on 127.0.0.1:5432: " + ex.getMessage());
		}
		Path ca = TlsTestCertificates.ca(this.directory, "keygate-local-ca").certificateFile();
		String tls = LOCAL + "?user=postgres&connectTimeout=3&"
				+ parameters.replace("/etc/keygate/tls/ca.crt", ca.toString());

		assertThatThrownBy(() -> DriverManager.getConnection(tls).close()).isInstanceOf(SQLException.class)
			.satisfies(ex -> assertThat(ex.getMessage()).containsAnyOf("does not support SSL", "SSL", "certificate"));
	}

}
