package io.keygate.auth.breakglass;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.keygate.testsupport.PostgresTestDatabase;

/**
 * Break-glass and its notifications on PostgreSQL, the distributed mode's database: the new tables,
 * the request row it writes, the outbox's channel column and channel health, in a fresh database.
 */
class BreakGlassPostgresTest extends BreakGlassTest {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::user);
		registry.add("spring.datasource.password", () -> database.password() == null ? "" : database.password());
		registry.add("keygate.oidc.key-encryption-secret", () -> "test-signing-key-secret");
	}

}
