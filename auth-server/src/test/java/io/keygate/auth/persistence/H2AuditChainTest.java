package io.keygate.auth.persistence;

import java.util.UUID;

import javax.sql.DataSource;

/** The audit block chain on H2, the embedded mode's database. */
class H2AuditChainTest extends AuditChainPersistenceContract {

	@Override
	protected DataSource freshDataSource() {
		return PersistenceContract.pooled("jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

}
