package io.keygate.auth.audit.stream;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.grantstore.redis.AuditStreamSignature;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.IntegrityViolation;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.Severity;

/**
 * Whether a gateway audit-stream entry was written by a gateway holding the integrity keys. Anyone who
 * can reach Redis can XADD: an entry whose MAC does not verify is never chained as the decision it
 * claims to be. It is chained instead as a HIGH {@code audit.stream.forged} alert holding its raw
 * content, cut short (a forged entry may be huge), so the chain keeps the evidence without trusting it.
 */
final class ForgedEntryCheck {

	private static final Logger log = LoggerFactory.getLogger(ForgedEntryCheck.class);

	private final AuditStreamSignature signature;

	private final String stream;

	private final Clock clock;

	ForgedEntryCheck(IntegrityKeys keys, String stream, Clock clock) {
		this.stream = Objects.requireNonNull(stream, "stream cannot be null");
		this.signature = new AuditStreamSignature(keys, stream);
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/** Null when the entry is genuine; otherwise the alert to chain in its place. */
	AuditEntry alertIfForged(String streamId, Map<String, String> fields) {
		IntegrityKeys.Verdict verdict = this.signature.verify(fields);
		if (verdict == IntegrityKeys.Verdict.VALID) {
			return null;
		}
		StringBuilder raw = new StringBuilder();
		new TreeMap<>(fields == null ? Map.<String, String>of() : fields)
			.forEach((key, value) -> raw.append(key).append('=').append(value).append("; "));
		String excerpt = IntegrityViolation.truncate(raw.toString());
		log.error("FORGED gateway audit entry {} on {} ({}): not chained as a decision; chained as an alert. Raw: {}", streamId,
				this.stream, verdict, excerpt);
		return AuditEntry.builder(AuditAction.AUDIT_STREAM_FORGED, this.clock.instant())
			.severity(Severity.HIGH)
			.outcome("FORGED")
			.reason("forged audit entry: MAC " + verdict)
			.detail("stream", this.stream)
			.detail("stream.id", IntegrityViolation.truncate(String.valueOf(streamId)))
			.detail("raw", excerpt)
			.build();
	}

}
