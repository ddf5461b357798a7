package io.keygate.auth.webauthn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.keygate.auth.enrollment.InvitationService;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;
import tools.jackson.databind.JsonNode;

/** The development-only switch that trusts Chromium's virtual authenticator: off refuses it, on accepts it. */
class ChromiumVirtualAuthenticatorTest {

	static TestClient.Response enrollChromiumLike(KeygateHttpTest test, TestClient client, InvitationService.Issued issued) {
		JsonNode options = client.post("/enroll/options", Map.of("token", issued.token())).json();
		return client.post("/enroll/finish",
				"{\"token\":\"" + issued.token() + "\",\"credential\":" + VirtualKey.chromiumLike().create(options) + "}");
	}

	@Nested
	class SwitchOff extends KeygateHttpTest {

		@Test
		void enrollWhenChromiumVirtualAuthenticatorAndSwitchOffThenForbiddenAsUntrusted() {
			TestClient.Response response = enrollChromiumLike(this, client(), invite("chromium-off@vendor.example", Role.VENDOR_ENGINEER));

			assertThat(response.status()).isEqualTo(403);
			assertThat(response.detail()).isEqualTo(WebAuthnRefusal.ATTESTATION_UNTRUSTED.message());
			assertThat(this.credentials.findBySubject("chromium-off@vendor.example")).isEmpty();
		}

	}

	@Nested
	class SwitchOn extends KeygateHttpTest {

		@DynamicPropertySource
		static void allowChromium(DynamicPropertyRegistry registry) {
			registry.add("keygate.webauthn.allow-chromium-virtual-authenticator", () -> "true");
		}

		@Test
		void enrollWhenChromiumVirtualAuthenticatorAndSwitchOnThenEnrolledAndSignsIn() {
			VirtualKey.chromiumLike();
			TestClient.Response response = enrollChromiumLike(this, client(), invite("chromium-on@vendor.example", Role.VENDOR_ENGINEER));

			assertThat(response.status()).as(response.body()).isEqualTo(200);
			assertThat(this.credentials.findBySubject("chromium-on@vendor.example")).singleElement()
				.satisfies(key -> assertThat(key.aaguid()).isEqualTo("01020304-0506-0708-0102-030405060708"));
		}

		@Test
		void enrollWhenOtherSelfAttestedKeyAndSwitchOnThenStillForbidden() {
			TestClient.Response response = enrollUntrusted(client(), invite("selfsigned@vendor.example", Role.VENDOR_ENGINEER));

			assertThat(response.status()).isEqualTo(403);
			assertThat(this.credentials.findBySubject("selfsigned@vendor.example")).isEmpty();
		}

		private TestClient.Response enrollUntrusted(TestClient client, InvitationService.Issued issued) {
			JsonNode options = client.post("/enroll/options", Map.of("token", issued.token())).json();
			return client.post("/enroll/finish",
					"{\"token\":\"" + issued.token() + "\",\"credential\":" + VirtualKey.untrustedRoot().create(options) + "}");
		}

	}

}
