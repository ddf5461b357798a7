package io.keygate.auth.webauthn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.enrollment.InvitationService;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.auth.testsupport.TestMetadataBlob;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;

/** Refusals that need their own configuration: an AAGUID allow-list, and a FIDO MDS BLOB revoking a model. */
class MetadataAndAllowListTest {

	static TestClient.Response enrollAttempt(KeygateHttpTest test, TestClient client, InvitationService.Issued issued) {
		TestClient.Response options = client.post("/enroll/options", Map.of("token", issued.token()));
		assertThat(options.status()).isEqualTo(200);
		String credential = VirtualKey.packed().create(options.json());
		return client.post("/enroll/finish", "{\"token\":\"" + issued.token() + "\",\"credential\":" + credential + "}");
	}

	@Nested
	class WithAllowList extends KeygateHttpTest {

		@Autowired
		AccountRepository accounts;

		@DynamicPropertySource
		static void allowList(DynamicPropertyRegistry registry) {
			registry.add("keygate.webauthn.aaguid-allow-list", () -> "2fc0579f-8113-47ea-b116-bb5a8db9202a");
		}

		@Test
		void enrollWhenAaguidNotInAllowListThenForbiddenAndNothingStored() {
			InvitationService.Issued issued = invite("model@vendor.example", Role.VENDOR_ENGINEER);

			TestClient.Response response = enrollAttempt(this, client(), issued);

			assertThat(response.status()).isEqualTo(403);
			assertThat(response.detail()).isEqualTo(WebAuthnRefusal.AAGUID_NOT_ALLOWED.message());
			assertThat(this.accounts.findByEmail("model@vendor.example")).isEmpty();
			assertThat(this.credentials.findBySubject("model@vendor.example")).isEmpty();
			assertThat(lastAudit("webauthn.registration.refused").entry().reason()).isEqualTo("AAGUID_NOT_ALLOWED");
		}

	}

	@Nested
	class WithRevokingMetadata extends KeygateHttpTest {

		static final TestMetadataBlob.Files3 BLOB = TestMetadataBlob.write(VirtualKey.packedAaguid(), "REVOKED");

		@Autowired
		AccountRepository accounts;

		@DynamicPropertySource
		static void metadata(DynamicPropertyRegistry registry) {
			registry.add("keygate.webauthn.trust.mds-blob", () -> BLOB.blob().toString());
			registry.add("keygate.webauthn.trust.mds-trust-root", () -> BLOB.trustRoot().toString());
			registry.add("keygate.webauthn.trust.mds-crls", () -> BLOB.crl().toString());
		}

		@Test
		void enrollWhenMetadataServiceRevokedTheModelThenForbiddenAndNothingStored() {
			InvitationService.Issued issued = invite("revokedmodel@vendor.example", Role.VENDOR_ENGINEER);

			TestClient.Response response = enrollAttempt(this, client(), issued);

			assertThat(response.status()).isEqualTo(403);
			assertThat(response.detail()).isEqualTo(WebAuthnRefusal.AUTHENTICATOR_REVOKED.message());
			assertThat(this.accounts.findByEmail("revokedmodel@vendor.example")).isEmpty();
			assertThat(this.credentials.findBySubject("revokedmodel@vendor.example")).isEmpty();
			assertThat(lastAudit("webauthn.registration.refused").entry().reason()).isEqualTo("AUTHENTICATOR_REVOKED");
		}

	}

	@Test
	void loadWhenBlobTamperedThenStartUpStopsNamingTheProperty() throws Exception {
		TestMetadataBlob.Files3 blob = TestMetadataBlob.write(VirtualKey.packedAaguid(), "FIDO_CERTIFIED");
		assertThat(FidoMetadataTrust.load(blob.blob(), blob.trustRoot(), List.of(blob.crl()))).isNotNull();

		assertThatThrownBy(() -> FidoMetadataTrust.load(TestMetadataBlob.tampered(blob.blob()), blob.trustRoot(), List.of(blob.crl())))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("keygate.webauthn.trust.mds-blob");
	}

	@Test
	void loadWhenCrlsMissingThenStartUpStops() {
		TestMetadataBlob.Files3 blob = TestMetadataBlob.write(VirtualKey.packedAaguid(), "FIDO_CERTIFIED");

		assertThatThrownBy(() -> FidoMetadataTrust.load(blob.blob(), blob.trustRoot(), List.of()))
			.isInstanceOf(IllegalStateException.class);
	}

}
