package io.keygate.policy.shape;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The field names of a form body, so that a {@code _method} hidden in a POST form is refused like
 * one in the query. Deliberately lenient in what it counts as a field (it reads names the way the
 * most forgiving upstream parser would) and strict in what it gives up on: a multipart body
 * without a boundary is "unreadable", which the decision refuses.
 */
public final class FormFieldNames {

	private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]+)\"|[^;\\s]+)");

	/** {@code name="x"}, {@code name=x} and RFC 2231/5987 {@code name*=utf-8''x}, in a Content-Disposition. */
	private static final Pattern NAME = Pattern.compile("(?i)(?:^|[;\\s])name\\*?\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;\\s]+)");

	private FormFieldNames() {
	}

	/** Whether a body of this content type is a form whose fields an upstream would read as parameters. */
	public static boolean isForm(String contentType) {
		String type = mediaType(contentType);
		return type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data")
				|| type.equals("multipart/mixed");
	}

	/** The raw field names, or empty when the body is a form that cannot be read. */
	public static Optional<List<String>> of(String contentType, byte[] body) {
		String type = mediaType(contentType);
		if (type.equals("application/x-www-form-urlencoded")) {
			return Optional.of(parameterNames(new String(body, StandardCharsets.ISO_8859_1)));
		}
		if (type.startsWith("multipart/")) {
			Matcher boundary = BOUNDARY.matcher(contentType);
			if (!boundary.find()) {
				return Optional.empty();
			}
			String value = boundary.group(2) != null ? boundary.group(2) : boundary.group(1);
			return Optional.of(multipartNames(new String(body, StandardCharsets.ISO_8859_1), value));
		}
		return Optional.of(List.of());
	}

	/**
	 * The names of a query string or urlencoded body. {@code ;} separates too: older servlet
	 * containers, Perl CGI and some Python stacks split on it, so {@code a=1;_method=DELETE} must
	 * count as carrying {@code _method}.
	 */
	public static List<String> parameterNames(String raw) {
		List<String> names = new ArrayList<>();
		if (raw == null || raw.isEmpty()) {
			return names;
		}
		for (String pair : raw.split("[&;]")) {
			int eq = pair.indexOf('=');
			String name = eq < 0 ? pair : pair.substring(0, eq);
			if (!name.isEmpty()) {
				names.add(name);
			}
		}
		return names;
	}

	private static List<String> multipartNames(String body, String boundary) {
		List<String> names = new ArrayList<>();
		String[] parts = body.split(Pattern.quote("--" + boundary), -1);
		for (int i = 1; i < parts.length; i++) {
			String part = parts[i];
			int end = headersEnd(part);
			String headers = end < 0 ? part : part.substring(0, end);
			for (String line : headers.split("\r?\n")) {
				if (line.toLowerCase(Locale.ROOT).stripLeading().startsWith("content-disposition")) {
					Matcher name = NAME.matcher(line);
					while (name.find()) {
						String value = name.group(2) != null ? name.group(2) : name.group(1);
						int quote = value.indexOf("''");
						names.add(quote >= 0 && line.toLowerCase(Locale.ROOT).contains("name*") ? value.substring(quote + 2) : value);
					}
				}
			}
		}
		return names;
	}

	private static int headersEnd(String part) {
		int crlf = part.indexOf("\r\n\r\n");
		int lf = part.indexOf("\n\n");
		if (crlf < 0) {
			return lf;
		}
		return lf < 0 ? crlf : Math.min(crlf, lf);
	}

	private static String mediaType(String contentType) {
		if (contentType == null) {
			return "";
		}
		int semi = contentType.indexOf(';');
		return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
	}

}
