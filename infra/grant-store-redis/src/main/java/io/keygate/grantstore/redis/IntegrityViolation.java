package io.keygate.grantstore.redis;

import java.util.Objects;

/**
 * Something read from Redis that Keygate did not write: no MAC, a MAC that does not verify, a key
 * nobody knows, or a record that points somewhere it should not. Always a HIGH alert: it means
 * someone other than Keygate writes to Redis, or a process runs with the wrong keys.
 *
 * @param record what was read: {@link Record}
 * @param key the Redis key (or channel / stream id) it was read from
 * @param problem the verdict or inconsistency, for operators
 * @param raw the record as read, truncated, for the investigation
 */
public record IntegrityViolation(Record record, String key, String problem, String raw) {

	/** Which kind of record failed verification. */
	public enum Record {
		GRANT, SUSPENSION, REVOCATION_MESSAGE, AUDIT_ENTRY,
		/** A gateway heartbeat, live-session snapshot or termination (issue 16). */
		LIVE_SESSIONS,
		/** A gateway browser session value, or a "browser session ended" message (issue 18). */
		BROWSER_SESSION
	}

	/** Longest raw excerpt kept: a forged record may be huge and must not flood the log or the chain. */
	public static final int RAW_LIMIT = 512;

	public IntegrityViolation {
		Objects.requireNonNull(record, "record cannot be null");
		key = key == null ? "" : truncate(key);
		Objects.requireNonNull(problem, "problem cannot be null");
		raw = raw == null ? "" : truncate(raw);
	}

	/** {@code text} cut to {@link #RAW_LIMIT} characters, control characters (log forging) replaced by '?'. */
	public static String truncate(String text) {
		String cut = text.length() > RAW_LIMIT ? text.substring(0, RAW_LIMIT) + "...(" + text.length() + " chars)" : text;
		StringBuilder safe = new StringBuilder(cut.length());
		cut.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
		return safe.toString();
	}

}
