package io.keygate.auth.breach;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Who a declaration quarantined, for its result page. */
@Component
public class KeyQuarantineQueries {

	private final JdbcClient jdbc;

	public KeyQuarantineQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<String> subjectsOf(String declarationId) {
		return this.jdbc.sql("select distinct subject from key_quarantine where declaration_id = ? order by subject")
			.param(declarationId)
			.query(String.class)
			.list();
	}

}
