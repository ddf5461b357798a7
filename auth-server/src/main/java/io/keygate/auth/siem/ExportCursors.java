package io.keygate.auth.siem;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The last chain sequence each SIEM export has delivered to its destination ({@code siem_export_cursor}). */
final class ExportCursors {

	private final JdbcClient jdbc;

	ExportCursors(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long get(String sink) {
		return this.jdbc.sql("select last_sequence from siem_export_cursor where sink = ?")
			.param(sink)
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	/** Moves the cursor forward only: two nodes exporting, or a stale writer, never move it back. */
	void advance(String sink, long sequence) {
		int updated = this.jdbc.sql("update siem_export_cursor set last_sequence = ? where sink = ? and last_sequence < ?")
			.params(sequence, sink, sequence)
			.update();
		if (updated == 0 && this.jdbc.sql("select count(*) from siem_export_cursor where sink = ?")
			.param(sink)
			.query(Long.class)
			.single() == 0) {
			this.jdbc.sql("insert into siem_export_cursor (sink, last_sequence) values (?, ?)").params(sink, sequence).update();
		}
	}

}
