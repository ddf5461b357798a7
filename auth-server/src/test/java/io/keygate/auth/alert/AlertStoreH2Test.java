package io.keygate.auth.alert;

import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/** The alert store on H2, the embedded mode's database. */
class AlertStoreH2Test extends AlertStoreContract {

	@Override
	protected DataSource freshDataSource() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl("jdbc:h2:mem:alerts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		pool.setUsername("sa");
		pool.setPassword("");
		pool.setMaximumPoolSize(4);
		return pool;
	}

}
