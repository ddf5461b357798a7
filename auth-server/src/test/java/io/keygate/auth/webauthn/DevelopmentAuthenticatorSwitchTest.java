package io.keygate.auth.webauthn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.testsupport.Ceremonies;
import io.keygate.auth.testsupport.RunningAuthServer;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.PostgresTestDatabase;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/**
 * The development switch {@code keygate.webauthn.allow-chromium-virtual-authenticator} cannot
 * reach production: the real auth server refuses to start with it on a non-loopback origin or on
 * PostgreSQL, and a key made by Chromium's virtual authenticator is marked at enrollment and
 * never signs in again once the switch is off.
 */
class DevelopmentAuthenticatorSwitchTest {

	private static final String SWITCH = "keygate.webauthn.allow-chromium-virtual-authenticator";

	@TempDir
	Path data;

	@Test
	void switchWhenOriginIsNotLoopbackThenStartRefusedNamingTheProperty() {
		Map<String, String> properties = Map.of(SWITCH, "true", "keygate.webauthn.rp-id", "keygate.example.test",
				"keygate.webauthn.origins", "https://keygate.example.test");
		assertThatThrownBy(() -> RunningAuthServer.start(properties).close()).rootCause()
			.hasMessageContaining(SWITCH + "=true is refused")
			.hasMessageContaining("'https://keygate.example.test' is not a loopback origin");
	}

	@Test
	void switchWhenOneOfSeveralOriginsIsNotLoopbackThenStartRefused() {
		Map<String, String> properties = Map.of(SWITCH, "true", "keygate.webauthn.rp-id", "localhost",
				"keygate.webauthn.origins", "http://localhost:9000,http://portal.localhost");
		assertThatThrownBy(() -> RunningAuthServer.start(properties).close()).rootCause()
			.hasMessageContaining(SWITCH + "=true is refused")
			.hasMessageContaining("'http://portal.localhost' is not a loopback origin");
	}

	@Test
	void switchWhenPostgresDatasourceThenStartRefusedNamingTheProperty() {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		Map<String, String> properties = new HashMap<>();
		properties.put(SWITCH, "true");
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", database.user());
		properties.put("spring.datasource.password", database.password() == null ? "" : database.password());
		properties.put("keygate.oidc.key-encryption-secret", "test-signing-key-secret");
		assertThatThrownBy(() -> RunningAuthServer.start(properties).close()).rootCause()
			.hasMessageContaining(SWITCH + "=true is refused")
			.hasMessageContaining("PostgreSQL");
	}

	@Test
	void developmentKeyWhenSwitchTurnedOffThenMarkedAndNeverSignsInWhileAHardwareKeyStillDoes() {
		Map<String, String> on = new HashMap<>();
		on.put("spring.datasource.url", "jdbc:h2:file:" + this.data.resolve("keygate-auth"));
		on.put("keygate.data-dir", this.data.toString());
		on.put(SWITCH, "true");
		VirtualKey chromium = VirtualKey.chromiumLike();
		VirtualKey hardware = VirtualKey.packed();
		try (RunningAuthServer server = RunningAuthServer.start(on)) {
			server.enroll(chromium, "dev-key@vendor.example", Role.VENDOR_ENGINEER);
			server.enroll(hardware, "hw-key@vendor.example", Role.VENDOR_ENGINEER);
			assertThat(Ceremonies.signIn(server.client(), chromium).status()).as("switch on: signs in").isEqualTo(200);
			assertThat(server.bean(JdbcClient.class)
				.sql("select subject from webauthn_credentials where development_authenticator")
				.query(String.class)
				.list()).isEqualTo(List.of("dev-key@vendor.example"));
		}
		Map<String, String> off = new HashMap<>(on);
		off.put(SWITCH, "false");
		try (RunningAuthServer server = RunningAuthServer.start(off)) {
			TestClient.Response refused = Ceremonies.signIn(server.client(), chromium);
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.code()).isEqualTo("SIGN_IN_FAILED");
			assertThat(Ceremonies.signIn(server.client(), hardware).status()).isEqualTo(200);
		}
	}

}
