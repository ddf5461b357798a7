package io.keygate.testsupport;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.AuthenticatorAssertionResponse;
import com.webauthn4j.data.AuthenticatorAttestationResponse;
import com.webauthn4j.data.AuthenticatorSelectionCriteria;
import com.webauthn4j.data.PublicKeyCredential;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialDescriptor;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.PublicKeyCredentialRpEntity;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.PublicKeyCredentialUserEntity;
import com.webauthn4j.data.ResidentKeyRequirement;
import com.webauthn4j.data.UserVerificationRequirement;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.data.extension.client.AuthenticationExtensionsClientInputs;
import com.webauthn4j.data.extension.client.AuthenticationExtensionClientOutput;
import com.webauthn4j.data.extension.client.RegistrationExtensionClientOutput;
import com.webauthn4j.test.authenticator.webauthn.NoneAttestationAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.PackedAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnModelAuthenticator;
import com.webauthn4j.test.client.ClientPlatform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A security key for tests: webauthn4j-test's authenticator emulators behind its client
 * platform, fed with the options JSON Keygate serves and answering with the
 * {@code PublicKeyCredential.toJSON()} shape a browser sends. Packed attestation chains to
 * webauthn4j's 3-tier test root CA, which the tests put in the trust store.
 */
public final class VirtualKey {

	public static final String ORIGIN = "http://localhost";

	private final ClientPlatform platform;

	private final WebAuthnModelAuthenticator authenticator;

	private VirtualKey(WebAuthnModelAuthenticator authenticator, String origin) {
		this.authenticator = authenticator;
		this.platform = new ClientPlatform(new Origin(origin), new WebAuthnAuthenticatorAdaptor(authenticator));
	}

	/** A hardware key with packed attestation under the test CA, user verification, no backup. */
	public static VirtualKey packed() {
		return new VirtualKey(new FlagRewritingPackedAuthenticator((byte) 0, (byte) 0), ORIGIN);
	}

	/**
	 * The next assertions come without user verification (UV=0), validly signed: a client that
	 * skipped the PIN.
	 */
	public VirtualKey withoutUserVerificationOnAssertion() {
		((FlagRewritingPackedAuthenticator) this.authenticator).assertionClear = AuthenticatorData.BIT_UV;
		return this;
	}

	/**
	 * The next assertions claim another relying party (their RP ID hash is that of {@code rpId}),
	 * validly signed: what a phishing proxy relaying to another RP would produce.
	 */
	public VirtualKey assertingForRpId(String rpId) {
		try {
			((FlagRewritingPackedAuthenticator) this.authenticator).assertionRpIdHash = java.security.MessageDigest
				.getInstance("SHA-256")
				.digest(rpId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		return this;
	}

	public static VirtualKey packedAt(String origin) {
		return new VirtualKey(new PackedAuthenticator(), origin);
	}

	/** A key that proves nothing about its model (attestation format {@code none}). */
	public static VirtualKey noneAttestation() {
		return new VirtualKey(new NoneAttestationAuthenticator(), ORIGIN);
	}

	/** A packed attestation whose certificate chains to a root nobody configured. */
	public static VirtualKey untrustedRoot() {
		return new VirtualKey(new UntrustedPackedAuthenticator(), ORIGIN);
	}

	/**
	 * A key that does not verify the user (no PIN): the client skips user verification, as a
	 * tampered client or a U2F-only key would.
	 */
	public static VirtualKey withoutPin() {
		return new VirtualKey(new FlagRewritingPackedAuthenticator((byte) 0, AuthenticatorData.BIT_UV), ORIGIN);
	}

	/** A synced passkey look-alike: validly attested but backup eligible (BE=1). */
	public static VirtualKey backupEligible() {
		return new VirtualKey(new FlagRewritingPackedAuthenticator(AuthenticatorData.BIT_BE, (byte) 0), ORIGIN);
	}

	/** The AAGUID webauthn4j's packed emulator reports (read from one of its attestations). */
	public static UUID packedAaguid() {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("rp", Map.of("id", "localhost", "name", "probe"));
		options.put("user", Map.of("id", b64(new byte[16]), "name", "probe", "displayName", "probe"));
		options.put("challenge", b64(new byte[32]));
		options.put("pubKeyCredParams", List.of(Map.of("type", "public-key", "alg", -7)));
		options.put("timeout", 60000);
		options.put("authenticatorSelection", Map.of("userVerification", "required"));
		options.put("attestation", "direct");
		String credential = packed().create(TestClient.JSON.valueToTree(options));
		byte[] attestationObject = unb64(TestClient.JSON.readTree(credential).get("response").get("attestationObject").asString());
		return new com.webauthn4j.converter.AttestationObjectConverter(new ObjectConverter()).convert(attestationObject)
			.getAuthenticatorData()
			.getAttestedCredentialData()
			.getAaguid()
			.getValue();
	}

	/** The same authenticator (same credentials) used from a page at another origin. */
	public VirtualKey at(String origin) {
		return new VirtualKey(this.authenticator, origin);
	}

	public WebAuthnModelAuthenticator authenticator() {
		return this.authenticator;
	}

	/** Answers creation options as a browser would. */
	public String create(JsonNode options) {
		PublicKeyCredential<AuthenticatorAttestationResponse, RegistrationExtensionClientOutput> credential = this.platform
			.create(creationOptions(options));
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("clientDataJSON", b64(credential.getResponse().getClientDataJSON()));
		response.put("attestationObject", b64(credential.getResponse().getAttestationObject()));
		List<String> transports = new ArrayList<>();
		if (credential.getResponse().getTransports() != null) {
			credential.getResponse().getTransports().forEach(transport -> transports.add(transport.getValue()));
		}
		response.put("transports", transports);
		return json(credential.getRawId(), response);
	}

	/** Answers request options as a browser would. */
	public String get(JsonNode options) {
		return sign(requestOptions(options));
	}

	/**
	 * Registers for webauthn4j's own creation options: for tests that store the credential
	 * themselves, as enrollment would, instead of going through the auth server's HTTP API.
	 */
	public PublicKeyCredential<AuthenticatorAttestationResponse, RegistrationExtensionClientOutput> register(
			PublicKeyCredentialCreationOptions options) {
		return this.platform.create(options);
	}

	/** {@code PublicKeyCredential.toJSON()} of an assertion for webauthn4j's own request options. */
	public String sign(PublicKeyCredentialRequestOptions options) {
		PublicKeyCredential<AuthenticatorAssertionResponse, AuthenticationExtensionClientOutput> credential = this.platform
			.get(options);
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("clientDataJSON", b64(credential.getResponse().getClientDataJSON()));
		response.put("authenticatorData", b64(credential.getResponse().getAuthenticatorData()));
		response.put("signature", b64(credential.getResponse().getSignature()));
		byte[] userHandle = credential.getResponse().getUserHandle();
		response.put("userHandle", userHandle == null ? null : b64(userHandle));
		return json(credential.getRawId(), response);
	}

	/** The same options with user verification switched off, as a client that skips the PIN would. */
	public static JsonNode withoutUserVerification(JsonNode options) {
		ObjectNode copy = (ObjectNode) options.deepCopy();
		if (copy.has("authenticatorSelection")) {
			((ObjectNode) copy.get("authenticatorSelection")).put("userVerification", "discouraged");
		}
		if (copy.has("userVerification")) {
			copy.put("userVerification", "discouraged");
		}
		return copy;
	}

	/** The same options with another relying-party id, as a phishing site's would have. */
	public static JsonNode withRpId(JsonNode options, String rpId) {
		ObjectNode copy = (ObjectNode) options.deepCopy();
		if (copy.has("rp")) {
			((ObjectNode) copy.get("rp")).put("id", rpId);
		}
		else {
			copy.put("rpId", rpId);
		}
		return copy;
	}

	private static String json(byte[] rawId, Map<String, Object> response) {
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("id", b64(rawId));
		credential.put("rawId", b64(rawId));
		credential.put("type", "public-key");
		credential.put("authenticatorAttachment", "cross-platform");
		credential.put("response", response);
		credential.put("clientExtensionResults", Map.of());
		return TestClient.JSON.writeValueAsString(credential);
	}

	static PublicKeyCredentialCreationOptions creationOptions(JsonNode json) {
		JsonNode rp = json.get("rp");
		JsonNode user = json.get("user");
		List<PublicKeyCredentialParameters> parameters = new ArrayList<>();
		for (JsonNode parameter : json.get("pubKeyCredParams")) {
			parameters.add(new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY,
					COSEAlgorithmIdentifier.create(parameter.get("alg").asLong())));
		}
		JsonNode selection = json.get("authenticatorSelection");
		UserVerificationRequirement uv = UserVerificationRequirement.create(selection.get("userVerification").asString());
		return new PublicKeyCredentialCreationOptions(new PublicKeyCredentialRpEntity(rp.get("id").asString(), rp.get("name").asString()),
				new PublicKeyCredentialUserEntity(unb64(user.get("id").asString()), user.get("name").asString(),
						user.get("displayName").asString()),
				new DefaultChallenge(unb64(json.get("challenge").asString())), parameters, json.get("timeout").asLong(),
				descriptors(json.get("excludeCredentials")),
				new AuthenticatorSelectionCriteria(null, true, ResidentKeyRequirement.REQUIRED, uv),
				AttestationConveyancePreference.create(json.get("attestation").asString()),
				new AuthenticationExtensionsClientInputs<>());
	}

	static PublicKeyCredentialRequestOptions requestOptions(JsonNode json) {
		return new PublicKeyCredentialRequestOptions(new DefaultChallenge(unb64(json.get("challenge").asString())),
				json.get("timeout").asLong(), json.get("rpId").asString(), descriptors(json.get("allowCredentials")),
				UserVerificationRequirement.create(json.get("userVerification").asString()),
				new AuthenticationExtensionsClientInputs<>());
	}

	private static List<PublicKeyCredentialDescriptor> descriptors(JsonNode array) {
		List<PublicKeyCredentialDescriptor> descriptors = new ArrayList<>();
		if (array != null) {
			for (JsonNode descriptor : array) {
				descriptors.add(new PublicKeyCredentialDescriptor(PublicKeyCredentialType.PUBLIC_KEY,
						unb64(descriptor.get("id").asString()), null));
			}
		}
		return descriptors;
	}

	public static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static byte[] unb64(String value) {
		return Base64.getUrlDecoder().decode(value);
	}

	/**
	 * Looks like Chromium's virtual authenticator: Chromium's AAGUID and a self-signed packed
	 * attestation certificate with Chromium's batch subject (made here, with a key of its own).
	 */
	public static VirtualKey chromiumLike() {
		return new VirtualKey(new ChromiumLikeAuthenticator(), ORIGIN);
	}

	/** {@link #chromiumLike()} for a relying party at {@code origin} (the quickstart's portal). */
	public static VirtualKey chromiumLikeAt(String origin) {
		return new VirtualKey(new ChromiumLikeAuthenticator(), origin);
	}

	static final UUID CHROMIUM_AAGUID = UUID.fromString("01020304-0506-0708-0102-030405060708");

}
