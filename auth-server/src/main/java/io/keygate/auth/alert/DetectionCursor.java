package io.keygate.auth.alert;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How far the detection runner has read the chain: one row, locked for the whole of a pass
 * ({@code SELECT ... FOR UPDATE}), so that with several auth-server replicas each chained event
 * is fed to the detectors once: a second replica waits for the first to commit, then reads on
 * from where it stopped.
 */
public final class DetectionCursor {

	private final JdbcClient jdbc;

	public DetectionCursor(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The last sequence handled, with the row locked until the caller's transaction ends. */
	public long lock() {
		return this.jdbc.sql("select last_sequence from detection_cursor where id = 1 for update").query(Long.class).single();
	}

	public void advance(long lastSequence) {
		this.jdbc.sql("update detection_cursor set last_sequence = ? where id = 1").param(lastSequence).update();
	}

	/** Without a lock, for the page and for tests. */
	public long position() {
		return this.jdbc.sql("select last_sequence from detection_cursor where id = 1").query(Long.class).single();
	}

}
