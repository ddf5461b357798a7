package io.keygate.gateway.transcript;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Replaces the values of sensitive fields in a captured JSON or form body with
 * {@value #REDACTED}. Names are compared without case after decoding (JSON escapes, form
 * percent-encoding), so {@code "pass\u0077ord"} or {@code PASS%57ORD} is caught too. A JSON body cut
 * at the size cap keeps what was complete before the cut; the value being read when the cut came is
 * dropped whole and marked with "…", so a truncated secret is never kept.
 * Anything that is neither JSON nor a form is not kept at all (fail closed: we cannot know where its
 * secrets are).
 */
public final class BodyRedaction {

	public static final String REDACTED = "[REDACTED]";

	private static final JsonFactory JSON = new JsonFactory();

	private final Set<String> fields;

	public BodyRedaction(Iterable<String> fields) {
		java.util.HashSet<String> lower = new java.util.HashSet<>();
		fields.forEach(field -> lower.add(field.toLowerCase(Locale.ROOT)));
		if (lower.isEmpty()) {
			throw new IllegalArgumentException("at least one field to redact is needed");
		}
		this.fields = Set.copyOf(lower);
	}

	/** Whether a body of this content type can be redacted (and so kept). */
	public static boolean redactable(String contentType) {
		return isJson(contentType) || isForm(contentType);
	}

	/** The redacted body, or empty when its content type cannot be redacted. */
	public Optional<byte[]> redact(String contentType, byte[] body) {
		if (isJson(contentType)) {
			return Optional.of(json(body));
		}
		if (isForm(contentType)) {
			return Optional.of(form(body));
		}
		return Optional.empty();
	}

	private boolean sensitive(String name) {
		return name != null && this.fields.contains(name.toLowerCase(Locale.ROOT));
	}

	/** A form name as frameworks nest them ({@code user[password]}, {@code user.password}) counts by any part. */
	private boolean sensitiveFormName(String name) {
		if (sensitive(name)) {
			return true;
		}
		for (String part : name.split("[\\[\\].]")) {
			if (sensitive(part)) {
				return true;
			}
		}
		return false;
	}

	private byte[] json(byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body);
				JsonGenerator generator = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			try {
				JsonToken token;
				while ((token = parser.nextToken()) != null) {
					if (token == JsonToken.PROPERTY_NAME && sensitive(parser.currentName())) {
						generator.writeName(parser.currentName());
						JsonToken value = parser.nextToken();
						if (value == null) {
							break;
						}
						if (value.isStructStart()) {
							parser.skipChildren();
						}
						generator.writeString(REDACTED);
						continue;
					}
					generator.copyCurrentEvent(parser);
				}
			}
			catch (JacksonException ex) {
				// Cut at the cap or not JSON after all: keep what was redacted up to here.
				generator.writeRaw("\u2026");
			}
			generator.flush();
		}
		catch (JacksonException ex) {
			// Closing a generator inside an unfinished structure: what is already written stands.
		}
		return out.toByteArray();
	}

	private byte[] form(byte[] body) {
		String text = new String(body, StandardCharsets.ISO_8859_1);
		return java.util.Arrays.stream(text.split("&", -1)).map(pair -> {
			int eq = pair.indexOf('=');
			String rawName = eq < 0 ? pair : pair.substring(0, eq);
			String name;
			try {
				name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				// An undecodable name could hide a sensitive one: redact it.
				return rawName + "=" + REDACTED;
			}
			return sensitiveFormName(name) ? rawName + "=" + REDACTED : pair;
		}).collect(Collectors.joining("&")).getBytes(StandardCharsets.ISO_8859_1);
	}

	private static boolean isJson(String contentType) {
		String type = mediaType(contentType);
		return type.equals("application/json") || type.endsWith("+json");
	}

	private static boolean isForm(String contentType) {
		return mediaType(contentType).equals("application/x-www-form-urlencoded");
	}

	private static String mediaType(String contentType) {
		if (contentType == null) {
			return "";
		}
		int semicolon = contentType.indexOf(';');
		return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
	}

}
