package io.keygate.testsupport;

import java.nio.ByteBuffer;
import java.util.UUID;

import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import com.webauthn4j.test.authenticator.webauthn.AttestationStatementRequest;
import com.webauthn4j.test.authenticator.webauthn.MakeCredentialRequest;
import com.webauthn4j.test.authenticator.webauthn.MakeCredentialResponse;
import com.webauthn4j.test.authenticator.webauthn.PackedAuthenticator;
import com.webauthn4j.test.client.RegistrationEmulationOption;

/**
 * Sets or clears flags in the registration's authenticator data and signs the attestation
 * again over the changed data: a validly attested credential that says it can leave the
 * device (BE), or that did not verify the user (UV cleared).
 */
class FlagRewritingPackedAuthenticator extends PackedAuthenticator {

	private final ObjectConverter converter = new ObjectConverter();

	private final byte set;

	private final byte clear;

	private final UUID aaguid;

	byte assertionClear;

	byte[] assertionRpIdHash;

	FlagRewritingPackedAuthenticator(byte set, byte clear) {
		this(set, clear, null);
	}

	FlagRewritingPackedAuthenticator(byte set, byte clear, UUID aaguid) {
		this.set = set;
		this.clear = clear;
		this.aaguid = aaguid;
	}

	private com.webauthn4j.data.attestation.authenticator.AttestedCredentialData attested(
			com.webauthn4j.data.attestation.authenticator.AttestedCredentialData original) {
		if (this.aaguid == null) {
			return original;
		}
		return new com.webauthn4j.data.attestation.authenticator.AttestedCredentialData(
				new com.webauthn4j.data.attestation.authenticator.AAGUID(this.aaguid), original.getCredentialId(),
				original.getCOSEKey());
	}

	@Override
	public com.webauthn4j.test.authenticator.webauthn.GetAssertionResponse getAssertion(
			com.webauthn4j.test.authenticator.webauthn.GetAssertionRequest request,
			com.webauthn4j.test.client.AuthenticationEmulationOption option) {
		com.webauthn4j.test.authenticator.webauthn.GetAssertionResponse response = super.getAssertion(request, option);
		if (this.assertionClear == 0 && this.assertionRpIdHash == null) {
			return response;
		}
		byte[] authenticatorData = response.getAuthenticatorData().clone();
		authenticatorData[32] = (byte) (authenticatorData[32] & ~this.assertionClear);
		if (this.assertionRpIdHash != null) {
			System.arraycopy(this.assertionRpIdHash, 0, authenticatorData, 0, 32);
		}
		byte[] signed = ByteBuffer.allocate(authenticatorData.length + request.getHash().length)
			.put(authenticatorData)
			.put(request.getHash())
			.array();
		response.setAuthenticatorData(authenticatorData);
		response.setSignature(com.webauthn4j.test.TestDataUtil.calculateSignature(lookup(response.getCredentialId()).getPrivateKey(),
				signed));
		return response;
	}

	@Override
	public MakeCredentialResponse makeCredential(MakeCredentialRequest request, RegistrationEmulationOption option) {
		MakeCredentialResponse response = super.makeCredential(request, option);
		AttestationObject original = response.getAttestationObject();
		AuthenticatorData<RegistrationExtensionAuthenticatorOutput> data = original.getAuthenticatorData();
		AuthenticatorData<RegistrationExtensionAuthenticatorOutput> flagged = new AuthenticatorData<>(data.getRpIdHash(),
				(byte) ((data.getFlags() | this.set) & ~this.clear), data.getSignCount(), attested(data.getAttestedCredentialData()),
				data.getExtensions());
		byte[] flaggedBytes = new AuthenticatorDataConverter(this.converter).convert(flagged);
		byte[] signedData = ByteBuffer.allocate(flaggedBytes.length + request.getHash().length)
			.put(flaggedBytes)
			.put(request.getHash())
			.array();
		AttestationStatementRequest statementRequest = new AttestationStatementRequest(signedData, null, request.getHash());
		response.setAttestationObject(new AttestationObject(flagged,
				createAttestationStatement(statementRequest, option == null ? new RegistrationEmulationOption() : option)));
		return response;
	}

}
