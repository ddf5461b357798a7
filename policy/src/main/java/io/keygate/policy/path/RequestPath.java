package io.keygate.policy.path;

import java.util.Objects;

/**
 * Normalises a raw, still percent-encoded request path into the one form that access rules are
 * matched against, or rejects it.
 * <p>
 * The rule is "refuse what an upstream could read differently from us". A gateway and a head-end
 * that disagree about what a path means is the classic route around a path allow-list
 * (CVE-2021-41773, Tomcat's {@code ;jsessionid} and {@code ..;/} tricks, IIS backslashes, overlong
 * UTF-8), so instead of trying to resolve such paths the way some upstream might, anything that
 * admits two readings is rejected:
 * <ul>
 * <li>percent-encoded {@code / \ . % ;} and control characters (covers {@code %2f}, {@code %2e},
 * double encoding such as {@code %252e}), and malformed escapes;</li>
 * <li>{@code .} and {@code ..} segments, empty segments ({@code //}), backslashes, {@code ;}
 * (matrix parameters), NUL and other control characters, {@code ?} and {@code #};</li>
 * <li>anything that is not ASCII once decoded, so also invalid or overlong UTF-8 and look-alike
 * characters such as U+FF0F (fullwidth solidus) that some servers fold into {@code /};</li>
 * <li>segments ending in {@code .} or a space, which Windows servers strip ({@code ..%20});</li>
 * <li>paths longer than {@value #MAX_LENGTH} characters.</li>
 * </ul>
 * What passes decodes to printable ASCII with no dangerous character, so the decoded form and the
 * raw form mean the same thing to any standards-following upstream.
 */
public final class RequestPath {

	/** Longest raw path accepted; longer paths are a probing or overflow attempt, not a meter read. */
	public static final int MAX_LENGTH = 2048;

	private RequestPath() {
	}

	/** The outcome of normalising: either a path to match, or the reason it was refused. */
	public sealed interface Result permits Normalised, Rejected {
	}

	/** A path safe to match: decoded, printable ASCII, starting with '/'. */
	public record Normalised(String path) implements Result {
		public Normalised {
			Objects.requireNonNull(path, "path cannot be null");
		}
	}

	/** A refused path, with a reason meant for the log and audit trail, not for the client. */
	public record Rejected(String why) implements Result {
		public Rejected {
			Objects.requireNonNull(why, "why cannot be null");
		}
	}

	public static Result normalise(String raw) {
		if (raw == null || raw.isEmpty()) {
			return new Rejected("empty path");
		}
		if (raw.length() > MAX_LENGTH) {
			return new Rejected("path longer than " + MAX_LENGTH + " characters");
		}
		if (raw.charAt(0) != '/') {
			return new Rejected("path does not start with '/'");
		}
		StringBuilder decoded = new StringBuilder(raw.length());
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%') {
				if (i + 2 >= raw.length()) {
					return new Rejected("truncated percent escape");
				}
				int hi = Character.digit(raw.charAt(i + 1), 16);
				int lo = Character.digit(raw.charAt(i + 2), 16);
				if (hi < 0 || lo < 0) {
					return new Rejected("malformed percent escape");
				}
				int value = hi * 16 + lo;
				if (value >= 0x80) {
					return new Rejected("percent-encoded non-ASCII byte");
				}
				if (value == '/' || value == '\\' || value == '.' || value == '%' || value == ';' || value == '?'
						|| value == '#' || isControl(value)) {
					return new Rejected("percent-encoded '" + printable(value) + "'");
				}
				decoded.append((char) value);
				i += 2;
				continue;
			}
			if (c >= 0x80) {
				return new Rejected("non-ASCII character");
			}
			if (isControl(c)) {
				return new Rejected("control character");
			}
			if (c == '\\' || c == ';' || c == '?' || c == '#' || c == ' ') {
				return new Rejected("'" + c + "' in path");
			}
			decoded.append(c);
		}
		String path = decoded.toString();
		String[] segments = path.substring(1).split("/", -1);
		for (int i = 0; i < segments.length; i++) {
			String segment = segments[i];
			boolean trailing = i == segments.length - 1;
			if (segment.isEmpty() && !trailing) {
				return new Rejected("empty path segment");
			}
			if (segment.equals(".") || segment.equals("..")) {
				return new Rejected("dot segment");
			}
			// Windows servers drop trailing dots and spaces, so "..%20" and "admin." name other things there.
			if (segment.endsWith(".") || segment.endsWith(" ")) {
				return new Rejected("segment ending in '.' or ' '");
			}
		}
		return new Normalised(path);
	}

	private static boolean isControl(int c) {
		return c < 0x20 || c == 0x7f;
	}

	private static String printable(int c) {
		return isControl(c) ? String.format("\\x%02x", c) : String.valueOf((char) c);
	}

}
