package io.keygate.auth.oidc;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.keygate.testsupport.PostgresTestDatabase;

/** The stored authorizations on PostgreSQL, the distributed mode's database, a fresh database per test. */
class AuthorizationStorePostgresTest extends AuthorizationStoreContract {

	@Override
	protected DataSource freshDataSource() {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		return new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password() == null ? "" : database.password());
	}

}
