package io.keygate.auth.alert;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.keygate.testsupport.PostgresTestDatabase;

/** The alert store on a real PostgreSQL, a fresh database per test. */
class AlertStorePostgresTest extends AlertStoreContract {

	@Override
	protected DataSource freshDataSource() {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(database.jdbcUrl());
		pool.setUsername(database.username());
		pool.setPassword(database.password());
		pool.setMaximumPoolSize(4);
		return pool;
	}

}
