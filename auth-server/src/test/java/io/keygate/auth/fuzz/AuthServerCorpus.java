package io.keygate.auth.fuzz;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.keygate.testsupport.FuzzValues;

/**
 * The auth server's fuzz corpus, derived from its controllers: for every mapped method and path
 * it fuzzes each path variable, each request parameter (query or form field), each field of a
 * JSON body, the body as a whole (malformed JSON, invalid UTF-8, the wrong content type) and the
 * {@code Accept} header. A new endpoint is covered without editing this class, unless it takes
 * something the corpus cannot derive (a raw JSON body, whose fields only the hand-written
 * {@link #RAW_BODY_FIELDS} name, or a parameter kind of its own): then {@link #unsupported()}
 * lists it and the test fails until a corpus entry is added.
 */
final class AuthServerCorpus {

	/** A request of the corpus; {@code body} null means none at all. */
	record Case(String endpoint, String label, String method, String path, String contentType, byte[] body, String accept,
			boolean page) {
	}

	/** One handler method at one path. */
	record Endpoint(String method, String pattern, List<String> pathVariables, List<String> params, BodyKind body,
			List<String> bodyFields, boolean page) {

		String key() {
			return this.method + " " + this.pattern;
		}

	}

	enum BodyKind {
		NONE, JSON
	}

	/** Raw JSON bodies ({@code @RequestBody String}) parsed by the handler itself: their fields, by hand. */
	static final Map<String, List<String>> RAW_BODY_FIELDS = Map.ofEntries(
			Map.entry("POST /enroll/options", List.of("token")),
			Map.entry("POST /enroll/finish", List.of("token", "label", "credential")),
			Map.entry("POST /login/webauthn",
					List.of("id", "rawId", "type", "response", "clientExtensionResults", "authenticatorAttachment")),
			Map.entry("POST /account/keys", List.of("label", "assertion", "credential")),
			Map.entry("POST /admin/invitations/{id}/confirmation", List.of("challengeId", "credential")),
			Map.entry("POST /admin/users/{subject}/enable", List.of("challengeId", "credential")),
			// alerts (issue 14)
			Map.entry("POST /access/alerts/{id}/{response}", List.of("challengeId", "credential")),
			// breach declaration (issue 15)
			Map.entry("POST /admin/breach/declarations/{id}/confirmation", List.of("challengeId", "credential")),
			Map.entry("POST /admin/breach/declarations/{id}/resume", List.of("challengeId", "credential")),
			// break-glass (issue 19)
			Map.entry("POST /admin/break-glass/eligibilities/{subject}/{targetId}", List.of("challengeId", "credential")),
			// firmware gate (issue 15)
			Map.entry("POST /admin/firmware/allow-list",
					List.of("hash", "vendor", "model", "version", "verification", "challengeId", "credential")),
			Map.entry("POST /admin/firmware/held/{hash}/release", List.of("challengeId", "credential")),
			Map.entry("POST /admin/firmware/held/{hash}/reject", List.of("challengeId", "credential")));

	/** Parameter types a handler gets from the framework, never from the client. */
	private static final Set<Class<?>> FRAMEWORK_TYPES = Set.of(HttpServletRequest.class, HttpServletResponse.class,
			HttpSession.class, Model.class, RedirectAttributes.class, Locale.class, Principal.class);

	private final Map<String, String> ids;

	private final Map<String, String> baseline;

	private final List<String> unsupported = new ArrayList<>();

	private final FuzzValues random = FuzzValues.seeded();

	/**
	 * @param ids real ids by path-variable or field name (another person's request, grant, key...)
	 * @param baseline plausible values by parameter or field name, so one field at a time is wrong
	 */
	AuthServerCorpus(Map<String, String> ids, Map<String, String> baseline) {
		this.ids = ids;
		this.baseline = baseline;
	}

	List<String> unsupported() {
		return this.unsupported;
	}

	/** Every endpoint of the handler mapping, one per method and path. */
	List<Endpoint> endpoints(Map<RequestMappingInfo, HandlerMethod> mappings) {
		List<Endpoint> out = new ArrayList<>();
		mappings.forEach((info, handler) -> {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			List<String> verbs = methods.isEmpty() ? List.of("GET", "POST")
					: methods.stream().map(RequestMethod::name).sorted().toList();
			for (String pattern : info.getPatternValues()) {
				for (String verb : verbs) {
					Endpoint endpoint = endpoint(verb, pattern, handler);
					if (endpoint != null) {
						out.add(endpoint);
					}
				}
			}
		});
		out.sort((a, b) -> a.key().compareTo(b.key()));
		return out;
	}

	private Endpoint endpoint(String verb, String pattern, HandlerMethod handler) {
		List<String> pathVariables = new ArrayList<>();
		List<String> params = new ArrayList<>();
		BodyKind body = BodyKind.NONE;
		List<String> fields = List.of();
		String key = verb + " " + pattern;
		for (MethodParameter parameter : handler.getMethodParameters()) {
			parameter.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
			Class<?> type = parameter.getParameterType();
			PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
			RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
			if (path != null) {
				pathVariables.add(name(path.name(), parameter));
			}
			else if (param != null) {
				params.add(name(param.name(), parameter));
			}
			else if (parameter.hasParameterAnnotation(RequestBody.class)) {
				body = BodyKind.JSON;
				if (type.isRecord()) {
					fields = java.util.Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
				}
				else if (RAW_BODY_FIELDS.containsKey(key)) {
					fields = RAW_BODY_FIELDS.get(key);
				}
				else {
					this.unsupported.add(key + ": body of type " + type.getSimpleName()
							+ " (name its fields in AuthServerCorpus.RAW_BODY_FIELDS)");
				}
			}
			else if (parameter.hasParameterAnnotation(AuthenticationPrincipal.class)
					|| parameter.hasParameterAnnotation(org.springframework.beans.factory.annotation.Value.class)
					|| FRAMEWORK_TYPES.stream().anyMatch(t -> t.isAssignableFrom(type))) {
				// From the framework: nothing a client sends.
			}
			else {
				this.unsupported.add(key + ": parameter " + parameter.getParameterName() + " of type " + type.getSimpleName()
						+ " (teach AuthServerCorpus to fuzz it)");
			}
		}
		boolean page = !AnnotatedElementUtils.hasAnnotation(handler.getMethod(), ResponseBody.class)
				&& !AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class);
		return new Endpoint(verb, pattern, List.copyOf(pathVariables), List.copyOf(params), body, fields, page);
	}

	private static String name(String declared, MethodParameter parameter) {
		return declared == null || declared.isEmpty() ? parameter.getParameterName() : declared;
	}

	/** The full corpus for one endpoint. */
	List<Case> cases(Endpoint endpoint) {
		List<Case> cases = new ArrayList<>();
		Map<String, String> path = new LinkedHashMap<>();
		endpoint.pathVariables().forEach(v -> path.put(v, FuzzValues.encode(this.ids.getOrDefault(v, "x"))));
		Map<String, String> params = new LinkedHashMap<>();
		endpoint.params().forEach(p -> params.put(p, this.baseline.getOrDefault(p, "x")));
		boolean form = endpoint.page() && endpoint.method().equals("POST");
		String accept = endpoint.page() ? "text/html" : "application/json";

		cases.add(plain(endpoint, "baseline", path, params, accept));

		for (String variable : endpoint.pathVariables()) {
			for (String value : pathValues()) {
				Map<String, String> fuzzed = new LinkedHashMap<>(path);
				fuzzed.put(variable, value);
				cases.add(plain(endpoint, "path " + variable + "=" + value, fuzzed, params, accept));
			}
		}

		for (String param : endpoint.params()) {
			for (String value : textValues()) {
				Map<String, String> fuzzed = new LinkedHashMap<>(params);
				fuzzed.put(param, FuzzValues.encode(value));
				cases.add(plain(endpoint, "param " + param + "=" + value, path, fuzzed, accept));
			}
			for (byte[] bytes : FuzzValues.INVALID_UTF8) {
				Map<String, String> fuzzed = new LinkedHashMap<>(params);
				fuzzed.put(param, FuzzValues.encode(bytes));
				cases.add(plain(endpoint, "param " + param + " invalid UTF-8", path, fuzzed, accept));
				if (form) {
					cases.add(new Case(endpoint.key(), "form " + param + " raw invalid UTF-8", endpoint.method(),
							path(endpoint, path), "application/x-www-form-urlencoded",
							concat((formBody(params) + "&" + param + "=").getBytes(StandardCharsets.ISO_8859_1), bytes), accept,
							endpoint.page()));
				}
			}
			Map<String, String> duplicated = new LinkedHashMap<>(params);
			duplicated.put(param, params.get(param) + "&" + param + "=9223372036854775807");
			cases.add(plain(endpoint, "param " + param + " duplicated", path, duplicated, accept));
			Map<String, String> missing = new LinkedHashMap<>(params);
			missing.remove(param);
			cases.add(plain(endpoint, "param " + param + " missing", path, missing, accept));
		}
		if (!endpoint.params().isEmpty()) {
			cases.add(plain(endpoint, "no params", path, Map.of(), accept));
		}

		if (endpoint.body() == BodyKind.JSON) {
			jsonBodyCases(endpoint, path, accept, cases);
		}
		if (!endpoint.method().equals("GET")) {
			contentTypeCases(endpoint, path, params, accept, cases);
		}
		for (String odd : List.of("application/xml", "*/*", "text/plain", "a/b/c;;", "text/html;q=x", "image/png",
				"application/problem+json", "")) {
			cases.add(new Case(endpoint.key(), "accept " + odd, endpoint.method(), path(endpoint, path) + query(endpoint, params),
					form ? "application/x-www-form-urlencoded" : contentType(endpoint), body(endpoint, params), odd,
					endpoint.page()));
		}
		return cases;
	}

	/** Path variables: wrong-shaped ids, every real id (other people's), numbers, text, invalid UTF-8. */
	private List<String> pathValues() {
		List<String> values = new ArrayList<>();
		this.ids.values().stream().distinct().map(FuzzValues::encode).forEach(values::add);
		FuzzValues.IDS.stream().map(FuzzValues::encode).forEach(values::add);
		FuzzValues.NUMBERS.stream().filter(n -> !n.isEmpty()).map(FuzzValues::encode).forEach(values::add);
		FuzzValues.STRINGS.stream().filter(s -> !s.isEmpty()).map(FuzzValues::encode).forEach(values::add);
		this.random.randomStrings(3).stream().filter(s -> !s.isEmpty()).map(FuzzValues::encode).forEach(values::add);
		FuzzValues.INVALID_UTF8.stream().map(FuzzValues::encode).forEach(values::add);
		// Raw characters the encoder would have escaped: the server's own URL decoding sees them.
		values.addAll(List.of("%2e%2e", "%2F", "%5C", "..;", "%25", "a%00b", "%0d%0a"));
		return values;
	}

	private List<String> textValues() {
		List<String> values = new ArrayList<>(FuzzValues.NUMBERS);
		values.addAll(FuzzValues.STRINGS);
		values.addAll(this.ids.values().stream().distinct().toList());
		values.addAll(this.random.randomStrings(2));
		values.addAll(this.random.randomNumbers(2));
		return values;
	}

	private void jsonBodyCases(Endpoint endpoint, Map<String, String> path, String accept, List<Case> cases) {
		Map<String, String> fields = new LinkedHashMap<>();
		endpoint.bodyFields().forEach(f -> fields.put(f, jsonBaseline(f)));
		String target = path(endpoint, path);
		for (String field : endpoint.bodyFields()) {
			for (String value : FuzzValues.JSON_VALUES) {
				Map<String, String> fuzzed = new LinkedHashMap<>(fields);
				fuzzed.put(field, value);
				cases.add(json(endpoint, "json " + field + "=" + value, target, json(fuzzed), accept));
			}
			for (String id : idLike(field) ? this.ids.values().stream().distinct().toList() : List.<String>of()) {
				Map<String, String> fuzzed = new LinkedHashMap<>(fields);
				fuzzed.put(field, quote(id));
				cases.add(json(endpoint, "json " + field + "=" + id, target, json(fuzzed), accept));
			}
			for (String text : this.random.randomStrings(1)) {
				Map<String, String> fuzzed = new LinkedHashMap<>(fields);
				fuzzed.put(field, quote(text));
				cases.add(json(endpoint, "json " + field + " random", target, json(fuzzed), accept));
			}
			Map<String, String> missing = new LinkedHashMap<>(fields);
			missing.remove(field);
			cases.add(json(endpoint, "json " + field + " missing", target, json(missing), accept));
			String duplicated = json(fields).replaceFirst("\\}$",
					(fields.size() > 0 ? "," : "") + "\"" + field + "\":9223372036854775807}");
			cases.add(json(endpoint, "json " + field + " duplicated", target, duplicated, accept));
			for (byte[] bytes : FuzzValues.INVALID_UTF8.subList(0, 2)) {
				Map<String, String> fuzzed = new LinkedHashMap<>(fields);
				fuzzed.put(field, "\"" + RAW + "\"");
				byte[] body = json(fuzzed).getBytes(StandardCharsets.UTF_8);
				cases.add(new Case(endpoint.key(), "json " + field + " raw invalid UTF-8", endpoint.method(), target,
						"application/json", replaceRaw(body, bytes), accept, endpoint.page()));
			}
		}
		for (String malformed : FuzzValues.MALFORMED_JSON) {
			cases.add(json(endpoint, "json malformed " + malformed, target, malformed, accept));
		}
		for (byte[] bytes : this.random.randomBytes(4)) {
			cases.add(new Case(endpoint.key(), "json random bytes", endpoint.method(), target, "application/json", bytes,
					accept, endpoint.page()));
		}
	}

	/** Fields that hold an id or a name of something: they get every real id of the fixture. */
	private static boolean idLike(String field) {
		String name = field.toLowerCase(Locale.ROOT);
		return name.endsWith("id") || name.equals("token") || name.equals("email") || name.equals("organisation")
				|| name.equals("subject");
	}

	private void contentTypeCases(Endpoint endpoint, Map<String, String> path, Map<String, String> params, String accept,
			List<Case> cases) {
		String target = path(endpoint, path);
		byte[] plausible = body(endpoint, params);
		for (String type : FuzzValues.CONTENT_TYPES) {
			cases.add(new Case(endpoint.key(), "content-type " + type, endpoint.method(), target, type, plausible, accept,
					endpoint.page()));
		}
		String overflow = params.keySet().stream().map(p -> p + "=9223372036854775807").collect(Collectors.joining("&"));
		cases.add(new Case(endpoint.key(), "form body", endpoint.method(), target, "application/x-www-form-urlencoded",
				(overflow.isEmpty() ? "minutes=9223372036854775807&comment=x" : overflow).getBytes(StandardCharsets.UTF_8),
				accept, endpoint.page()));
		cases.add(new Case(endpoint.key(), "json body", endpoint.method(), target, "application/json",
				"{\"minutes\":9223372036854775807,\"comment\":\"x\"}".getBytes(StandardCharsets.UTF_8), accept,
				endpoint.page()));
		cases.add(new Case(endpoint.key(), "xml body", endpoint.method(), target, "application/xml",
				"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r><minutes>&x;</minutes></r>"
					.getBytes(StandardCharsets.UTF_8),
				accept, endpoint.page()));
		cases.add(new Case(endpoint.key(), "multipart body", endpoint.method(), target, "multipart/form-data; boundary=kgfuzz",
				multipart(params), accept, endpoint.page()));
		cases.add(new Case(endpoint.key(), "multipart broken", endpoint.method(), target,
				"multipart/form-data; boundary=kgfuzz", "--kgfuzz\r\nContent-Disposition: form-data; name=\"minutes\"\r\n\r\n1"
					.getBytes(StandardCharsets.UTF_8),
				accept, endpoint.page()));
		cases.add(new Case(endpoint.key(), "no content type", endpoint.method(), target, null, plausible, accept,
				endpoint.page()));
		cases.add(new Case(endpoint.key(), "no body", endpoint.method(), target, null, null, accept, endpoint.page()));
		cases.add(new Case(endpoint.key(), "over-long body", endpoint.method(), target, contentType(endpoint),
				("{\"comment\":\"" + FuzzValues.LONG.repeat(3) + "\"}").getBytes(StandardCharsets.UTF_8), accept,
				endpoint.page()));
	}

	private Case plain(Endpoint endpoint, String label, Map<String, String> path, Map<String, String> params, String accept) {
		boolean form = endpoint.page() && endpoint.method().equals("POST");
		if (form) {
			return new Case(endpoint.key(), label, endpoint.method(), path(endpoint, path), "application/x-www-form-urlencoded",
					formBody(params).getBytes(StandardCharsets.ISO_8859_1), accept, endpoint.page());
		}
		return new Case(endpoint.key(), label, endpoint.method(), path(endpoint, path) + query(params), contentType(endpoint),
				body(endpoint, Map.of()), accept, endpoint.page());
	}

	private Case json(Endpoint endpoint, String label, String target, String json, String accept) {
		return new Case(endpoint.key(), label, endpoint.method(), target, "application/json",
				json.getBytes(StandardCharsets.UTF_8), accept, endpoint.page());
	}

	private static String contentType(Endpoint endpoint) {
		return endpoint.method().equals("GET") ? null : "application/json";
	}

	private byte[] body(Endpoint endpoint, Map<String, String> params) {
		if (endpoint.method().equals("GET")) {
			return null;
		}
		if (endpoint.page()) {
			return formBody(params).getBytes(StandardCharsets.ISO_8859_1);
		}
		Map<String, String> fields = new LinkedHashMap<>();
		endpoint.bodyFields().forEach(f -> fields.put(f, jsonBaseline(f)));
		return json(fields).getBytes(StandardCharsets.UTF_8);
	}

	private String query(Endpoint endpoint, Map<String, String> params) {
		return endpoint.page() && endpoint.method().equals("POST") ? "" : query(params);
	}

	private static String query(Map<String, String> params) {
		return params.isEmpty() ? "" : "?" + formBody(params);
	}

	/** Values are already encoded (or deliberately raw). */
	private static String formBody(Map<String, String> params) {
		return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
	}

	private static String path(Endpoint endpoint, Map<String, String> values) {
		String path = endpoint.pattern();
		for (Map.Entry<String, String> value : values.entrySet()) {
			path = path.replace("{" + value.getKey() + "}", value.getValue());
		}
		return path.replaceAll("\\{\\*?[^}]+\\}", "x").replace("/**", "/x");
	}

	private String jsonBaseline(String field) {
		String value = this.baseline.get(field);
		if (value == null) {
			return "\"x\"";
		}
		return value.startsWith("{") || value.startsWith("[") || value.matches("-?\\d+") ? value : quote(value);
	}

	private static String json(Map<String, String> fields) {
		return fields.entrySet().stream().map(e -> quote(e.getKey()) + ":" + e.getValue())
			.collect(Collectors.joining(",", "{", "}"));
	}

	static String quote(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

	private static byte[] multipart(Map<String, String> params) {
		StringBuilder body = new StringBuilder();
		Map<String, String> fields = params.isEmpty() ? Map.of("minutes", "9223372036854775807") : params;
		fields.forEach((name, value) -> body.append("--kgfuzz\r\nContent-Disposition: form-data; name=\"").append(name)
			.append("\"\r\n\r\n").append(name.equals("minutes") ? "9223372036854775807" : value).append("\r\n"));
		body.append("--kgfuzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../x.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n\u0000\u0001\r\n--kgfuzz--\r\n");
		return body.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(a);
		out.writeBytes(b);
		return out.toByteArray();
	}

	/** Where raw bytes go into a JSON body. */
	private static final String RAW = "@@raw@@";

	/** Replaces the {@link #RAW} placeholder by {@code bytes}. */
	private static byte[] replaceRaw(byte[] body, byte[] bytes) {
		String text = new String(body, StandardCharsets.ISO_8859_1);
		int at = text.indexOf(RAW);
		return concat(concat(text.substring(0, at).getBytes(StandardCharsets.ISO_8859_1), bytes),
				text.substring(at + RAW.length()).getBytes(StandardCharsets.ISO_8859_1));
	}

}
