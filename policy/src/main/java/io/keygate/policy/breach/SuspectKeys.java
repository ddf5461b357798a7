package io.keygate.policy.breach;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of an organisation's keys a breach declaration distrusts: every key enrolled or used,
 * inside the window, from a network the organisation had not used before the window began.
 * "Seen before" is counted over the whole organisation, not per person: a vendor's engineers
 * share offices and VPN egress, while an attacker holding a stolen key comes from elsewhere. A
 * use with no recorded address counts as unseen (doubt distrusts).
 */
public final class SuspectKeys {

	private SuspectKeys() {
	}

	/** The credential ids to quarantine, sorted. */
	public static Set<String> among(Collection<KeyUse> uses, BreachWindow window) {
		Set<String> seenBefore = new TreeSet<>();
		for (KeyUse use : uses) {
			if (use.at().isBefore(window.from()) && !use.clientAddress().isBlank()) {
				seenBefore.add(Network.of(use.clientAddress()));
			}
		}
		Set<String> suspect = new TreeSet<>();
		for (KeyUse use : uses) {
			if (!window.contains(use.at()) || use.credentialId().isBlank()) {
				continue;
			}
			String network = Network.of(use.clientAddress());
			if (network.isEmpty() || !seenBefore.contains(network)) {
				suspect.add(use.credentialId());
			}
		}
		return suspect;
	}

}
