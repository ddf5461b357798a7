package io.keygate.auth.access;

import io.keygate.testsupport.PostgresTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The account cut-off on PostgreSQL, in a fresh database. */
@SpringBootTest(properties = { "keygate.webauthn.rp-id=localhost", "keygate.webauthn.origins=http://localhost",
		"keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.access.expiry-sweep-interval=PT1H",
		"keygate.access.activation-interval=PT1H" })
@ActiveProfiles("test")
@Import(AccessTestConfiguration.class)
class AccountCutoffPostgresTest extends AccountCutoffContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::user);
		registry.add("spring.datasource.password", () -> database.password() == null ? "" : database.password());
		// PostgreSQL is the distributed configuration: the signing-key secret is required there.
		registry.add("keygate.oidc.key-encryption-secret", () -> "test-signing-key-secret");
	}

}
