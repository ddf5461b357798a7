package io.keygate.policy.detection;

import io.keygate.policy.audit.AuditEntry;

/** Whom a probe is counted against: the signed-in person, otherwise the client network. */
final class ProbeKeys {

	private ProbeKeys() {
	}

	static String of(AuditEntry entry) {
		if (!entry.actor().isEmpty()) {
			return "person:" + entry.actor();
		}
		return ClientNetwork.of(entry.clientAddress()).map(network -> "network:" + network).orElse(null);
	}

	static String describe(String key) {
		return key.startsWith("person:") ? key.substring("person:".length())
				: "A client from network " + key.substring("network:".length());
	}

}
