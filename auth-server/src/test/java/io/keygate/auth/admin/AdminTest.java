package io.keygate.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.auth.webauthn.WebAuthnRefusal;
import io.keygate.policy.identity.Role;
import tools.jackson.databind.JsonNode;

class AdminTest extends KeygateHttpTest {

	@Autowired
	AccountRepository accounts;

	@Autowired
	io.keygate.auth.oidc.SigningKeyStore signingKeys;

	@Test
	void inviteWhenSecurityAdminThenOneTimeLinkThatEnrollsTheInvitee() {
		TestClient admin = enroll(VirtualKey.packed(), "admin1@utility.example", Role.SECURITY_ADMIN);

		TestClient.Response invited = admin.post("/admin/invitations", Map.of("email", "New.Person@Itron.example", "displayName",
				"New Person", "organisation", "itron", "roles", List.of("VENDOR_ENGINEER")));

		assertThat(invited.status()).as(invited.body()).isEqualTo(200);
		String link = invited.json().get("link").asString();
		assertThat(link).startsWith("http://localhost/enroll?token=");
		String token = link.substring(link.indexOf("token=") + 6);
		TestClient invitee = client();
		TestClient.Response page = invitee.get("/enroll?token=" + token);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("New Person");
		JsonNode options = invitee.post("/enroll/options", Map.of("token", token)).json();
		assertThat(options.get("attestation").asString()).isEqualTo("direct");
		assertThat(options.get("authenticatorSelection").get("userVerification").asString()).isEqualTo("required");
		assertThat(options.get("authenticatorSelection").get("residentKey").asString()).isEqualTo("required");
		TestClient.Response finish = invitee.post("/enroll/finish",
				"{\"token\":\"" + token + "\",\"credential\":" + VirtualKey.packed().create(options) + "}");
		assertThat(finish.status()).isEqualTo(200);
		assertThat(this.accounts.findBySubject("new.person@itron.example").orElseThrow().organisation()).isEqualTo("itron");
	}

	@Test
	void adminEndpointsWhenNotSecurityAdminThenForbidden() {
		TestClient engineer = enroll(VirtualKey.packed(), "engineer@itron.example", Role.VENDOR_ENGINEER, Role.APPROVER);

		assertThat(engineer.post("/admin/invitations", Map.of("email", "x@itron.example", "displayName", "X", "organisation",
				"itron", "roles", List.of("SECURITY_ADMIN"))).status()).isEqualTo(403);
		assertThat(engineer.getJson("/admin/users").status()).isEqualTo(403);
	}

	@Test
	void disableWhenAdminDisablesUserThenSessionEndsAndSignInRefused() {
		TestClient admin = enroll(VirtualKey.packed(), "admin2@utility.example", Role.SECURITY_ADMIN);
		VirtualKey key = VirtualKey.packed();
		TestClient user = enroll(key, "leaver@itron.example", Role.VENDOR_ENGINEER);

		assertThat(admin.post("/admin/users/leaver@itron.example/disable", "{}").status()).isEqualTo(200);

		assertThat(user.getJson("/account/keys").status()).isEqualTo(401);
		assertThat(signIn(key).response().status()).isEqualTo(WebAuthnRefusal.ACCOUNT_DISABLED.status().value());
		assertThat(lastAudit("account.disabled").entry().details()).containsEntry("subject", "leaver@itron.example");
	}

	@Test
	void revokeKeysThenReinviteWhenUserLostKeyThenOldKeyRefusedAndNewKeyEnrolls() {
		TestClient admin = enroll(VirtualKey.packed(), "admin3@utility.example", Role.SECURITY_ADMIN);
		VirtualKey lost = VirtualKey.packed();
		enroll(lost, "lostkey@itron.example", Role.VENDOR_ENGINEER, Role.APPROVER);

		TestClient.Response revoked = admin.post("/admin/users/lostkey@itron.example/revoke-keys", "{}");
		assertThat(revoked.json().get("keysRevoked").asInt()).isEqualTo(1);
		assertThat(this.accounts.findBySubject("lostkey@itron.example").orElseThrow().status()).isEqualTo(UserStatus.PENDING);
		assertThat(signIn(lost).response().status()).isEqualTo(401);

		// A re-enrollment's link works once a second security admin confirmed it with their key.
		VirtualKey secondKey = VirtualKey.packed();
		TestClient second = enroll(secondKey, "admin3b@utility.example", Role.SECURITY_ADMIN);
		TestClient.Response asked = admin.post("/admin/users/lostkey@itron.example/reinvite", "{}");
		assertThat(asked.status()).as(asked.body()).isEqualTo(202);
		String invitationId = asked.json().get("invitationId").asString();
		JsonNode challenge = second.post("/admin/invitations/" + invitationId + "/confirmation/step-up", "{}").json();
		assertThat(second.post("/admin/invitations/" + invitationId + "/confirmation", "{\"challengeId\":\""
				+ challenge.get("challengeId").asString() + "\",\"credential\":" + secondKey.get(challenge.get("publicKey")) + "}")
			.status()).isEqualTo(200);
		String link = asked.json().get("link").asString();
		String token = link.substring(link.indexOf("token=") + 6);
		TestClient user = client();
		VirtualKey replacement = VirtualKey.packed();
		JsonNode options = user.post("/enroll/options", Map.of("token", token)).json();
		assertThat(user.post("/enroll/finish", "{\"token\":\"" + token + "\",\"credential\":" + replacement.create(options) + "}")
			.status()).isEqualTo(200);

		assertThat(this.accounts.findBySubject("lostkey@itron.example").orElseThrow().roles())
			.containsExactlyInAnyOrder(Role.VENDOR_ENGINEER, Role.APPROVER);
		assertThat(signIn(replacement).response().status()).isEqualTo(200);
	}

	@Test
	void disableWhenAdminTargetsThemselvesThenConflict() {
		TestClient admin = enroll(VirtualKey.packed(), "admin4@utility.example", Role.SECURITY_ADMIN);

		assertThat(admin.post("/admin/users/admin4@utility.example/disable", "{}").status()).isEqualTo(409);
	}

	@Test
	void rotateSigningKeyWhenAdminThenNewKeyPublishedAndOldOneRetirableButNotTheActive() {
		TestClient admin = enroll(VirtualKey.packed(), "admin5@utility.example", Role.SECURITY_ADMIN);
		String before = this.signingKeys.activeOrCreate().getKeyID();

		TestClient.Response rotated = admin.post("/admin/oidc/signing-keys/rotate", "{}");

		String after = rotated.json().get("kid").asString();
		assertThat(after).isNotEqualTo(before);
		assertThat(admin.post("/admin/oidc/signing-keys/" + after + "/retire", "{}").status()).isEqualTo(409);
		assertThat(admin.post("/admin/oidc/signing-keys/" + before + "/retire", "{}").status()).isEqualTo(200);
		assertThat(client().getJson("/oauth2/jwks").body()).contains(after).doesNotContain(before);
		assertThat(lastAudit("oidc.signing-key.rotated").entry().details()).containsEntry("kid", after);
	}

	@Test
	void firstStartWhenNoAccountsThenBootstrapLinkIssuedForSecurityAdminAndNoPasswordAnywhere() {
		var created = this.audit.latestByAction("enrollment.invitation.created", 10_000);

		assertThat(created).anySatisfy(event -> {
			assertThat(event.entry().actor()).isEqualTo("keygate-bootstrap");
			assertThat(event.entry().details().get("roles")).isEqualTo("[SECURITY_ADMIN]");
		});
	}

}
