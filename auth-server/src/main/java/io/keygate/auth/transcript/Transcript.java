package io.keygate.auth.transcript;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What went through one grant: its gateway sessions, each with its requests in order. A session
 * is identified by the hash the gateway audits (never the cookie); requests without one (a bearer
 * client) form a session of their own.
 */
public record Transcript(String grantId, String requestId, String subject, String targetId, List<Session> sessions) {

	public Transcript {
		Objects.requireNonNull(grantId, "grantId cannot be null");
		sessions = List.copyOf(sessions);
	}

	public int requestCount() {
		return this.sessions.stream().mapToInt(session -> session.lines().size()).sum();
	}

	public record Session(String id, List<Line> lines) {

		public Session {
			lines = List.copyOf(lines);
		}

	}

	/**
	 * One request: when, what, the outcome ({@code allow} with status, bytes and duration once it
	 * completed; {@code deny} with the reason), and its body where one was kept.
	 */
	public record Line(long sequence, Instant at, String method, String path, String outcome, String reason, String status,
			String bytes, String durationMicros, Body body) {
	}

	/**
	 * A kept body: {@code text} is the redacted body when it was stored in clear, empty when it
	 * is sealed (then only the holder of the utility's private key can read it; see the README).
	 */
	public record Body(String sha256, String contentType, long length, boolean truncated, boolean sealed, String text,
			String omitted) {
	}

}
