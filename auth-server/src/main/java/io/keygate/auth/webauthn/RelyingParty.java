package io.keygate.auth.webauthn;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.BadAlgorithmException;
import com.webauthn4j.verifier.exception.BadBackupEligibleFlagException;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.CertificateException;
import com.webauthn4j.verifier.exception.IllegalBackupStateException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.SelfAttestationProhibitedException;
import com.webauthn4j.verifier.exception.TrustAnchorNotFoundException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;

import org.springframework.stereotype.Component;

import io.keygate.auth.web.RefusedException;

/**
 * Keygate's WebAuthn relying party: builds the options the browser gets and verifies what comes
 * back with the strict {@link WebAuthnManager}. It stores nothing; callers store a
 * {@link VerifiedKey} or advance a counter only after a verification passed. Every webauthn4j
 * failure becomes a typed {@link RefusedException}.
 */
@Component
public class RelyingParty {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RelyingParty.class);

	private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

	/** ES256, EdDSA, RS256: what hardware keys implement (and nothing weaker). */
	private static final List<COSEAlgorithmIdentifier> ALGORITHMS = List.of(COSEAlgorithmIdentifier.ES256,
			COSEAlgorithmIdentifier.EdDSA, COSEAlgorithmIdentifier.RS256);

	/** RFC 8176: proof of a hardware-secured key plus a PIN (user verification). */
	public static final List<String> HARDWARE_KEY_WITH_PIN = List.of("hwk", "pin");

	private final WebAuthnManager manager;

	private final WebAuthnProperties properties;

	private final AttestedCredentialDataConverter attestedCredentialDataConverter;

	private final Clock clock;

	public RelyingParty(WebAuthnManager strictWebAuthnManager, WebAuthnProperties properties, ObjectConverter objectConverter,
			Clock clock) {
		this.manager = strictWebAuthnManager;
		this.properties = properties;
		this.attestedCredentialDataConverter = new AttestedCredentialDataConverter(objectConverter);
		this.clock = clock;
	}

	public static String base64Url(byte[] bytes) {
		return B64URL.encodeToString(bytes);
	}

	public static byte[] fromBase64Url(String value) {
		return B64URL_DECODER.decode(value);
	}

	/**
	 * {@code PublicKeyCredentialCreationOptionsJSON} (WebAuthn L3 §5.4): attestation
	 * {@code direct}, user verification {@code required}, a discoverable credential, and the
	 * person's existing keys excluded so that one key is not registered twice.
	 */
	public Map<String, Object> creationOptions(byte[] challenge, String userHandle, String name, String displayName,
			List<StoredCredential> exclude) {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("rp", Map.of("id", this.properties.rpId(), "name", this.properties.rpName()));
		options.put("user", Map.of("id", userHandle, "name", name, "displayName", displayName));
		options.put("challenge", base64Url(challenge));
		options.put("pubKeyCredParams",
				ALGORITHMS.stream().map(alg -> Map.<String, Object>of("type", "public-key", "alg", alg.getValue())).toList());
		options.put("timeout", this.properties.challengeTimeout().toMillis());
		options.put("excludeCredentials", descriptors(exclude));
		options.put("authenticatorSelection",
				Map.of("residentKey", "required", "requireResidentKey", true, "userVerification", "required"));
		options.put("attestation", "direct");
		options.put("extensions", Map.of("credProps", true));
		return options;
	}

	/**
	 * {@code PublicKeyCredentialRequestOptionsJSON}: user verification {@code required}. With an
	 * empty {@code allow} list the browser offers the key's discoverable credentials, so nobody
	 * types a user name and the server reveals no account list.
	 */
	public Map<String, Object> requestOptions(byte[] challenge, List<StoredCredential> allow) {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("challenge", base64Url(challenge));
		options.put("timeout", this.properties.challengeTimeout().toMillis());
		options.put("rpId", this.properties.rpId());
		options.put("allowCredentials", descriptors(allow));
		options.put("userVerification", "required");
		return options;
	}

	private static List<Map<String, Object>> descriptors(List<StoredCredential> credentials) {
		List<Map<String, Object>> descriptors = new ArrayList<>();
		for (StoredCredential credential : credentials) {
			Map<String, Object> descriptor = new LinkedHashMap<>();
			descriptor.put("type", "public-key");
			descriptor.put("id", credential.credentialId());
			if (!credential.transports().isEmpty()) {
				descriptor.put("transports", credential.transports().stream().sorted().toList());
			}
			descriptors.add(descriptor);
		}
		return descriptors;
	}

	/** Verifies a registration response against the challenge that was issued for it. */
	public VerifiedKey verifyRegistration(String credentialJson, byte[] expectedChallenge) {
		try {
			return verifyRegistrationResponse(credentialJson, expectedChallenge);
		}
		catch (RefusedException ex) {
			if (ex.refusal() instanceof WebAuthnRefusal refusal) {
				RegistrationRefusalAdvice.forOperator(refusal)
					.ifPresent(advice -> log.warn("Security key registration refused ({}): {}. Operator: {}", refusal.name(),
							ex.getMessage(), advice));
			}
			throw ex;
		}
	}

	private VerifiedKey verifyRegistrationResponse(String credentialJson, byte[] expectedChallenge) {
		CredentialJson.Attestation attestation = CredentialJson.attestation(credentialJson);
		RegistrationRequest request = new RegistrationRequest(attestation.attestationObject(), attestation.clientDataJson(),
				null, attestation.transports());
		RegistrationData data;
		try {
			data = this.manager.parse(request);
		}
		catch (RuntimeException ex) {
			throw new RefusedException(WebAuthnRefusal.MALFORMED, "registration response does not parse: " + ex, ex);
		}
		AttestationObject attestationObject = data.getAttestationObject();
		if (attestationObject == null || attestationObject.getAuthenticatorData() == null
				|| attestationObject.getAuthenticatorData().getAttestedCredentialData() == null
				|| data.getCollectedClientData() == null) {
			throw new RefusedException(WebAuthnRefusal.MALFORMED, "registration response lacks attested credential data");
		}
		if ("none".equals(attestationObject.getFormat())) {
			throw new RefusedException(WebAuthnRefusal.ATTESTATION_MISSING,
					"attestation format 'none': the authenticator did not prove its model");
		}
		RegistrationParameters parameters = new RegistrationParameters(serverProperty(expectedChallenge),
				ALGORITHMS.stream().map(alg -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, alg)).toList(),
				true, true);
		try {
			this.manager.verify(data, parameters);
		}
		catch (RefusedException ex) {
			throw ex;
		}
		catch (VerificationException ex) {
			throw refusal(ex, true);
		}
		catch (RuntimeException ex) {
			throw new RefusedException(WebAuthnRefusal.ATTESTATION_INVALID, "registration verification failed: " + ex, ex);
		}
		AuthenticatorData<?> authenticatorData = attestationObject.getAuthenticatorData();
		AttestedCredentialData attested = authenticatorData.getAttestedCredentialData();
		if (!java.util.Arrays.equals(attested.getCredentialId(), attestation.rawId())) {
			throw new RefusedException(WebAuthnRefusal.MALFORMED, "rawId differs from the attested credential id");
		}
		return new VerifiedKey(base64Url(attested.getCredentialId()),
				base64Url(this.attestedCredentialDataConverter.convert(attested)), base64Url(attestation.attestationObject()),
				attestationObject.getFormat(), attested.getAaguid().getValue(), authenticatorData.getSignCount(),
				authenticatorData.isFlagUV(), authenticatorData.isFlagBE(), authenticatorData.isFlagBS(),
				attestation.transports());
	}

	/** The credential id and user handle an assertion claims, before anything is verified. */
	public record ClaimedAssertion(String credentialId, String userHandle, CredentialJson.Assertion parsed) {
	}

	public ClaimedAssertion claim(String credentialJson) {
		CredentialJson.Assertion assertion = CredentialJson.assertion(credentialJson);
		return new ClaimedAssertion(base64Url(assertion.rawId()),
				assertion.userHandle() == null ? null : base64Url(assertion.userHandle()), assertion);
	}

	/**
	 * Verifies an assertion made with {@code credential} against {@code expectedChallenge}, with
	 * user verification and a signature counter that must move forward. Does not store the new
	 * counter: the caller does that (atomically) after deciding the rest.
	 */
	public AssertionEvidence verifyAssertion(ClaimedAssertion claimed, StoredCredential credential, byte[] expectedChallenge) {
		CredentialJson.Assertion assertion = claimed.parsed();
		AttestedCredentialData attested;
		try {
			attested = this.attestedCredentialDataConverter.convert(fromBase64Url(credential.attestedCredentialData()));
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("stored credential " + credential.credentialId() + " cannot be read (this is a bug)", ex);
		}
		CredentialRecordImpl record = new CredentialRecordImpl(null, credential.uvInitialized(), credential.backupEligible(),
				credential.backupState(), credential.signatureCount(), attested, null, null, null, null);
		AuthenticationRequest request = new AuthenticationRequest(assertion.rawId(), assertion.userHandle(),
				assertion.authenticatorData(), assertion.clientDataJson(), null, assertion.signature());
		AuthenticationParameters parameters = new AuthenticationParameters(serverProperty(expectedChallenge), record,
				List.of(fromBase64Url(credential.credentialId())), true, true);
		AuthenticationData data;
		try {
			data = this.manager.parse(request);
		}
		catch (RuntimeException ex) {
			throw new RefusedException(WebAuthnRefusal.MALFORMED, "assertion does not parse: " + ex, ex);
		}
		if (data.getAuthenticatorData() == null || data.getCollectedClientData() == null) {
			throw new RefusedException(WebAuthnRefusal.MALFORMED, "assertion lacks authenticator or client data");
		}
		try {
			this.manager.verify(data, parameters);
		}
		catch (VerificationException ex) {
			throw refusal(ex, false);
		}
		catch (RuntimeException ex) {
			throw new RefusedException(WebAuthnRefusal.BAD_SIGNATURE, "assertion verification failed: " + ex, ex);
		}
		Instant now = this.clock.instant();
		return new AssertionEvidence(credential.subject(), credential.credentialId(), now,
				data.getAuthenticatorData().getSignCount(), data.getAuthenticatorData().isFlagUV(), HARDWARE_KEY_WITH_PIN);
	}

	private ServerProperty serverProperty(byte[] challenge) {
		Set<Origin> origins = this.properties.origins().stream().map(Origin::new).collect(Collectors.toUnmodifiableSet());
		return new ServerProperty(origins, this.properties.rpId(), new DefaultChallenge(challenge));
	}

	private static RefusedException refusal(VerificationException ex, boolean registration) {
		WebAuthnRefusal refusal;
		if (ex instanceof BadChallengeException) {
			refusal = WebAuthnRefusal.CHALLENGE_MISMATCH;
		}
		else if (ex instanceof BadOriginException) {
			refusal = WebAuthnRefusal.WRONG_ORIGIN;
		}
		else if (ex instanceof BadRpIdException) {
			refusal = WebAuthnRefusal.WRONG_RP_ID;
		}
		else if (ex instanceof UserNotVerifiedException) {
			refusal = WebAuthnRefusal.USER_NOT_VERIFIED;
		}
		else if (ex instanceof UserNotPresentException) {
			refusal = WebAuthnRefusal.USER_NOT_PRESENT;
		}
		else if (ex instanceof MaliciousCounterValueException) {
			refusal = WebAuthnRefusal.COUNTER_REGRESSION;
		}
		else if (ex instanceof BadBackupEligibleFlagException || ex instanceof IllegalBackupStateException) {
			refusal = WebAuthnRefusal.BACKUP_ELIGIBLE;
		}
		else if (ex instanceof NotAllowedAlgorithmException || ex instanceof BadAlgorithmException) {
			refusal = WebAuthnRefusal.ALGORITHM_NOT_ALLOWED;
		}
		else if (ex instanceof TrustAnchorNotFoundException || ex instanceof CertificateException
				|| ex instanceof SelfAttestationProhibitedException) {
			refusal = WebAuthnRefusal.ATTESTATION_UNTRUSTED;
		}
		else if (ex instanceof BadSignatureException) {
			refusal = registration ? WebAuthnRefusal.ATTESTATION_INVALID : WebAuthnRefusal.BAD_SIGNATURE;
		}
		else {
			refusal = registration ? WebAuthnRefusal.ATTESTATION_INVALID : WebAuthnRefusal.BAD_SIGNATURE;
		}
		return new RefusedException(refusal, ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
	}

	/** For logs and audit: the model of a verified key. */
	public static String describe(VerifiedKey key) {
		return key.attestationFormat() + " " + key.aaguid();
	}

}
