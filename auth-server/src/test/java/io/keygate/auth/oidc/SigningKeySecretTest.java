package io.keygate.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.testsupport.RunningAuthServer;
import io.keygate.testsupport.PostgresTestDatabase;

/**
 * The token-signing private key is never stored in clear: the distributed configuration (a
 * PostgreSQL datasource) refuses to start without {@code keygate.oidc.key-encryption-secret}; the
 * embedded one (an H2 file in a data folder) generates a secret into that folder, owner-only, and
 * uses the same one after a restart.
 */
class SigningKeySecretTest {

	@TempDir
	Path data;

	private static Map<String, String> postgres(PostgresTestDatabase.Database database) {
		Map<String, String> properties = new HashMap<>();
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", database.user());
		properties.put("spring.datasource.password", database.password() == null ? "" : database.password());
		return properties;
	}

	@Test
	void distributedWhenSecretMissingThenStartRefusedNamingTheProperty() {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		assertThatThrownBy(() -> RunningAuthServer.start(postgres(database)).close())
			.rootCause()
			.hasMessageContaining("keygate.oidc.key-encryption-secret")
			.hasMessageContaining("in clear");
	}

	@Test
	void distributedWhenSecretSetThenSigningKeyEncryptedAtRest() {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		Map<String, String> properties = postgres(database);
		properties.put("keygate.oidc.key-encryption-secret", "from-the-platform-secret-store");
		try (RunningAuthServer server = RunningAuthServer.start(properties)) {
			assertThat(server.bean(JdbcClient.class).sql("select private_jwk from oidc_signing_keys").query(String.class).list())
				.isNotEmpty()
				.allSatisfy(stored -> assertThat(stored).startsWith("aesgcm:"));
		}
	}

	@Test
	void embeddedWhenNoSecretThenGeneratedOwnerOnlyIntoTheDataFolderAndReusedAfterRestart() throws Exception {
		Map<String, String> properties = Map.of("spring.datasource.url", "jdbc:h2:file:" + this.data.resolve("keygate-auth"),
				"keygate.data-dir", this.data.toString());
		Path secret = this.data.resolve("oidc-key-encryption.secret");
		String kid;
		try (RunningAuthServer server = RunningAuthServer.start(properties)) {
			kid = server.bean(SigningKeyStore.class).activeOrCreate().getKeyID();
			assertThat(server.bean(JdbcClient.class).sql("select private_jwk from oidc_signing_keys").query(String.class).single())
				.startsWith("aesgcm:");
		}
		assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		String generated = Files.readString(secret);
		assertThat(generated).hasSizeGreaterThanOrEqualTo(40);

		try (RunningAuthServer restarted = RunningAuthServer.start(properties)) {
			// Decrypting the stored key with the file's secret works: the same key still signs.
			assertThat(restarted.bean(SigningKeyStore.class).activeOrCreate().getKeyID()).isEqualTo(kid);
		}
		assertThat(Files.readString(secret)).isEqualTo(generated);
	}

}
