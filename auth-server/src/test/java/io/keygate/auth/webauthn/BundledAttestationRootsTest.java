package io.keygate.auth.webauthn;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bundle is a trust decision: its exact contents are pinned here, so that adding, removing or
 * swapping a root fails the build until OPERATING.md and this list are updated together.
 */
class BundledAttestationRootsTest {

	/** Subject -> SHA-256 of the DER certificate, as listed in OPERATING.md. */
	static final Map<String, String> PINNED = pinned();

	private static Map<String, String> pinned() {
		Map<String, String> pinned = new LinkedHashMap<>();
		pinned.put("CN=Yubico U2F Root CA Serial 457200631", "0fa1386f80eb8713263ae5c1d84deb455bdf08aea50ab05503cefee82b092d42");
		pinned.put("CN=Yubico FIDO Root CA Serial 450203556", "35f1a54b353bfb711e6d42adbeb76c0e9dead095018e6a94783ba2192fd6faad");
		pinned.put("CN=Yubico Attestation Root 1", "62760c6a6ef91679f454c8902b80fd009825b3f25da90f1fbace2ec6586cd5a8");
		pinned.put("CN=nitrokey.com,OU=Root CA,O=Nitrokey GmbH,C=DE", "a9f3e09f1aea89472e596127094f7519f7719b5f3a6c8503b964bd2712acf97b");
		pinned.put("CN=Nitrokey Root CA 2", "0b4f8d8779be3267acfcdbf7befdfc3806b4dddfb2cdd6802d5173c6ccbf2268");
		// The Solo 1 root is an X.509 v1 certificate: its subject ends in an e-mail address, which
		// RFC 2253 output spells as the OID with the DER-encoded IA5String.
		pinned.put("1.2.840.113549.1.9.1=#161268656c6c6f40736f6c6f6b6579732e636f6d,CN=solokeys.com,OU=Root CA,O=Solo Keys,ST=Maryland,C=US",
				"215f6d7bfc47c8bfabaec0a21c9954aa3b3e4912b0c128d12c56d41841891ee9");
		pinned.put("CN=Root R1,C=CH,O=SoloKeys", "bc6ed5e4024ecda714eb1b210987a9a2f82e587ac7838e0b250aa1d85846e6a4");
		pinned.put("CN=Feitian FIDO Root CA,O=Feitian Technologies,C=US", "492bfc9bb0c655f695a9447b445ec4703cd92d63fd910b5043ba3b0a3964506d");
		pinned.put("CN=Feitian FIDO Root CA,O=Feitian Technologies,C=CN", "925f79f4350ac09645dc71adc611badc248e837625246f11558edb3d5ee615f6");
		pinned.put("CN=FT FIDO 0200", "2c86cb00e189ca0431d33867bbb145cc3abbd4900508e3e26e92e35f2e22877a");
		return Map.copyOf(pinned);
	}

	@Test
	void rootsWhenLoadedThenExactlyThePinnedFingerprints() throws Exception {
		Map<String, String> loaded = new LinkedHashMap<>();
		for (X509Certificate root : BundledAttestationRoots.roots()) {
			loaded.put(root.getSubjectX500Principal().getName(), sha256(root));
		}
		assertThat(loaded).containsExactlyInAnyOrderEntriesOf(PINNED);
	}

	@Test
	void rootsWhenLoadedThenEachIsASelfSignedRootValidToday() throws Exception {
		for (X509Certificate root : BundledAttestationRoots.roots()) {
			assertThat(root.getIssuerX500Principal()).as(root.getSubjectX500Principal().getName())
				.isEqualTo(root.getSubjectX500Principal());
			root.verify(root.getPublicKey());
			root.checkValidity();
		}
	}

	@Test
	void rootsWhenVersion3ThenEachIsMarkedAsACertificateAuthority() {
		// X.509 v1 roots (Solo 1, Nitrokey FIDO2) carry no extensions at all; a trust anchor needs none.
		// A v3 root that says it is not a CA would be a leaf put in the bundle by mistake.
		for (X509Certificate root : BundledAttestationRoots.roots()) {
			if (root.getVersion() == 3) {
				assertThat(root.getBasicConstraints()).as(root.getSubjectX500Principal().getName()).isGreaterThanOrEqualTo(0);
			}
		}
	}

	@Test
	void loadWhenBundledRootsOnThenTheyAreTrustedBesideTheOperatorsOwn() {
		List<X509Certificate> roots = TrustRootLoader
			.load(new WebAuthnProperties.Trust(null, null, null, null, null, List.of(), true));
		assertThat(roots).hasSize(PINNED.size());
		AttestationTrustAnchors anchors = new AttestationTrustAnchors(roots, MetadataTrust.NONE);
		assertThat(anchors.find(new com.webauthn4j.data.attestation.authenticator.AAGUID(UUID.randomUUID())))
			.extracting(anchor -> anchor.getTrustedCert().getSubjectX500Principal().getName())
			.containsExactlyInAnyOrderElementsOf(PINNED.keySet());
	}

	@Test
	void loadWhenBundledRootsOffOrUnsetThenNoneOfThem() {
		assertThat(TrustRootLoader.load(new WebAuthnProperties.Trust(null, null, null, null, null, List.of(), false))).isEmpty();
		assertThat(TrustRootLoader.load(new WebAuthnProperties.Trust(null, null, null, null, null, List.of(), null))).isEmpty();
	}

	@Test
	void modelsWhenLoadedThenWellKnownModelsAreNamed() {
		assertThat(BundledAttestationRoots.model(UUID.fromString("73bb0cd4-e502-49b8-9c6f-b59445bf720b")))
			.contains("YubiKey 5 FIPS Series");
		assertThat(BundledAttestationRoots.model(UUID.fromString("8876631b-d4a0-427f-5773-0ec71c9e0279")))
			.contains("Solo Secp256R1 FIDO2 CTAP2 Authenticator");
		assertThat(BundledAttestationRoots.model(UUID.fromString("77010bd7-212a-4fc9-b236-d2ca5e9d4084")))
			.contains("Feitian BioPass FIDO2 Authenticator");
		assertThat(BundledAttestationRoots.model(UUID.fromString("42b4fb4a-2866-43b2-9bf7-6c6669c2e5d3")))
			.contains("Google Titan Security Key v2");
		assertThat(BundledAttestationRoots.model(UUID.fromString("eabb46cc-e241-80bf-ae9e-96fa6d2975cf")))
			.contains("TOKEN2 PIN Plus Security Key Series");
		assertThat(BundledAttestationRoots.model(UUID.randomUUID())).isEmpty();
	}

	@Test
	void checkWhenDistributedAndNoTrustChosenThenStartUpRefusedNamingTheProperty() {
		WebAuthnProperties.Trust none = new WebAuthnProperties.Trust(null, null, null, null, null, List.of(), null);
		assertThatThrownBy(() -> AttestationTrustChoice.check(none, "jdbc:postgresql://db/keygate", "memory"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("keygate.webauthn.trust.bundled-roots")
			.hasMessageContaining("keygate.webauthn.trust.roots-directory")
			.hasMessageContaining("keygate.webauthn.trust.mds-blob");
		assertThatThrownBy(() -> AttestationTrustChoice.check(none, "jdbc:h2:mem:x", "redis"))
			.hasMessageContaining("keygate.webauthn.trust.bundled-roots");
	}

	@Test
	void checkWhenDistributedAndAChoiceIsMadeThenStartUpGoesOn() {
		AttestationTrustChoice.check(new WebAuthnProperties.Trust(null, null, null, null, null, List.of(), true),
				"jdbc:postgresql://db/keygate", "redis");
		AttestationTrustChoice.check(new WebAuthnProperties.Trust(java.nio.file.Path.of("/etc/roots"), null, null, null, null,
				List.of(), null), "jdbc:postgresql://db/keygate", "redis");
		AttestationTrustChoice.check(new WebAuthnProperties.Trust(null, null, null, null, null, List.of(), false),
				"jdbc:postgresql://db/keygate", "redis");
	}

	@Test
	void checkWhenEmbeddedAndNoChoiceThenStartUpGoesOn() {
		AttestationTrustChoice.check(new WebAuthnProperties.Trust(null, null, null, null, null, List.of(), null),
				"jdbc:h2:file:./data/keygate", "memory");
	}

	private static String sha256(X509Certificate certificate) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
	}

}
