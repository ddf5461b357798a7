package io.keygate.auth.persistence;

import javax.sql.DataSource;

import io.keygate.testsupport.PostgresTestDatabase;

/** The audit block chain on a real PostgreSQL, a fresh database per test. */
class PostgresAuditChainTest extends AuditChainPersistenceContract {

	@Override
	protected DataSource freshDataSource() {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		return PersistenceContract.pooled(database.jdbcUrl(), database.username(), database.password());
	}

}
