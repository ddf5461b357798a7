package io.keygate.auth.oidc;

import java.util.Map;

import io.keygate.testsupport.PostgresTestDatabase;

/** Two replicas on one fresh PostgreSQL database, the distributed deployment's store. */
class SharedAuthorizationPostgresTest extends SharedAuthorizationContract {

	@Override
	protected Map<String, String> sharedDatabase() {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		// PostgreSQL is the distributed configuration: the signing-key secret is required there.
		return Map.of("spring.datasource.url", database.jdbcUrl(), "spring.datasource.username", database.user(),
				"spring.datasource.password", database.password() == null ? "" : database.password(),
				"keygate.oidc.key-encryption-secret", "test-signing-key-secret");
	}

}
