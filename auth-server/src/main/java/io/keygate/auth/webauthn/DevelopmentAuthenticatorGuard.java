package io.keygate.auth.webauthn;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps the development switch {@value #PROPERTY} out of anything but a developer's machine. The
 * virtual authenticator's attestation key is public, so trusting it anywhere reachable would let
 * anybody enroll a "hardware key". The switch is refused at start-up unless every WebAuthn origin
 * is a loopback origin and none of the distributed settings (PostgreSQL, the Redis grant store) is
 * on: a production deployment has at least one of those.
 */
final class DevelopmentAuthenticatorGuard {

	static final String PROPERTY = "keygate.webauthn.allow-chromium-virtual-authenticator";

	private DevelopmentAuthenticatorGuard() {
	}

	/**
	 * @throws IllegalStateException naming the property and every reason it is refused
	 */
	static void check(List<String> origins, String datasourceUrl, String grantStoreKind) {
		List<String> reasons = new ArrayList<>();
		for (String origin : origins) {
			if (!isLoopbackOrigin(origin)) {
				reasons.add("keygate.webauthn.origins entry '" + origin + "' is not a loopback origin");
			}
		}
		if (datasourceUrl != null && datasourceUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
			reasons.add("spring.datasource.url is PostgreSQL (the distributed configuration)");
		}
		if (grantStoreKind != null && grantStoreKind.trim().equalsIgnoreCase("redis")) {
			reasons.add("keygate.grant-store.kind is redis (the distributed configuration)");
		}
		if (!reasons.isEmpty()) {
			throw new IllegalStateException(PROPERTY + "=true is refused: " + String.join("; ", reasons)
					+ ". It trusts an authenticator whose attestation key is public and is for local development only: "
					+ "every origin must be http://localhost, http://127.0.0.1 or http://[::1] (any port), with the embedded "
					+ "database and grant store. Remove the property.");
		}
	}

	static boolean isLoopbackOrigin(String origin) {
		URI uri;
		try {
			uri = URI.create(origin);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
			return false;
		}
		// Exactly these hosts: a name such as portal.localhost or an address that merely routes to
		// this machine today is not a promise that the origin stays on it.
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
	}

}
