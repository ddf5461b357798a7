package io.keygate.policy.decoy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * What a honeytoken looks like and how it is found in a request. A token is
 * {@value #PREFIX} followed by 48 lower-case hex digits (192 random bits): the prefix makes it look
 * like the kind of API key an intruder copies, and lets the hot path skip every value that does not
 * contain it, so a request costs one {@code indexOf} per value and a hash only of real candidates.
 * Only the SHA-256 of a token is ever stored (enough for 192 random bits: no salt needed against
 * guessing, and a lookup by hash stays one map access).
 */
public final class HoneytokenFormat {

	public static final String PREFIX = "kgh_";

	static final int HEX_DIGITS = 48;

	private static final SecureRandom RANDOM = new SecureRandom();

	private HoneytokenFormat() {
	}

	/** A fresh token, to show once and never store. */
	public static String generate() {
		byte[] bytes = new byte[HEX_DIGITS / 2];
		RANDOM.nextBytes(bytes);
		return PREFIX + HexFormat.of().formatHex(bytes);
	}

	/** The hex SHA-256 stored in place of the token. */
	public static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 missing from the JDK (this is a bug)", ex);
		}
	}

	/** Whether {@code value} is a well-formed token by itself. */
	public static boolean isToken(String value) {
		return value != null && value.length() == PREFIX.length() + HEX_DIGITS && value.startsWith(PREFIX)
				&& isHex(value, PREFIX.length(), value.length());
	}

	/**
	 * Every token-shaped substring of {@code value} (a header value, a query string, a form field),
	 * plus those inside a {@code Basic} credential, where a pasted key often ends up as the user or
	 * the password. Empty (and cheap) for the ordinary value that does not contain the prefix.
	 */
	public static List<String> candidates(String value) {
		if (value == null || value.isEmpty()) {
			return List.of();
		}
		boolean basic = value.regionMatches(true, 0, "Basic ", 0, 6);
		if (!basic && value.indexOf(PREFIX) < 0) {
			// The ordinary value: one scan, no allocation.
			return List.of();
		}
		List<String> found = new ArrayList<>(1);
		collect(value, found);
		if (basic) {
			try {
				collect(new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8), found);
			}
			catch (IllegalArgumentException notBase64) {
				// Not a credential at all: nothing more to look at.
			}
		}
		return found;
	}

	private static void collect(String value, List<String> found) {
		// Tokens are pasted, not retyped: the exact prefix is all the hot path looks for.
		int at = value.indexOf(PREFIX);
		while (at >= 0) {
			int end = at + PREFIX.length() + HEX_DIGITS;
			if (end <= value.length() && isHex(value, at + PREFIX.length(), end)) {
				found.add(value.substring(at, end));
			}
			at = value.indexOf(PREFIX, at + PREFIX.length());
		}
	}

	private static boolean isHex(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

}
