package io.keygate.policy.detection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

/**
 * T1078: one security key (credential id) behind two people's sign-ins, step-ups or approvals.
 * A credential belongs to one account, so this is a tampered credential store, a re-bound key,
 * or one person's key in another's hands; each of those is a breach of the one-person-one-key
 * promise that approvals rest on.
 */
public final class SharedKeyDetector implements Detector, DetectorHistory {

	public static final String ID = "key-shared";

	static final int MAX_CREDENTIALS = 50_000;

	/** Where each action keeps the credential id it used. */
	private static final Map<String, String> CREDENTIAL_DETAIL = Map.of(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED.action(),
			"credentialId", AuditAction.WEBAUTHN_STEPUP_SUCCEEDED.action(), "credentialId",
			AuditAction.REQUEST_APPROVAL.action(), "credential");

	private record Owner(String person, String organisation, Instant at, long sequence) {
	}

	private final KeyMemoryThresholds thresholds;

	private final Map<String, Owner> owners = new BoundedMap<>(MAX_CREDENTIALS);

	public SharedKeyDetector(KeyMemoryThresholds thresholds) {
		this.thresholds = Objects.requireNonNull(thresholds, "thresholds cannot be null");
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public Duration lookback() {
		return this.thresholds.memory();
	}

	@Override
	public Set<String> actions() {
		return CREDENTIAL_DETAIL.keySet();
	}

	@Override
	public List<Finding> observe(AuditEvent event, Strictness strictness) {
		AuditEntry entry = event.entry();
		String detail = CREDENTIAL_DETAIL.get(entry.action());
		if (detail == null || entry.actor().isEmpty()) {
			return List.of();
		}
		String credential = entry.details().getOrDefault(detail, "");
		if (credential.isEmpty()) {
			return List.of();
		}
		Owner before = this.owners.get(credential);
		this.owners.put(credential, new Owner(entry.actor(), entry.organisation(), entry.at(), event.sequence()));
		if (before == null || before.person().equals(entry.actor())
				|| before.at().isBefore(entry.at().minus(this.thresholds.memory()))) {
			return List.of();
		}
		String explanation = "The security key " + CounterRegressionDetector.shortId(credential) + " was used by "
				+ entry.actor() + " after " + before.person() + " had used it: one key behind two people's sessions.";
		return List.of(new Finding(ID, Severity.HIGH, "T1078", explanation, entry.actor(), entry.organisation(), "",
				List.of(before.sequence(), event.sequence()), entry.at(), ID + "|" + credential));
	}

}
