package io.keygate.infra.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks the HTTP Basic service credential of the simulated system. The comparison hashes both
 * sides first so that neither the length nor a common prefix of the password leaks through timing.
 */
final class ServiceCredential {

	private static final String BASIC = "basic ";

	private final String username;

	private final byte[] passwordHash;

	ServiceCredential(SimulatorProperties.Credential credential) {
		this.username = credential.username();
		this.passwordHash = sha256(credential.password());
	}

	/** The service account a header names, when the header carries exactly the right credential. */
	Optional<String> authenticate(String authorization) {
		if (authorization == null || authorization.length() <= BASIC.length()
				|| !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			return Optional.empty();
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		int colon = decoded.indexOf(':');
		if (colon < 0) {
			return Optional.empty();
		}
		boolean userMatches = MessageDigest.isEqual(sha256(decoded.substring(0, colon)), sha256(this.username));
		boolean passwordMatches = MessageDigest.isEqual(sha256(decoded.substring(colon + 1)), this.passwordHash);
		return userMatches && passwordMatches ? Optional.of(this.username) : Optional.empty();
	}

	/** The header value a client (the gateway, a benchmark) sends for this credential. */
	static String basicHeader(String username, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM (this is a bug)", ex);
		}
	}

}
