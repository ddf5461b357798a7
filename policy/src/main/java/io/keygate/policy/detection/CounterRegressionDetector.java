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
 * T1078: a security key whose signature counter went backwards — two copies of one credential
 * in use, i.e. a cloned key. The auth server refuses such an assertion and audits
 * {@code webauthn.counter.regression}; this detector turns that into an alert, and also checks
 * the counters of successful assertions against each other, which catches a regression the
 * store's compare-and-set could not see (e.g. a credential row restored from a backup).
 * A counter of 0 means the authenticator keeps none (WebAuthn §6.1.1) and is not compared.
 */
public final class CounterRegressionDetector implements Detector, DetectorHistory {

	public static final String ID = "key-counter-regression";

	static final int MAX_CREDENTIALS = 50_000;

	private static final String REGRESSION = AuditAction.WEBAUTHN_COUNTER_REGRESSION.action();

	private static final Set<String> SUCCEEDED = Set.of(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED.action(),
			AuditAction.WEBAUTHN_STEPUP_SUCCEEDED.action());

	private record Counter(long count, Instant at, long sequence) {
	}

	private final KeyMemoryThresholds thresholds;

	private final Map<String, Counter> counters = new BoundedMap<>(MAX_CREDENTIALS);

	public CounterRegressionDetector(KeyMemoryThresholds thresholds) {
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
		return Set.of(REGRESSION, AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED.action(), AuditAction.WEBAUTHN_STEPUP_SUCCEEDED.action());
	}

	@Override
	public List<Finding> observe(AuditEvent event, Strictness strictness) {
		AuditEntry entry = event.entry();
		String credential = entry.details().getOrDefault("credentialId", "");
		if (REGRESSION.equals(entry.action())) {
			return List.of(finding(event, credential, List.of(event.sequence()),
					"The security key " + shortId(credential) + " of " + person(entry)
							+ " presented a signature counter that went backwards: the key has probably been cloned."));
		}
		if (!SUCCEEDED.contains(entry.action()) || credential.isEmpty()) {
			return List.of();
		}
		long count;
		try {
			count = Long.parseLong(entry.details().getOrDefault("signatureCount", ""));
		}
		catch (NumberFormatException ex) {
			return List.of();
		}
		Counter before = this.counters.get(credential);
		this.counters.put(credential, new Counter(count, entry.at(), event.sequence()));
		if (before == null || before.at().isBefore(entry.at().minus(this.thresholds.memory())) || count == 0
				|| before.count() == 0 || count > before.count()) {
			return List.of();
		}
		return List.of(finding(event, credential, List.of(before.sequence(), event.sequence()),
				"The security key " + shortId(credential) + " of " + person(entry) + " signed with counter " + count
						+ " after it had reached " + before.count() + ": two copies of the key are in use."));
	}

	private static Finding finding(AuditEvent event, String credential, List<Long> sequences, String explanation) {
		AuditEntry entry = event.entry();
		return new Finding(ID, Severity.CRITICAL, "T1078", explanation, entry.actor(), entry.organisation(), "", sequences,
				entry.at(), ID + "|" + credential);
	}

	static String shortId(String credential) {
		if (credential.isEmpty()) {
			return "(unknown)";
		}
		return credential.length() <= 12 ? credential : credential.substring(0, 12) + "…";
	}

	static String person(AuditEntry entry) {
		return entry.actor().isEmpty() ? "an unknown person" : entry.actor();
	}

}
