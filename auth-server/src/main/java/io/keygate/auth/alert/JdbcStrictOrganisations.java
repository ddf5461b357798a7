package io.keygate.auth.alert;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.policy.detection.StrictOrganisations;
import io.keygate.policy.detection.Strictness;

/**
 * Reads {@code detection_strict} (written by a breach declaration). The runner takes a
 * {@link #snapshot()} once per pass rather than a query per event; a snapshot that cannot be read
 * says STRICT for everyone, because doubt tightens, never loosens.
 */
public final class JdbcStrictOrganisations implements StrictOrganisations {

	private static final Logger log = LoggerFactory.getLogger(JdbcStrictOrganisations.class);

	private final JdbcClient jdbc;

	public JdbcStrictOrganisations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Strictness at(String organisation, Instant at) {
		return snapshot().at(organisation, at);
	}

	/** Every organisation's strict period as of now, held in memory for one pass. */
	public StrictOrganisations snapshot() {
		Map<String, Long> until = new HashMap<>();
		try {
			this.jdbc.sql("select organisation, until_epoch_second from detection_strict")
				.query((rs, row) -> until.put(rs.getString(1), rs.getLong(2)))
				.list();
		}
		catch (RuntimeException ex) {
			log.warn("Strict organisations cannot be read; every organisation is watched strictly this pass: {}", ex.toString());
			return (organisation, at) -> Strictness.STRICT;
		}
		Map<String, Long> copy = Map.copyOf(until);
		return (organisation, at) -> {
			Long end = copy.get(organisation);
			return end != null && at.getEpochSecond() < end ? Strictness.STRICT : Strictness.NORMAL;
		};
	}

}
