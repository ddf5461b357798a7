package io.keygate.auth.access;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;


import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.AttestationConveyancePreference;
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
import com.webauthn4j.data.client.challenge.DefaultChallenge;

import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.auth.webauthn.StoredCredential;
import io.keygate.policy.identity.Actor;
import io.keygate.testsupport.VirtualKey;

/**
 * A person with a hardware key emulated by test-support's {@link VirtualKey} (packed attestation
 * under the test CA, user verification) and the browser around it. The account and key are stored through the identity
 * feature's repositories, as enrollment would store them, so step-ups and sign-ins go through
 * the real relying party.
 */
public final class EmulatedKey {

	/** Must match {@code keygate.webauthn.origins} of the tests. */
	public static final String ORIGIN = VirtualKey.ORIGIN;

	public static final String RP_ID = "localhost";

	private static final ObjectConverter CONVERTER = new ObjectConverter();

	private final VirtualKey key = VirtualKey.packed();

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
		PublicKeyCredential<AuthenticatorAttestationResponse, ?> created = this.key.register(options);
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
		return this.key.sign(options);
	}

	public String credentialId() {
		return b64(this.credentialId);
	}

	static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
