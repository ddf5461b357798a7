package io.keygate.auth.transcript;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;

/**
 * Builds a grant's {@link Transcript} from the chain: each allowed request is its completion event
 * (status, bytes, duration, body), each refused one its decision event; the allow decision that
 * precedes a completion is not repeated.
 */
@Component
public final class TranscriptReader {

	/** A transcript shows at most this many events of a grant (the newest are in the audit log). */
	static final int MAX_EVENTS = 5000;

	private final JdbcAuditLog audit;

	private final JdbcClient jdbc;

	public TranscriptReader(JdbcAuditLog audit, JdbcClient jdbc) {
		this.audit = audit;
		this.jdbc = jdbc;
	}

	/** The grant a request led to, if any. */
	public Optional<String> grantOfRequest(String requestId) {
		return this.jdbc.sql("select id from grant_history where request_id = ?").param(requestId).query(String.class).optional();
	}

	public Optional<Transcript> ofGrant(String grantId) {
		record Head(String requestId, String subject, String targetId) {
		}
		Optional<Head> head = this.jdbc.sql("select request_id, subject, target_id from grant_history where id = ?")
			.param(grantId)
			.query((rs, row) -> new Head(rs.getString(1), rs.getString(2), rs.getString(3)))
			.optional();
		if (head.isEmpty()) {
			return Optional.empty();
		}
		Map<String, List<Transcript.Line>> sessions = new LinkedHashMap<>();
		for (AuditEvent event : this.audit.eventsOfGrant(grantId, MAX_EVENTS)) {
			AuditEntry entry = event.entry();
			boolean completed = entry.action().equals(AuditAction.ACCESS_COMPLETED.action());
			boolean denied = entry.action().equals(AuditAction.ACCESS_DECISION.action()) && "deny".equals(entry.outcome());
			if (!completed && !denied) {
				continue;
			}
			Map<String, String> d = entry.details();
			Transcript.Line line = new Transcript.Line(event.sequence(), entry.at(), d.getOrDefault("method", ""),
					d.getOrDefault("path", ""), entry.outcome(), entry.reason(), d.getOrDefault("status", ""),
					completed ? d.getOrDefault("bytes", "") : "", completed ? d.getOrDefault("durationMicros", "") : "",
					body(d));
			sessions.computeIfAbsent(d.getOrDefault("session", ""), key -> new ArrayList<>()).add(line);
		}
		List<Transcript.Session> list = sessions.entrySet()
			.stream()
			.map(session -> new Transcript.Session(session.getKey(), session.getValue()))
			.toList();
		return Optional.of(new Transcript(grantId, head.get().requestId(), head.get().subject(), head.get().targetId(), list));
	}

	/** The stored bytes of a body (redacted text or sealed envelope), if the chain references it. */
	public Optional<byte[]> storedBody(String sha256) {
		return this.jdbc.sql("select content from transcript_body where sha256 = ?")
			.param(sha256)
			.query(String.class)
			.optional()
			.map(Base64.getDecoder()::decode);
	}

	private Transcript.Body body(Map<String, String> details) {
		String sha256 = details.get(TranscriptBodyStash.SHA256_DETAIL);
		String omitted = details.getOrDefault("body.omitted", "");
		if (sha256 == null && omitted.isEmpty()) {
			return null;
		}
		boolean sealed = Boolean.parseBoolean(details.getOrDefault("body.sealed", "false"));
		Optional<byte[]> stored = sha256 == null ? Optional.empty() : storedBody(sha256);
		if (sha256 != null && stored.isPresent() && !TranscriptBodyStash.sha256(stored.get()).equals(sha256)) {
			// The chain protects the hash; a body that no longer matches it was altered beside the chain.
			omitted = "stored body does not match the hash in the audit chain (altered)";
			stored = Optional.empty();
		}
		else if (sha256 != null && stored.isEmpty()) {
			omitted = "stored body is missing";
		}
		String text = sealed ? "" : stored.map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse("");
		long length;
		try {
			length = Long.parseLong(details.getOrDefault("body.length", "0"));
		}
		catch (NumberFormatException ex) {
			length = -1;
		}
		return new Transcript.Body(sha256 == null ? "" : sha256, details.getOrDefault("body.contentType", ""), length,
				Boolean.parseBoolean(details.getOrDefault("body.truncated", "false")), sealed, text, omitted);
	}

}
