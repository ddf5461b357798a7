package io.keygate.auth.persistence;

import javax.sql.DataSource;


import io.keygate.testsupport.PostgresTestDatabase;

/** The persistence contract on a real PostgreSQL, a fresh database per test. */
class PostgresPersistenceTest extends PersistenceContract {

	@Override
	protected DataSource freshDataSource() {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		return pooled(database.jdbcUrl(), database.username(), database.password());
	}

}
