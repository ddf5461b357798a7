package io.keygate.auth.oidc;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes stored authorizations that can no longer be used: every token they hold (code, access,
 * refresh, ID token, device and user codes) is absent or past its expiry. Spring Authorization
 * Server never deletes them itself, so without this the table grows by one row per sign-in
 * forever. A token without an expiry keeps its row. Every replica sweeps; a delete is harmless
 * twice.
 */
final class ExpiredAuthorizationSweep {

	private static final Logger log = LoggerFactory.getLogger(ExpiredAuthorizationSweep.class);

	private static final String DELETE_EXPIRED = """
			delete from oauth2_authorization
			 where (authorization_code_value is null or authorization_code_expires_at < :now)
			   and (access_token_value is null or access_token_expires_at < :now)
			   and (refresh_token_value is null or refresh_token_expires_at < :now)
			   and (oidc_id_token_value is null or oidc_id_token_expires_at < :now)
			   and (user_code_value is null or user_code_expires_at < :now)
			   and (device_code_value is null or device_code_expires_at < :now)
			""";

	private final JdbcClient jdbc;

	private final Clock clock;

	ExpiredAuthorizationSweep(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Returns how many authorizations were deleted. */
	@Scheduled(fixedDelayString = "${keygate.oidc.authorization-sweep-interval:PT10M}",
			initialDelayString = "${keygate.oidc.authorization-sweep-interval:PT10M}")
	public int removeExpired() {
		try {
			int removed = this.jdbc.sql(DELETE_EXPIRED)
				.param("now", OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC))
				.update();
			if (removed > 0) {
				log.debug("Removed {} expired OAuth2 authorizations", removed);
			}
			return removed;
		}
		catch (DataAccessException ex) {
			// The next run retries; expired rows left a while longer cannot be used anyway.
			log.warn("Sweep of expired OAuth2 authorizations failed, will retry: {}", ex.toString());
			return 0;
		}
	}

}
