package io.keygate.auth.webauthn;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.AttestationStatement;
import com.webauthn4j.data.attestation.statement.CertificateBaseAttestationStatement;
import com.webauthn4j.verifier.CustomRegistrationVerifier;
import com.webauthn4j.verifier.RegistrationObject;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.DefaultCertPathTrustworthinessVerifier;

import io.keygate.auth.web.RefusedException;

/**
 * Keygate's own registration rules on top of the WebAuthn spec checks: no synced passkeys (a
 * backup-eligible credential can leave the hardware, WebAuthn L3 §6.1.3 flags BE/BS), only
 * allow-listed models when an allow-list is set, and no model the FIDO Metadata Service has
 * withdrawn. Runs inside webauthn4j's registration verification, after the attestation checks.
 */
public final class HardwareKeyRegistrationVerifier implements CustomRegistrationVerifier {

	private final List<UUID> aaguidAllowList;

	private final MetadataTrust metadata;

	public HardwareKeyRegistrationVerifier(List<UUID> aaguidAllowList, MetadataTrust metadata) {
		this.aaguidAllowList = List.copyOf(aaguidAllowList);
		this.metadata = metadata;
	}

	@Override
	public void verify(RegistrationObject registrationObject) {
		AuthenticatorData<?> data = registrationObject.getAttestationObject().getAuthenticatorData();
		if (data.isFlagBE()) {
			throw new RefusedException(WebAuthnRefusal.BACKUP_ELIGIBLE,
					"credential is backup eligible (BE=1, BS=" + data.isFlagBS() + "): a synced passkey, not a hardware key");
		}
		AAGUID aaguid = data.getAttestedCredentialData().getAaguid();
		if (!this.aaguidAllowList.isEmpty() && !this.aaguidAllowList.contains(aaguid.getValue())) {
			throw new RefusedException(WebAuthnRefusal.AAGUID_NOT_ALLOWED,
					"AAGUID " + aaguid + " is not in keygate.webauthn.aaguid-allow-list");
		}
		Optional<String> withdrawal = this.metadata.withdrawal(aaguid,
				attestationKeyIdentifier(registrationObject.getAttestationObject().getAttestationStatement()));
		if (withdrawal.isPresent()) {
			throw new RefusedException(WebAuthnRefusal.AUTHENTICATOR_REVOKED,
					"FIDO metadata withdraws AAGUID " + aaguid + ": " + withdrawal.get());
		}
	}

	private static byte[] attestationKeyIdentifier(AttestationStatement statement) {
		if (statement instanceof CertificateBaseAttestationStatement certificateBased && certificateBased.getX5c() != null
				&& certificateBased.getX5c().getEndEntityAttestationCertificate() != null) {
			X509Certificate certificate = certificateBased.getX5c().getEndEntityAttestationCertificate().getCertificate();
			try {
				return DefaultCertPathTrustworthinessVerifier.extractSubjectKeyIdentifier(certificate);
			}
			catch (RuntimeException ex) {
				// No subject key identifier: the metadata lookup then goes by AAGUID alone.
				return null;
			}
		}
		return null;
	}

}
