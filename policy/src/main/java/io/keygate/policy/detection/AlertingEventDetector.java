package io.keygate.policy.detection;

import java.util.List;
import java.util.regex.Pattern;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;

/**
 * The convention every part of Keygate uses to ask for a person's attention: an audit entry whose
 * details carry {@value #EXPLANATION} becomes a finding with the entry's own severity and
 * {@value #TECHNIQUE} (T1078 when absent or not a technique id). The gateway (a decoy touched, a
 * honeytoken presented), the firmware gate and break-glass raise alerts this way, without an alert
 * store of their own.
 * <p>
 * {@code alert.raised} entries carry the same keys (for the SIEM and the webhook) and are skipped,
 * or every alert would raise another one forever.
 */
public final class AlertingEventDetector implements Detector {

	public static final String ID = "alerting-event";

	/** One sentence a person can act on. */
	public static final String EXPLANATION = "alert.explanation";

	public static final String TECHNIQUE = "threat.technique.id";

	/** Optional: what makes two such events "the same" alert (folded while one is open). */
	public static final String DEDUP = "alert.dedup";

	static final String DEFAULT_TECHNIQUE = "T1078";

	private static final Pattern TECHNIQUE_ID = Pattern.compile("T\\d{4}(\\.\\d{3})?");

	@Override
	public String id() {
		return ID;
	}

	@Override
	public List<Finding> observe(AuditEvent event, Strictness strictness) {
		AuditEntry entry = event.entry();
		if (AuditAction.ALERT_RAISED.action().equals(entry.action())) {
			return List.of();
		}
		String explanation = entry.details().getOrDefault(EXPLANATION, "");
		if (explanation.isBlank()) {
			return List.of();
		}
		String technique = entry.details().getOrDefault(TECHNIQUE, "");
		if (!TECHNIQUE_ID.matcher(technique).matches()) {
			technique = DEFAULT_TECHNIQUE;
		}
		String dedup = entry.details().getOrDefault(DEDUP, "");
		if (dedup.isBlank()) {
			// Without a key of its own, repeats of the same action by the same person (or, when
			// nobody is signed in, from the same address) on the same target fold into one alert.
			dedup = String.join("|", ID, entry.action(), entry.reason(), entry.actor(), entry.organisation(),
					entry.actor().isEmpty() ? entry.clientAddress() : "", entry.targetId());
		}
		return List.of(new Finding(ID, entry.severity(), technique, explanation, entry.actor(), entry.organisation(),
				entry.targetId(), List.of(event.sequence()), entry.at(), dedup));
	}

}
