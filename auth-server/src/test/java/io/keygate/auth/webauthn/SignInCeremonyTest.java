package io.keygate.auth.webauthn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Role;

class SignInCeremonyTest extends KeygateHttpTest {

	@Test
	void enrollWhenPackedKeyUnderTrustedRootThenAccountActiveAndKeyStored() {
		VirtualKey key = VirtualKey.packed();
		TestClient client = enroll(key, "ana@itron.example", Role.VENDOR_ENGINEER);

		assertThat(this.credentials.findBySubject("ana@itron.example")).singleElement().satisfies(stored -> {
			assertThat(stored.attestationFormat()).isEqualTo("packed");
			assertThat(stored.uvInitialized()).isTrue();
			assertThat(stored.backupEligible()).isFalse();
		});
		assertThat(lastAudit("enrollment.completed").entry().actor()).isEqualTo("ana@itron.example");
		assertThat(client.getJson("/account/keys").status()).isEqualTo(200);
	}

	@Test
	void signInWhenRegisteredKeyWithUserVerificationThenSignedInWithoutUsername() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "ben@itron.example", Role.VENDOR_ENGINEER);

		SignIn signIn = signIn(key);

		assertThat(signIn.response().status()).isEqualTo(200);
		assertThat(signIn.response().json().get("authenticated").asBoolean()).isTrue();
		assertThat(signIn.client().getJson("/account/keys").status()).isEqualTo(200);
		assertThat(lastAudit("webauthn.signin.succeeded").entry().actor()).isEqualTo("ben@itron.example");
	}

	@Test
	void signInWhenSucceededThenCsrfTokenFromBeforeSignInIsReplaced() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "csrf@itron.example", Role.VENDOR_ENGINEER);
		TestClient client = client();
		var options = client.post("/webauthn/authenticate/options", "{}").json();
		String before = client.csrf();

		assertThat(client.post("/login/webauthn", key.get(options)).status()).isEqualTo(200);
		assertThat(client.csrf()).isNull();
		client.get("/account");

		assertThat(client.csrf()).isNotNull().isNotEqualTo(before);
	}

	@Test
	void protectedPathWhenNotSignedInThenUnauthorizedForApiAndRedirectForBrowser() {
		TestClient client = client();
		assertThat(client.getJson("/account/keys").status()).isEqualTo(401);
		TestClient.Response page = client.get("/portal");
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.header("Location")).endsWith("/login");
	}

	@Test
	void signInWhenCounterGoesBackwardsThenRefusedAndHighSeverityAudit() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "cloned@itron.example", Role.VENDOR_ENGINEER);
		String credentialId = this.credentials.findBySubject("cloned@itron.example").get(0).credentialId();
		// The original key has been used far more often than the copy now presenting itself.
		this.credentials.advanceCounter(credentialId, this.credentials.findById(credentialId).orElseThrow().signatureCount(),
				1_000_000, java.time.Instant.now());

		SignIn signIn = signIn(key);

		assertThat(signIn.response().status()).isEqualTo(401);
		assertThat(signIn.response().detail()).isEqualTo(WebAuthnRefusal.COUNTER_REGRESSION.message());
		assertThat(signIn.client().getJson("/account/keys").status()).isEqualTo(401);
		assertThat(this.credentials.findById(credentialId).orElseThrow().signatureCount()).isEqualTo(1_000_000);
		var event = lastAudit("webauthn.counter.regression");
		assertThat(event.entry().severity()).isEqualTo(Severity.HIGH);
		assertThat(event.entry().actor()).isEqualTo("cloned@itron.example");
		assertThat(event.entry().reason()).isEqualTo("COUNTER_REGRESSION");
	}

}
