package io.keygate.auth.oidc;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes every stored OAuth2 authorization of a person (pending authorization codes, access,
 * refresh and ID tokens): a code issued a moment before a cut-off can then not be redeemed and a
 * refresh token not be used, on any replica. The token customizer refuses such a person as well
 * ({@link KeygateTokenCustomizer}); this makes the refusal not depend on a token being asked for.
 */
@Component
public final class OidcAuthorizationRevocation {

	private final JdbcClient jdbc;

	public OidcAuthorizationRevocation(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Returns how many authorizations were deleted. Runs in the caller's transaction. */
	public int endAllOf(String subject) {
		return this.jdbc.sql("delete from oauth2_authorization where principal_name = ?").param(subject).update();
	}

}
