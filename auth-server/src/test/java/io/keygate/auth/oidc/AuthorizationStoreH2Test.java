package io.keygate.auth.oidc;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The stored authorizations on H2, the embedded mode's database. */
class AuthorizationStoreH2Test extends AuthorizationStoreContract {

	@Override
	protected DataSource freshDataSource() {
		return new DriverManagerDataSource("jdbc:h2:mem:authorizations-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

}
