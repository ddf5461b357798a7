package io.keygate.auth.access;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
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
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.test.authenticator.webauthn.PackedAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.client.ClientPlatform;

import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.auth.webauthn.StoredCredential;
import io.keygate.policy.identity.Actor;

/**
 * A person with a hardware key emulated by webauthn4j-test (packed attestation, user
 * verification) and the browser around it. The account and key are stored through the identity
 * feature's repositories, as enrollment would store them, so step-ups and sign-ins go through
 * the real relying party.
 */
public final class EmulatedKey {

	/** Must match {@code keygate.webauthn.origins} of the tests. */
	public static final String ORIGIN = "http://localhost";

	public static final String RP_ID = "localhost";

	private static final ObjectConverter CONVERTER = new ObjectConverter();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ClientPlatform browser = new ClientPlatform(new Origin(ORIGIN),
			new WebAuthnAuthenticatorAdaptor(new PackedAuthenticator()));

	private byte[] credentialId;

	/** Creates the account of {@code actor} (if new) and registers a fresh key for it. */
	public static EmulatedKey enroll(Actor actor, AccountRepository accounts, CredentialRepository credentials) {
		accounts.ensureOrganisation(actor.organisation(), actor.organisation());
		UserAccount account = accounts.findBySubject(actor.subject()).orElseGet(() -> {
			byte[] handle = new byte[32];
			new java.security.SecureRandom().nextBytes(handle);
			UserAccount created = new UserAccount(actor.subject(), actor.subject(), actor.subject() + "@example.org",
					actor.organisation(), b64(handle), UserStatus.ACTIVE, actor.roles(), Instant.now());
			accounts.insert(created);
			return created;
		});
		EmulatedKey key = new EmulatedKey();
		key.register(account, credentials);
		return key;
	}

	private void register(UserAccount account, CredentialRepository credentials) {
		PublicKeyCredentialCreationOptions options = new PublicKeyCredentialCreationOptions(
				new PublicKeyCredentialRpEntity(RP_ID, "Keygate"),
				new PublicKeyCredentialUserEntity(Base64.getUrlDecoder().decode(account.userHandle()), account.subject(),
						account.displayName()),
				new DefaultChallenge(),
				List.of(new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256)),
				60_000L, List.of(),
				new AuthenticatorSelectionCriteria(null, ResidentKeyRequirement.REQUIRED, UserVerificationRequirement.REQUIRED),
				AttestationConveyancePreference.DIRECT, null);
		PublicKeyCredential<AuthenticatorAttestationResponse, ?> created = this.browser.create(options);
		AttestationObject attestation = new AttestationObjectConverter(CONVERTER)
			.convert(created.getResponse().getAttestationObject());
		AttestedCredentialData data = attestation.getAuthenticatorData().getAttestedCredentialData();
		this.credentialId = data.getCredentialId();
		credentials.insert(new StoredCredential(b64(this.credentialId), account.subject(), "emulated key",
				b64(new AttestedCredentialDataConverter(CONVERTER).convert(data)),
				b64(created.getResponse().getAttestationObject()), attestation.getFormat(), data.getAaguid().toString(),
				attestation.getAuthenticatorData().getSignCount(), true, false, false, Set.of(), Instant.now(), null));
	}

	/** Touches the key for {@code challenge}, as the portal's script does. */
	public StepUpAssertion sign(StepUpChallenge challenge) {
		return new StepUpAssertion(challenge.challengeId(), credentialJson(Base64.getUrlDecoder().decode(challenge.challenge())));
	}

	/** Signs arbitrary challenge bytes but presents them under {@code challengeId}: a foreign or forged assertion. */
	public StepUpAssertion signBytes(String challengeId, byte[] challenge) {
		return new StepUpAssertion(challengeId, credentialJson(challenge));
	}

	/** {@code PublicKeyCredential.toJSON()} of an assertion over {@code challenge}. */
	public String credentialJson(byte[] challenge) {
		PublicKeyCredentialRequestOptions options = new PublicKeyCredentialRequestOptions(new DefaultChallenge(challenge),
				60_000L, RP_ID,
				List.of(new PublicKeyCredentialDescriptor(PublicKeyCredentialType.PUBLIC_KEY, this.credentialId, null)),
				UserVerificationRequirement.REQUIRED, null);
		PublicKeyCredential<AuthenticatorAssertionResponse, ?> assertion = this.browser.get(options);
		AuthenticatorAssertionResponse response = assertion.getResponse();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", b64(assertion.getRawId()));
		json.put("rawId", b64(assertion.getRawId()));
		json.put("type", "public-key");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("clientDataJSON", b64(response.getClientDataJSON()));
		body.put("authenticatorData", b64(response.getAuthenticatorData()));
		body.put("signature", b64(response.getSignature()));
		body.put("userHandle", response.getUserHandle() == null ? null : b64(response.getUserHandle()));
		json.put("response", body);
		json.put("clientExtensionResults", Map.of());
		return JSON.writeValueAsString(json);
	}

	public String credentialId() {
		return b64(this.credentialId);
	}

	static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
