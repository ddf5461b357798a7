package io.keygate.auth.webauthn;

import java.util.Locale;

/**
 * In the distributed configuration (PostgreSQL or the Redis grant store) the operator must say
 * where attestation trust comes from: Keygate's bundled vendor roots, their own roots, or a FIDO
 * Metadata Service BLOB. Without a choice every registration would be refused and nobody could
 * enrol, and a silent default either way would be a trust decision nobody made. The embedded
 * quickstart makes the choice itself (the bundle), so a first run accepts the common keys.
 */
final class AttestationTrustChoice {

	static final String BUNDLED_ROOTS = "keygate.webauthn.trust.bundled-roots";

	private AttestationTrustChoice() {
	}

	/**
	 * @throws IllegalStateException naming the properties, when the distributed configuration
	 * makes no choice
	 */
	static void check(WebAuthnProperties.Trust trust, String datasourceUrl, String grantStoreKind) {
		boolean chosen = trust.bundledRoots() != null || trust.rootsDirectory() != null || trust.keyStore() != null
				|| trust.mdsBlob() != null;
		if (chosen || !distributed(datasourceUrl, grantStoreKind)) {
			return;
		}
		throw new IllegalStateException("No attestation trust is chosen for the distributed configuration, so every security "
				+ "key registration would be refused. Choose one (or more): " + BUNDLED_ROOTS
				+ "=true (the vendor roots Keygate ships, listed in OPERATING.md), keygate.webauthn.trust.roots-directory or "
				+ "keygate.webauthn.trust.key-store (your own vendor roots), or keygate.webauthn.trust.mds-blob (a FIDO Metadata "
				+ "Service BLOB). Set " + BUNDLED_ROOTS + "=false to run on your own roots only.");
	}

	static boolean distributed(String datasourceUrl, String grantStoreKind) {
		return datasourceUrl != null && datasourceUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")
				|| grantStoreKind != null && grantStoreKind.trim().equalsIgnoreCase("redis");
	}

}
