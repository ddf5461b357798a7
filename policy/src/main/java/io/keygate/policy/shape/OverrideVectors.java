package io.keygate.policy.shape;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.keygate.policy.shape.OverrideVector.Carrier;

/**
 * THE list of method and URL overrides the gateway refuses. A {@code read} grant on
 * {@code GET /api/meters/**} must not become a {@code DELETE}, nor a permitted path
 * {@code /api/firmware/...}, on an upstream that honours one of these; the decision only ever saw
 * the request line. Add an entry here (with the stack that honours it) and the gateway refuses it
 * everywhere: headers, query strings and form bodies.
 * <p>
 * Names are compared canonically, the way the receiving stacks compare them, not as sent:
 * <ul>
 * <li>headers case-insensitively, with {@code _} read as {@code -}: CGI, PHP, nginx and IIS turn
 * {@code X_HTTP_Method} and {@code X-HTTP-Method} into the same {@code HTTP_X_HTTP_METHOD};</li>
 * <li>parameters percent-decoded ({@code %5Fmethod}), case-insensitively, with PHP's name
 * mangling ({@code " method"}, {@code ".method"} and {@code "[method"} all arrive as
 * {@code _method}) and any {@code [..]} suffix dropped ({@code _method[]}).</li>
 * </ul>
 * A parameter name that cannot be decoded is treated as an override: fail closed.
 */
public final class OverrideVectors {

	private static final List<OverrideVector> ALL = List.of(
			header("x-http-method-override",
					"Express method-override (default getter), Jersey HttpMethodOverrideFilter, Rack::MethodOverride (Rails,"
							+ " Sinatra), Symfony/Laravel with http_method_override, ASP.NET Web API handlers, Google API front ends"),
			header("x-http-method", "Microsoft OData / SharePoint REST, ASP.NET Web API method-override handlers"),
			header("x-method-override", "Restify, Zend/Laminas and other REST middleware"),
			header("x-original-method", "ingress-nginx external auth and apps behind it that read the original method"),
			header("x-forwarded-method", "Traefik ForwardAuth convention, apps trusting the proxy's method"),
			header("x-original-url", "IIS URL Rewrite module, Symfony < 4 / Zend Framework 1 request URI detection, Drupal"),
			header("x-rewrite-url", "IIS ISAPI_Rewrite / Helicon, Symfony < 4 / Zend Framework 1 request URI detection"),
			header("x-original-uri", "nginx auth_request convention, apps behind it that rebuild the request URI"),
			header("x-forwarded-prefix",
					"Spring ForwardedHeaderFilter / Spring Cloud Gateway, ASP.NET Core UsePathBase conventions, Traefik"
							+ " (the gateway sets its own; a client's is an attempt to move the base path)"),
			header("x-forwarded-path", "Kong and apps that rebuild the path from it"),
			header("x-forwarded-uri", "Traefik ForwardAuth, apps that rebuild the URI from it"),
			header("x-envoy-original-path", "Envoy, apps behind Envoy that trust it"),
			parameter("_method",
					"Rails (Rack::MethodOverride), Symfony/Laravel (query and body), Spring HiddenHttpMethodFilter, Jersey"
							+ " HttpMethodOverrideFilter (query), Express method-override with a body/query getter, CakePHP, Grails"),
			parameter("x-http-method-override", "Jersey HttpMethodOverrideFilter, OData and Express getters reading the query"),
			parameter("x-http-method", "OData clients and Express getters reading the query"),
			parameter("x-method-override", "REST middleware reading the override from the query"),
			parameter("_httpmethod", "Salesforce REST API style method tunnelling (?_HttpMethod=PATCH)"));

	private OverrideVectors() {
	}

	/** Every entry, for documentation and tests. */
	public static List<OverrideVector> all() {
		return ALL;
	}

	/** The entry a header of this name triggers, if any. */
	public static Optional<OverrideVector> header(String headerName) {
		String canonical = canonicalHeader(headerName);
		return ALL.stream().filter(v -> v.carrier() == Carrier.HEADER && v.name().equals(canonical)).findFirst();
	}

	/**
	 * The entry a parameter of this raw (possibly percent-encoded) name triggers, if any; a name
	 * that cannot be decoded answers the {@code _method} entry, so it is refused.
	 */
	public static Optional<OverrideVector> parameter(String rawName) {
		Optional<String> canonical = canonicalParameter(rawName);
		if (canonical.isEmpty()) {
			return ALL.stream().filter(v -> v.name().equals("_method")).findFirst();
		}
		return ALL.stream().filter(v -> v.carrier() == Carrier.PARAMETER && v.name().equals(canonical.get())).findFirst();
	}

	/** Lower case, {@code _} as {@code -}, surrounding white space dropped. */
	public static String canonicalHeader(String name) {
		return name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** Decoded, lower-cased, PHP-mangled; empty when the name is not valid percent-encoded UTF-8. */
	public static Optional<String> canonicalParameter(String rawName) {
		if (rawName == null) {
			return Optional.of("");
		}
		Optional<String> decoded = percentDecode(rawName);
		if (decoded.isEmpty()) {
			return decoded;
		}
		String name = decoded.get().stripLeading().toLowerCase(Locale.ROOT);
		int bracket = name.indexOf('[');
		if (bracket > 0 && name.indexOf(']', bracket) > bracket) {
			name = name.substring(0, bracket);
		}
		StringBuilder out = new StringBuilder(name.length());
		for (char c : name.toCharArray()) {
			out.append(c == ' ' || c == '.' || c == '[' ? '_' : c);
		}
		return Optional.of(out.toString().strip());
	}

	private static Optional<String> percentDecode(String raw) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '+') {
				bytes.write(' ');
			}
			else if (c == '%') {
				if (i + 2 >= raw.length()) {
					return Optional.empty();
				}
				int hi = Character.digit(raw.charAt(i + 1), 16);
				int lo = Character.digit(raw.charAt(i + 2), 16);
				if (hi < 0 || lo < 0) {
					return Optional.empty();
				}
				bytes.write(hi * 16 + lo);
				i += 2;
			}
			else if (c > 0x7f) {
				byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				bytes.write(encoded, 0, encoded.length);
			}
			else {
				bytes.write(c);
			}
		}
		try {
			return Optional.of(StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
				.onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
				.toString());
		}
		catch (java.nio.charset.CharacterCodingException ex) {
			return Optional.empty();
		}
	}

	private static OverrideVector header(String name, String honouredBy) {
		return new OverrideVector(Carrier.HEADER, name, honouredBy);
	}

	private static OverrideVector parameter(String name, String honouredBy) {
		return new OverrideVector(Carrier.PARAMETER, name, honouredBy);
	}

}
