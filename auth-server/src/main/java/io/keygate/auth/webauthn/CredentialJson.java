package io.keygate.auth.webauthn;

import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.keygate.auth.web.RefusedException;

/**
 * Reads a {@code PublicKeyCredential} as the browser's {@code toJSON()} writes it (WebAuthn L3
 * §5.1.8/5.1.9: byte fields are base64url). Anything that is not exactly that shape is
 * {@link WebAuthnRefusal#MALFORMED}: a bad body must give a 400, never a 500.
 */
public final class CredentialJson {

	/** Far above any real credential (a TPM attestation with its chain is a few KiB). */
	static final int MAX_BODY_CHARS = 64 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CredentialJson() {
	}

	record Attestation(byte[] rawId, byte[] clientDataJson, byte[] attestationObject, Set<String> transports) {
	}

	record Assertion(byte[] rawId, byte[] clientDataJson, byte[] authenticatorData, byte[] signature, byte[] userHandle) {
	}

	static Attestation attestation(String body) {
		JsonNode root = parse(body);
		JsonNode response = object(root, "response");
		Set<String> transports = new LinkedHashSet<>();
		JsonNode transportNode = response.get("transports");
		if (transportNode != null && !transportNode.isNull()) {
			if (!transportNode.isArray() || transportNode.size() > 10) {
				throw malformed("response.transports is not a short array");
			}
			for (JsonNode transport : transportNode) {
				if (!transport.isString() || !transport.asString().matches("[a-z-]{1,20}")) {
					throw malformed("response.transports holds an unexpected value");
				}
				transports.add(transport.asString());
			}
		}
		return new Attestation(rawId(root), bytes(response, "clientDataJSON"), bytes(response, "attestationObject"), transports);
	}

	static Assertion assertion(String body) {
		JsonNode root = parse(body);
		JsonNode response = object(root, "response");
		JsonNode userHandle = response.get("userHandle");
		byte[] handle = userHandle == null || userHandle.isNull() ? null : bytes(response, "userHandle");
		return new Assertion(rawId(root), bytes(response, "clientDataJSON"), bytes(response, "authenticatorData"),
				bytes(response, "signature"), handle);
	}

	/** A short optional text field of a JSON body, or null when absent. */
	public static String text(String body, String name, int maxLength) {
		JsonNode member = parse(body).get(name);
		if (member == null || member.isNull()) {
			return null;
		}
		if (!member.isString() || member.asString().length() > maxLength) {
			throw malformed("'" + name + "' is not a string of at most " + maxLength + " characters");
		}
		return member.asString();
	}

	/** Reads the credential JSON out of a larger body such as {@code {"credential": {...}}}. */
	public static String member(String body, String name) {
		JsonNode member = parse(body).get(name);
		if (member == null || !member.isObject()) {
			throw malformed("'" + name + "' is missing or not an object");
		}
		return member.toString();
	}

	private static JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			throw malformed("empty body");
		}
		if (body.length() > MAX_BODY_CHARS) {
			throw malformed("body of " + body.length() + " characters is larger than " + MAX_BODY_CHARS);
		}
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			throw new RefusedException(WebAuthnRefusal.MALFORMED, "body is not JSON: " + ex.getClass().getSimpleName(), ex);
		}
		if (root == null || !root.isObject()) {
			throw malformed("body is not a JSON object");
		}
		return root;
	}

	private static byte[] rawId(JsonNode root) {
		JsonNode type = root.get("type");
		if (type == null || !type.isString() || !"public-key".equals(type.asString())) {
			throw malformed("type is not 'public-key'");
		}
		byte[] rawId = bytes(root, root.has("rawId") ? "rawId" : "id");
		if (rawId.length == 0 || rawId.length > 1023) {
			throw malformed("credential id of " + rawId.length + " bytes (WebAuthn §4: at most 1023)");
		}
		return rawId;
	}

	private static JsonNode object(JsonNode parent, String name) {
		JsonNode node = parent.get(name);
		if (node == null || !node.isObject()) {
			throw malformed("'" + name + "' is missing or not an object");
		}
		return node;
	}

	private static byte[] bytes(JsonNode parent, String name) {
		JsonNode node = parent.get(name);
		if (node == null || !node.isString()) {
			throw malformed("'" + name + "' is missing or not a string");
		}
		try {
			return Base64.getUrlDecoder().decode(node.asString().replace('+', '-').replace('/', '_').replace("=", ""));
		}
		catch (IllegalArgumentException ex) {
			throw malformed("'" + name + "' is not base64url");
		}
	}

	private static RefusedException malformed(String detail) {
		return new RefusedException(WebAuthnRefusal.MALFORMED, detail);
	}

}
