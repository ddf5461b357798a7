package io.keygate.auth.webauthn;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.verifier.attestation.statement.AttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.androidkey.AndroidKeyAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.packed.PackedAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.tpm.TPMAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.statement.u2f.FIDOU2FAttestationStatementVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.CertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.certpath.DefaultCertPathTrustworthinessVerifier;
import com.webauthn4j.verifier.attestation.trustworthiness.self.DefaultSelfAttestationTrustworthinessVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import io.keygate.grantstore.redis.GrantStoreSettings;

/**
 * The strict WebAuthn stack. Spring Security's defaults (attestation {@code none}, user
 * verification {@code preferred}, webauthn4j's non-strict manager that accepts any attestation)
 * are not used anywhere: Keygate drives webauthn4j's {@link WebAuthnManager} itself, built here
 * with only certificate-based attestation formats, no self attestation, the configured trust
 * roots and Keygate's hardware-key rules.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebAuthnProperties.class)
public class WebAuthnConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WebAuthnConfiguration.class);

	/**
	 * Accepted attestation statement formats. Not {@code none} (no proof of the model), not
	 * {@code apple} (anonymous, platform, synced) and not {@code android-safetynet} (software
	 * attestation of the device, deprecated). {@code fido-u2f} is accepted as a format but a U2F
	 * key cannot verify the user, so the UV requirement refuses it in practice.
	 */
	static List<AttestationStatementVerifier> attestationFormats() {
		return List.of(new PackedAttestationStatementVerifier(), new TPMAttestationStatementVerifier(),
				new AndroidKeyAttestationStatementVerifier(), new FIDOU2FAttestationStatementVerifier());
	}

	@Bean
	ObjectConverter webAuthnObjectConverter() {
		return new ObjectConverter();
	}

	@Bean
	MetadataTrust metadataTrust(WebAuthnProperties properties) {
		WebAuthnProperties.Trust trust = properties.trust();
		if (trust.mdsBlob() == null) {
			return MetadataTrust.NONE;
		}
		return FidoMetadataTrust.load(trust.mdsBlob(), trust.mdsTrustRoot(), trust.mdsCrls());
	}

	@Bean
	AttestationTrustAnchors attestationTrustAnchors(WebAuthnProperties properties, MetadataTrust metadataTrust,
			Environment environment) {
		GrantStoreSettings store = Binder.get(environment).bindOrCreate(GrantStoreSettings.PREFIX, GrantStoreSettings.class);
		AttestationTrustChoice.check(properties.trust(), environment.getProperty("spring.datasource.url"), store.kind().name());
		List<X509Certificate> roots = TrustRootLoader.load(properties.trust());
		AttestationTrustAnchors anchors = new AttestationTrustAnchors(roots, metadataTrust);
		if (roots.isEmpty() && metadataTrust == MetadataTrust.NONE && !properties.allowChromiumVirtualAuthenticator()) {
			log.warn("No attestation trust roots are configured (keygate.webauthn.trust.bundled-roots, roots-directory, "
					+ "key-store or mds-blob): every security key registration will be refused. Set "
					+ "keygate.webauthn.trust.bundled-roots=true to trust the vendor roots Keygate ships (OPERATING.md).");
		}
		else {
			log.info("WebAuthn attestation trust: {} configured root(s) (bundled vendor roots {}), FIDO metadata {}",
					roots.size(), Boolean.TRUE.equals(properties.trust().bundledRoots()) ? "on" : "off",
					metadataTrust == MetadataTrust.NONE ? "not configured" : "loaded");
		}
		return anchors;
	}

	@Bean
	WebAuthnManager strictWebAuthnManager(WebAuthnProperties properties, AttestationTrustAnchors anchors,
			MetadataTrust metadataTrust, ObjectConverter objectConverter, Environment environment) {
		DefaultCertPathTrustworthinessVerifier certPath = new DefaultCertPathTrustworthinessVerifier(anchors);
		CertPathTrustworthinessVerifier trust = certPath;
		if (properties.allowChromiumVirtualAuthenticator()) {
			GrantStoreSettings store = Binder.get(environment).bindOrCreate(GrantStoreSettings.PREFIX, GrantStoreSettings.class);
			DevelopmentAuthenticatorGuard.check(properties.origins(), environment.getProperty("spring.datasource.url"),
					store.kind().name());
			PublicKey pinned = null;
			if (properties.chromiumVirtualAuthenticatorCertificate() != null) {
				pinned = TrustRootLoader.readCertificates(properties.chromiumVirtualAuthenticatorCertificate()).get(0).getPublicKey();
			}
			log.warn("DEVELOPMENT ONLY: keygate.webauthn.allow-chromium-virtual-authenticator=true. Chromium's virtual "
					+ "authenticator is trusted as if it were a hardware key ({}). Never run this in production.",
					pinned == null ? "any certificate with Chromium's batch subject" : "pinned to the configured certificate");
			trust = new ChromiumVirtualAuthenticatorTrust(certPath, pinned);
		}
		return new WebAuthnManager(attestationFormats(), trust, new DefaultSelfAttestationTrustworthinessVerifier(false),
				List.of(new HardwareKeyRegistrationVerifier(properties.aaguidAllowList(), metadataTrust)), List.of(),
				objectConverter);
	}

}
