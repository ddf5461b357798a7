package io.keygate.policy.audit;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the chain records instead of an entry that cannot be stored (a poison entry): a HIGH
 * severity {@code audit.entry.quarantined} event with the entry's raw fields cut short, so that
 * the pipeline moves on (every later entry still reaches the chain) and nothing is silently
 * dropped. Raw values are cut to a few hundred characters: the quarantine must itself always fit.
 */
public final class AuditQuarantine {

	static final int RAW_VALUE = 256;

	static final int RAW_FIELDS = 24;

	private AuditQuarantine() {
	}

	/** The quarantine entry for {@code raw} fields (of a stream entry, or of an entry's own fields). */
	public static AuditEntry of(Map<String, String> raw, String problem, String source, Instant at) {
		AuditEntry.Builder quarantined = AuditEntry.builder(AuditAction.AUDIT_ENTRY_QUARANTINED, at)
			.severity(Severity.HIGH)
			.outcome("QUARANTINED")
			.reason(AuditFieldLimits.cut(problem == null ? "" : problem, 512))
			.detail("source", AuditFieldLimits.cut(source == null ? "" : source, 128));
		int n = 0;
		for (Map.Entry<String, String> field : new TreeMap<>(raw == null ? Map.<String, String>of() : raw).entrySet()) {
			if (n++ == RAW_FIELDS) {
				quarantined.detail("raw.omittedFields", raw.size() - RAW_FIELDS);
				break;
			}
			quarantined.detail(AuditFieldLimits.cut("raw." + field.getKey(), AuditFieldLimits.MAX_DETAIL_KEY),
					AuditFieldLimits.cut(field.getValue() == null ? "" : field.getValue(), RAW_VALUE));
		}
		return quarantined.build();
	}

	/** The quarantine entry for an entry the store refused. */
	public static AuditEntry of(AuditEntry refused, String problem, String source, Instant at) {
		return of(AuditStreamFormat.toFields(refused), problem, source, at);
	}

}
