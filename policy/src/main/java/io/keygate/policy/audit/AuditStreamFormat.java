package io.keygate.policy.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How an audit entry travels as one Redis Stream entry from a gateway to the auth server, which
 * chains it. One format, used by the producer and the consumer, so that they cannot drift apart.
 * <p>
 * Fields: {@code v=1, at (ISO-8601), actor, organisation, action, target, grant, request, outcome,
 * reason, client, severity}, and each detail as {@code detail.<key>}.
 */
public final class AuditStreamFormat {

	/** The format version written by {@link #toFields}. */
	public static final String VERSION = "1";

	private static final String DETAIL = "detail.";

	private AuditStreamFormat() {
	}

	public static Map<String, String> toFields(AuditEntry entry) {
		Objects.requireNonNull(entry, "entry cannot be null");
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("v", VERSION);
		fields.put("at", entry.at().toString());
		fields.put("actor", entry.actor());
		fields.put("organisation", entry.organisation());
		fields.put("action", entry.action());
		fields.put("target", entry.targetId());
		fields.put("grant", entry.grantId());
		fields.put("request", entry.requestId());
		fields.put("outcome", entry.outcome());
		fields.put("reason", entry.reason());
		fields.put("client", entry.clientAddress());
		fields.put("severity", entry.severity().name());
		entry.details().forEach((key, value) -> fields.put(DETAIL + key, value));
		return fields;
	}

	/**
	 * Rebuilds the entry; throws {@link IllegalArgumentException} naming the problem when the
	 * fields are not a version-1 entry (the consumer then records the malformed entry as such
	 * instead of dropping it).
	 */
	public static AuditEntry fromFields(Map<String, String> fields) {
		Objects.requireNonNull(fields, "fields cannot be null");
		if (!VERSION.equals(fields.get("v"))) {
			throw new IllegalArgumentException("unknown audit stream format version '" + fields.get("v") + "'");
		}
		Instant at;
		try {
			at = Instant.parse(required(fields, "at"));
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'at' is not an ISO-8601 instant: " + fields.get("at"));
		}
		Severity severity;
		try {
			severity = Severity.valueOf(required(fields, "severity"));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("unknown severity '" + fields.get("severity") + "'");
		}
		Map<String, String> details = new TreeMap<>();
		fields.forEach((key, value) -> {
			if (key.startsWith(DETAIL)) {
				details.put(key.substring(DETAIL.length()), value);
			}
		});
		return new AuditEntry(at, fields.get("actor"), fields.get("organisation"), required(fields, "action"),
				fields.get("target"), fields.get("grant"), fields.get("request"), fields.get("outcome"), fields.get("reason"),
				fields.get("client"), severity, details);
	}

	private static String required(Map<String, String> fields, String key) {
		String value = fields.get(key);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("'" + key + "' is missing");
		}
		return value;
	}

}
