package io.keygate.auth.persistence;

import java.util.UUID;

import javax.sql.DataSource;


/** The persistence contract on H2, the embedded mode's database. */
class H2PersistenceTest extends PersistenceContract {

	@Override
	protected DataSource freshDataSource() {
		return pooled("jdbc:h2:mem:persistence-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

}
