package io.keygate.gateway.transcript;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id that links a gateway browser session's audited requests into one transcript. The
 * session id is what the session cookie carries, so it never goes into the audit: its SHA-256
 * does (first 128 bits, hex). The session id is random with far more entropy than that, so the
 * hash cannot be turned back into a cookie, and the same session always gives the same id.
 */
public final class TranscriptSessionId {

	/** The detail key the gateway's decision and completion events carry it under. */
	public static final String DETAIL = "session";

	/** The exchange attribute the hash is kept under once computed for a request. */
	public static final String DETAIL_ATTRIBUTE = TranscriptSessionId.class.getName();

	private TranscriptSessionId() {
	}

	/** Empty for a request without a browser session (nothing to link). */
	public static String of(String browserSession) {
		if (browserSession == null || browserSession.isEmpty()) {
			return "";
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(browserSession.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM (this is a bug)", ex);
		}
	}

}
