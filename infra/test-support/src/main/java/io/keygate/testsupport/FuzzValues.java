package io.keygate.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fuzz corpus the zero-500 tests send to every endpoint of both applications: hand-written
 * values that broke (or could break) something, plus values drawn from a {@link Random} with a
 * fixed seed, so a failure found in CI is the same failure on a laptop. Text values are Java
 * strings (the sender encodes them); {@link #INVALID_UTF8} are raw bytes no encoder would produce.
 */
public final class FuzzValues {

	/** The one seed: change it only together with a note of what the new one found. */
	public static final long SEED = 0x6B657967617465L;

	/** At least 100k characters: more than any field, header or column should accept. */
	public static final String LONG = "a".repeat(100_001);

	/** Numbers a parser can choke on: overflow, sign, exponent, hex, Unicode digits, blanks. */
	public static final List<String> NUMBERS = List.of("9223372036854775807", "9223372036854775808",
			"-9223372036854775808", "-9223372036854775809", "99999999999999999999999999999", "2147483647", "2147483648",
			"-2147483649", "-1", "0", "-0", "+60", " 60 ", "60.5", "1e309", "1E3", "-1e-309", "NaN", "Infinity",
			"-Infinity", "0x10", "0b1", "\u0663\u0660", "\uFF16\uFF10", "60,60", "", " ", "sixty");

	/** Text a handler might trust: NUL and control characters, markup, injections, odd Unicode. */
	public static final List<String> STRINGS = List.of("", " ", "\u0000", "a\u0000b", "\u0001\u0002\u0007\u0008\u001b[31m",
			"\r\nX-Injected: 1", "\t", "\u007f", "\u0085\u2028\u2029", "\u202Eevil", "\uFEFF", "\uD800", "\uDFFF\uD800",
			"\uD83D\uDE00", "e\u0301", "\u00A0", "<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>",
			"' OR '1'='1", "1; DROP TABLE users--", "${jndi:ldap://127.0.0.1/x}", "#{7*7}", "[[${7*7}]]", "%s%n%x",
			"../../../../etc/passwd", "..%2f..%2f", "%00", "%", "%%", "%zz", "null", "true", "[]", "{}", "\\", "/", "//",
			";", "a;jsessionid=1", "*", "?", "#", LONG);

	/** Byte sequences that are not UTF-8: a lone continuation, overlong forms, surrogates, 0xFF. */
	public static final List<byte[]> INVALID_UTF8 = List.of(bytes(0xC3, 0x28), bytes(0xA0, 0xA1), bytes(0xE2, 0x28, 0xA1),
			bytes(0xF0, 0x28, 0x8C, 0x28), bytes(0xC0, 0xAF), bytes(0xE0, 0x80, 0xAF), bytes(0xED, 0xA0, 0x80),
			bytes(0xFF), bytes(0xFE, 0xFF), bytes(0xF8, 0x88, 0x80, 0x80, 0x80), bytes(0x00, 0xC3));

	/** Ids of the wrong shape for any id position (the test adds other people's real ids). */
	public static final List<String> IDS = List.of("00000000-0000-0000-0000-000000000000",
			"ffffffff-ffff-ffff-ffff-ffffffffffff", "6a1c0e4e-1c8b-4f4a-9d4a-3c2b1a0f9e8d", "6a1c0e4e1c8b4f4a9d4a3c2b1a0f9e8d",
			"6A1C0E4E-1C8B-4F4A-9D4A-3C2B1A0F9E8D", "{6a1c0e4e-1c8b-4f4a-9d4a-3c2b1a0f9e8d}", "1", "0", "-1",
			"9223372036854775807", "-9223372036854775808", "1.0", "0x1", "nobody@nowhere.example", "AAAA", "AA==", "____");

	/** Content types a handler did not ask for, with and without odd parameters. */
	public static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-www-form-urlencoded",
			"application/xml", "text/xml", "text/plain", "text/html", "multipart/form-data; boundary=kgfuzz",
			"multipart/form-data", "application/octet-stream", "application/json; charset=utf-16",
			"application/json; charset=no-such-charset", "application/x-www-form-urlencoded; charset=no-such-charset",
			"application/*", "*/*", "json", "", ";;;", "application/json; boundary=\"", "application/merge-patch+json",
			"application/cbor", "application/x-java-serialized-object", "application/x-jackson-smile",
			"application/yaml");

	/** Bodies that are not the JSON object a handler expects. */
	public static final List<String> MALFORMED_JSON = List.of("", " ", "{", "}", "{\"a\":", "{\"a\" 1}", "{'a':1}", "[",
			"[]", "[{}]", "null", "true", "0", "-1", "\"text\"", "{}{}", "{\"a\":1}garbage", "{\"a\":01}",
			"{\"a\":1e999999}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}", "{\"a\":\"\\uZZZZ\"}", "{\"a\":NaN}",
			"{\"a\":undefined}", "/* c */ {}", "{\"a\":1,}", "{,}", "\uFEFF{}", "{\"__proto__\":{\"x\":1}}",
			"{\"@class\":\"java.lang.Runtime\"}", "[\"java.util.HashMap\",{}]", "<a/>", "a=1&b=2",
			"[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000),
			"{\"" + LONG + "\":1}", "\"" + LONG + "\"");

	/** Where a JSON value of a field can go wrong: type, size, nesting, nulls. */
	public static final List<String> JSON_VALUES = List.of("null", "true", "0", "-1", "9223372036854775807",
			"9223372036854775808", "99999999999999999999999999999", "2147483648", "-2147483649", "1.5", "1e309", "-0.0",
			"\"\"", "\" \"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\u202eevil\"", "\"<script>x</script>\"",
			"\"sixty\"", "\"9223372036854775807\"", "\"-1\"", "[]", "[1,2]", "[\"a\",null]", "{}", "{\"a\":{\"b\":[]}}",
			"\"" + LONG + "\"", "[" + "0,".repeat(20_000) + "0]");

	/** Characters with a meaning in URLs, forms, JSON or HTML. */
	private static final String SYNTAX = "%&=+;/?#\\\"'<>{}[]";

	private final Random random;

	private FuzzValues(long seed) {
		this.random = new Random(seed);
	}

	/** A generator on the one {@link #SEED}. */
	public static FuzzValues seeded() {
		return new FuzzValues(SEED);
	}

	/** {@code count} random strings: mixed scripts, control characters, surrogates, lengths 0..300. */
	public List<String> randomStrings(int count) {
		Set<String> out = new LinkedHashSet<>();
		while (out.size() < count) {
			int length = this.random.nextInt(8) == 0 ? 0 : this.random.nextInt(300);
			StringBuilder text = new StringBuilder(length);
			for (int i = 0; i < length; i++) {
				text.append(randomChar());
			}
			out.add(text.toString());
		}
		return List.copyOf(out);
	}

	/** {@code count} random numbers as text: any long, near the int and long edges, with junk around. */
	public List<String> randomNumbers(int count) {
		List<String> out = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String number = switch (this.random.nextInt(5)) {
				case 0 -> Long.toString(this.random.nextLong());
				case 1 -> Long.toString(Long.MAX_VALUE - this.random.nextInt(1000));
				case 2 -> Long.toString(Integer.MAX_VALUE + (long) this.random.nextInt(1000));
				case 3 -> this.random.nextLong() + "" + Math.abs(this.random.nextLong());
				default -> Double.toString(this.random.nextGaussian() * Math.pow(10, this.random.nextInt(400) - 200));
			};
			out.add(this.random.nextInt(4) == 0 ? number + randomChar() : number);
		}
		return out;
	}

	/** {@code count} random byte arrays (lengths 1..64), mostly not valid UTF-8. */
	public List<byte[]> randomBytes(int count) {
		List<byte[]> out = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			byte[] bytes = new byte[1 + this.random.nextInt(64)];
			this.random.nextBytes(bytes);
			out.add(bytes);
		}
		return out;
	}

	private char randomChar() {
		return switch (this.random.nextInt(7)) {
			case 0 -> (char) this.random.nextInt(0x20);
			case 1 -> (char) (0x20 + this.random.nextInt(0x5f));
			case 2 -> (char) (0x80 + this.random.nextInt(0x780));
			case 3 -> (char) (0xD800 + this.random.nextInt(0x800));
			case 4 -> SYNTAX.charAt(this.random.nextInt(SYNTAX.length()));
			case 5 -> (char) (0x2000 + this.random.nextInt(0x70));
			default -> (char) this.random.nextInt(0x10000);
		};
	}

	/** Percent-encodes every byte of {@code value}'s UTF-8 form except unreserved characters (RFC 3986). */
	public static String encode(String value) {
		return encode(value.getBytes(StandardCharsets.UTF_8));
	}

	/** Percent-encodes {@code bytes} as they are, so invalid UTF-8 reaches the server unchanged. */
	public static String encode(byte[] bytes) {
		StringBuilder out = new StringBuilder(bytes.length * 3);
		for (byte b : bytes) {
			int c = b & 0xFF;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
					|| c == '~') {
				out.append((char) c);
			}
			else {
				out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return out.toString();
	}

	private static byte[] bytes(int... values) {
		byte[] out = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = (byte) values[i];
		}
		return out;
	}

	/**
	 * What no answer may contain: a stack frame, a Java package or class name of the platform, the
	 * frameworks or Keygate, or an exception's name. Returns the first match, or null.
	 */
	public static String leak(String body) {
		if (body == null) {
			return null;
		}
		var matcher = LEAK.matcher(body);
		return matcher.find() ? matcher.group() : null;
	}

	private static final Pattern LEAK = Pattern.compile("\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)|\\bjava\\.[a-z]+\\.|\\bjavax?\\.[a-z]+\\.[A-Za-z]"
			+ "|\\bjakarta\\.[a-z]+\\.|\\bio\\.keygate\\b|\\borg\\.springframework\\b|\\borg\\.apache\\.|\\btools\\.jackson\\b"
			+ "|\\bcom\\.fasterxml\\b|\\borg\\.h2\\b|\\borg\\.postgresql\\b|\\bcom\\.webauthn4j\\b|\\bcom\\.yubico\\b"
			+ "|\\breactor\\.(core|netty)\\b|\\bio\\.netty\\b|\\b\\w*Exception\\b|\\bThrowable\\b|Whitelabel Error Page"
			+ "|Apache Tomcat|\\bStackTrace");

}
