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
 * T1078: a person signs in from a client network (IPv4 /24, IPv6 /64) they have not signed in
 * from within the memory window. A stolen vendor account is used from the intruder's network,
 * not the engineer's office or home; the key itself may be stolen too, so a valid sign-in is no
 * comfort. Memory is per person, at most {@value #MAX_NETWORKS} networks each and
 * {@value #MAX_PEOPLE} people.
 */
public final class SignInNewNetworkDetector implements Detector, DetectorHistory {

	public static final String ID = "signin-new-network";

	static final int MAX_PEOPLE = 20_000;

	static final int MAX_NETWORKS = 32;

	private static final String SIGNED_IN = AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED.action();

	private final NewNetworkThresholds normal;

	private final NewNetworkThresholds strict;

	private final Map<String, Map<ClientNetwork, Instant>> known = new BoundedMap<>(MAX_PEOPLE);

	public SignInNewNetworkDetector(NewNetworkThresholds normal, NewNetworkThresholds strict) {
		this.normal = Objects.requireNonNull(normal, "normal cannot be null");
		this.strict = Objects.requireNonNull(strict, "strict cannot be null");
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public Duration lookback() {
		return this.normal.memory().compareTo(this.strict.memory()) >= 0 ? this.normal.memory() : this.strict.memory();
	}

	@Override
	public Set<String> actions() {
		return Set.of(SIGNED_IN);
	}

	@Override
	public List<Finding> observe(AuditEvent event, Strictness strictness) {
		AuditEntry entry = event.entry();
		if (!SIGNED_IN.equals(entry.action()) || entry.actor().isEmpty()) {
			return List.of();
		}
		ClientNetwork network = ClientNetwork.of(entry.clientAddress()).orElse(null);
		if (network == null) {
			return List.of();
		}
		NewNetworkThresholds thresholds = strictness == Strictness.STRICT ? this.strict : this.normal;
		Map<ClientNetwork, Instant> networks = this.known.computeIfAbsent(entry.actor(), person -> new BoundedMap<>(MAX_NETWORKS));
		Instant horizon = entry.at().minus(lookback());
		networks.values().removeIf(seen -> seen.isBefore(horizon));
		Instant judged = entry.at().minus(thresholds.memory());
		boolean baseline = networks.values().stream().anyMatch(seen -> !seen.isBefore(judged));
		Instant last = networks.get(network);
		boolean knownNetwork = last != null && !last.isBefore(judged);
		networks.put(network, entry.at());
		if (knownNetwork || (!baseline && !thresholds.alertWithoutBaseline())) {
			return List.of();
		}
		String explanation = baseline
				? entry.actor() + " signed in from network " + network + ", not seen for them in the last "
						+ thresholds.memory().toDays() + " days."
				: entry.actor() + " signed in from network " + network + " with no sign-in in the last "
						+ thresholds.memory().toDays() + " days to compare with, while their organisation is watched strictly.";
		return List.of(new Finding(ID, Severity.WARNING, "T1078", explanation, entry.actor(), entry.organisation(), "",
				List.of(event.sequence()), entry.at(), ID + "|" + entry.actor() + "|" + network));
	}

}
