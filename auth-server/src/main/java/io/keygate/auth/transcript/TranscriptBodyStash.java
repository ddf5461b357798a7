package io.keygate.auth.transcript;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.policy.audit.AuditEntry;

/**
 * Moves a transcript body out of an audit entry before it is chained: the gateway sends the body
 * in parts ({@value #PART_PREFIX}0, 1, ...) with the completion event (so it travels the same way
 * as every decision, in process or over the audit stream); here the parts are joined, stored in
 * {@code transcript_body} under their SHA-256, and replaced by {@value #SHA256_DETAIL} in the
 * entry. The chain then protects the body by its hash without carrying it. Runs inside the chain
 * writer's transaction, under its lock, so the body and the event that names it commit together.
 */
public final class TranscriptBodyStash {

	public static final String PART_PREFIX = "body.part.";

	public static final String SHA256_DETAIL = "body.sha256";

	private TranscriptBodyStash() {
	}

	public static List<AuditEntry> stash(JdbcClient jdbc, List<AuditEntry> entries) {
		List<AuditEntry> out = new ArrayList<>(entries.size());
		for (AuditEntry entry : entries) {
			out.add(entry.details().containsKey(PART_PREFIX + "0") ? stashOne(jdbc, entry) : entry);
		}
		return out;
	}

	private static AuditEntry stashOne(JdbcClient jdbc, AuditEntry entry) {
		StringBuilder joined = new StringBuilder();
		Map<String, String> details = new TreeMap<>(entry.details());
		for (int part = 0; details.containsKey(PART_PREFIX + part); part++) {
			joined.append(details.remove(PART_PREFIX + part));
		}
		details.keySet().removeIf(key -> key.startsWith(PART_PREFIX));
		String content = joined.toString();
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(content);
		}
		catch (IllegalArgumentException ex) {
			details.put("body.omitted", "body parts were not valid base64");
			return withDetails(entry, details);
		}
		String sha256 = sha256(bytes);
		boolean sealed = Boolean.parseBoolean(details.getOrDefault("body.sealed", "false"));
		boolean known = jdbc.sql("select count(*) from transcript_body where sha256 = ?").param(sha256).query(Long.class).single() > 0;
		if (!known) {
			jdbc.sql("insert into transcript_body (sha256, content, sealed, stored_at_epoch_second) values (?, ?, ?, ?)")
				.params(sha256, content, sealed, entry.at().getEpochSecond())
				.update();
		}
		details.put(SHA256_DETAIL, sha256);
		return withDetails(entry, details);
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM (this is a bug)", ex);
		}
	}

	private static AuditEntry withDetails(AuditEntry entry, Map<String, String> details) {
		return new AuditEntry(entry.at(), entry.actor(), entry.organisation(), entry.action(), entry.targetId(),
				entry.grantId(), entry.requestId(), entry.outcome(), entry.reason(), entry.clientAddress(), entry.severity(),
				details);
	}

}
