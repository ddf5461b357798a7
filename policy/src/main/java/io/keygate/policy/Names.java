package io.keygate.policy;

import java.util.regex.Pattern;

/**
 * Validation of identifiers that end up in store keys, audit records and URLs. Identifiers are
 * deliberately narrow (no separators, no spaces) so that a subject or target id can never smuggle
 * a key separator into a Redis key or a path segment into a route.
 */
public final class Names {

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");

	private Names() {
	}

	/** Whether {@code value} is a well-formed identifier. */
	public static boolean isToken(String value) {
		return value != null && TOKEN.matcher(value).matches();
	}

	/** Returns {@code value} when it is a well-formed identifier, or throws naming {@code what}. */
	public static String requireToken(String value, String what) {
		if (!isToken(value)) {
			throw new IllegalArgumentException(what + " must be 1-128 characters of letters, digits, '.', '_', '@', '+' or '-' "
					+ "and start with a letter or digit, but was " + (value == null ? "null" : "'" + value + "'"));
		}
		return value;
	}

}
