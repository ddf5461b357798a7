package io.keygate.auth.webauthn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;
import tools.jackson.databind.JsonNode;

/** Every sign-in refusal: status, the one generic message, audit reason, and no session. */
class SignInRefusalTest extends KeygateHttpTest {

	@Autowired
	AccountRepository accounts;

	private void assertRefused(TestClient client, TestClient.Response response, WebAuthnRefusal refusal, String actor) {
		assertThat(response.status()).isEqualTo(refusal.status().value());
		assertThat(response.detail()).isEqualTo(refusal.message());
		assertThat(response.code()).isEqualTo(refusal.code());
		assertThat(client.getJson("/account/keys").status()).as("not signed in").isEqualTo(401);
		var event = lastAudit("webauthn.signin.refused");
		assertThat(event.entry().reason()).isEqualTo(refusal.name());
		assertThat(event.entry().actor()).isEqualTo(actor);
	}

	@Test
	void signInWhenAssertionReplayedAgainstNewChallengeThenBadRequest() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "replay@itron.example", Role.VENDOR_ENGINEER);
		TestClient victim = client();
		String captured = key.get(victim.post("/webauthn/authenticate/options", "{}").json());
		assertThat(victim.post("/login/webauthn", captured).status()).isEqualTo(200);
		TestClient attacker = client();
		attacker.post("/webauthn/authenticate/options", "{}");

		TestClient.Response replay = attacker.post("/login/webauthn", captured);

		assertRefused(attacker, replay, WebAuthnRefusal.CHALLENGE_MISMATCH, "replay@itron.example");
	}

	@Test
	void signInWhenNoChallengeWasIssuedThenBadRequest() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "nochallenge@itron.example", Role.VENDOR_ENGINEER);
		TestClient first = client();
		String assertion = key.get(first.post("/webauthn/authenticate/options", "{}").json());
		assertThat(first.post("/login/webauthn", assertion).status()).isEqualTo(200);
		TestClient other = client();

		TestClient.Response response = other.post("/login/webauthn", assertion);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.detail()).isEqualTo(WebAuthnRefusal.NO_CEREMONY.message());
		assertThat(other.getJson("/account/keys").status()).isEqualTo(401);
	}

	@Test
	void signInWhenMadeOnAnotherOriginThenBadRequest() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "origin@itron.example", Role.VENDOR_ENGINEER);
		TestClient client = client();
		JsonNode options = client.post("/webauthn/authenticate/options", "{}").json();

		TestClient.Response response = client.post("/login/webauthn", key.at("http://evil.example").get(options));

		assertRefused(client, response, WebAuthnRefusal.WRONG_ORIGIN, "origin@itron.example");
	}

	@Test
	void signInWhenUserNotVerifiedThenForbiddenAsPinRequired() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "nouv@itron.example", Role.VENDOR_ENGINEER);
		TestClient client = client();
		JsonNode options = client.post("/webauthn/authenticate/options", "{}").json();

		TestClient.Response response = client.post("/login/webauthn", key.withoutUserVerificationOnAssertion().get(options));

		assertRefused(client, response, WebAuthnRefusal.USER_NOT_VERIFIED, "nouv@itron.example");
	}

	@Test
	void signInWhenAssertionMadeForAnotherRelyingPartyIdThenBadRequest() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "rpid-signin@itron.example", Role.VENDOR_ENGINEER);
		TestClient client = client();
		JsonNode options = client.post("/webauthn/authenticate/options", "{}").json();

		TestClient.Response response = client.post("/login/webauthn", key.assertingForRpId("evil.example").get(options));

		assertRefused(client, response, WebAuthnRefusal.WRONG_RP_ID, "rpid-signin@itron.example");
	}

	@Test
	void signInWhenKeyWasRevokedThenUnauthorizedWithGenericMessage() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "revoked@itron.example", Role.VENDOR_ENGINEER);
		this.credentials.deleteBySubject("revoked@itron.example");
		TestClient client = client();
		JsonNode options = client.post("/webauthn/authenticate/options", "{}").json();

		TestClient.Response response = client.post("/login/webauthn", key.get(options));

		assertRefused(client, response, WebAuthnRefusal.UNKNOWN_CREDENTIAL, "");
	}

	@Test
	void signInWhenAccountDisabledThenUnauthorizedWithSameGenericMessage() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "disabled@itron.example", Role.VENDOR_ENGINEER);
		this.accounts.updateStatus("disabled@itron.example", UserStatus.DISABLED);
		TestClient client = client();
		JsonNode options = client.post("/webauthn/authenticate/options", "{}").json();

		TestClient.Response response = client.post("/login/webauthn", key.get(options));

		assertRefused(client, response, WebAuthnRefusal.ACCOUNT_DISABLED, "disabled@itron.example");
		assertThat(WebAuthnRefusal.ACCOUNT_DISABLED.message()).isEqualTo(WebAuthnRefusal.UNKNOWN_CREDENTIAL.message());
	}

	@Test
	void sessionWhenAccountDisabledAfterSignInThenEndsOnNextRequest() {
		VirtualKey key = VirtualKey.packed();
		TestClient client = enroll(key, "kicked@itron.example", Role.VENDOR_ENGINEER);
		assertThat(client.getJson("/account/keys").status()).isEqualTo(200);

		this.accounts.updateStatus("kicked@itron.example", UserStatus.DISABLED);

		assertThat(client.getJson("/account/keys").status()).isEqualTo(401);
	}

	@Test
	void optionsWhenRequestedThenUserVerificationRequiredAndNoCredentialsListed() {
		JsonNode options = client().post("/webauthn/authenticate/options", "{}").json();

		assertThat(options.get("userVerification").asString()).isEqualTo("required");
		assertThat(options.get("allowCredentials").size()).isZero();
		assertThat(VirtualKey.unb64(options.get("challenge").asString())).hasSize(32);
	}

}
