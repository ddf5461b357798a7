package io.keygate.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.auth.webauthn.WebAuthnRefusal;
import io.keygate.policy.identity.Role;
import tools.jackson.databind.JsonNode;

class KeyManagementTest extends KeygateHttpTest {

	private static String addBody(String assertion, String credential) {
		return "{\"label\":\"Backup\",\"assertion\":" + assertion + ",\"credential\":" + credential + "}";
	}

	@Test
	void addKeyWhenFreshAssertionFromExistingKeyThenBackupKeyStoredAndUsableForSignIn() {
		VirtualKey primary = VirtualKey.packed();
		VirtualKey backup = VirtualKey.packed();
		TestClient client = enroll(primary, "keys@itron.example", Role.VENDOR_ENGINEER);
		JsonNode options = client.post("/account/keys/options", "{}").json();
		assertThat(options.get("assertion").get("allowCredentials").size()).isEqualTo(1);
		assertThat(options.get("registration").get("excludeCredentials").size()).isEqualTo(1);

		TestClient.Response added = client.post("/account/keys",
				addBody(primary.get(options.get("assertion")), backup.create(options.get("registration"))));

		assertThat(added.status()).as(added.body()).isEqualTo(200);
		assertThat(client.getJson("/account/keys").json().size()).isEqualTo(2);
		assertThat(lastAudit("account.key.added").entry().actor()).isEqualTo("keys@itron.example");
		assertThat(signIn(backup).response().status()).isEqualTo(200);
	}

	@Test
	void addKeyWhenAssertionMadeWithSomeoneElsesKeyThenForbiddenAndNothingStored() {
		VirtualKey mine = VirtualKey.packed();
		VirtualKey theirs = VirtualKey.packed();
		TestClient client = enroll(mine, "victim@itron.example", Role.VENDOR_ENGINEER);
		enroll(theirs, "intruder@itron.example", Role.VENDOR_ENGINEER);
		JsonNode options = client.post("/account/keys/options", "{}").json();
		// The intruder's key answers the challenge without an allow-list restriction.
		var assertionOptions = ((tools.jackson.databind.node.ObjectNode) options.get("assertion").deepCopy());
		assertionOptions.putArray("allowCredentials");

		TestClient.Response added = client.post("/account/keys",
				addBody(theirs.get(assertionOptions), VirtualKey.packed().create(options.get("registration"))));

		assertThat(added.status()).isEqualTo(403);
		assertThat(added.detail()).isEqualTo(WebAuthnRefusal.WRONG_USER.message());
		assertThat(this.credentials.findBySubject("victim@itron.example")).hasSize(1);
	}

	@Test
	void addKeyWhenNewKeyIsSyncedPasskeyThenForbiddenAndNothingStored() {
		VirtualKey primary = VirtualKey.packed();
		TestClient client = enroll(primary, "passkey@itron.example", Role.VENDOR_ENGINEER);
		JsonNode options = client.post("/account/keys/options", "{}").json();

		TestClient.Response added = client.post("/account/keys",
				addBody(primary.get(options.get("assertion")), VirtualKey.backupEligible().create(options.get("registration"))));

		assertThat(added.status()).isEqualTo(403);
		assertThat(added.detail()).isEqualTo(WebAuthnRefusal.BACKUP_ELIGIBLE.message());
		assertThat(this.credentials.findBySubject("passkey@itron.example")).hasSize(1);
	}

	@Test
	void removeKeyWhenItIsTheLastOneThenConflictAndKeyKept() {
		TestClient client = enroll(VirtualKey.packed(), "lastkey@itron.example", Role.VENDOR_ENGINEER);
		String id = client.getJson("/account/keys").json().get(0).get("id").asString();

		TestClient.Response removed = client.delete("/account/keys/" + id);

		assertThat(removed.status()).isEqualTo(409);
		assertThat(removed.detail()).isEqualTo("You cannot remove your last security key. Add another key first.");
		assertThat(this.credentials.findById(id)).isPresent();
	}

	@Test
	void removeKeyWhenAnotherRemainsThenRemovedAndAudited() {
		VirtualKey primary = VirtualKey.packed();
		TestClient client = enroll(primary, "twokeys@itron.example", Role.VENDOR_ENGINEER);
		JsonNode options = client.post("/account/keys/options", "{}").json();
		client.post("/account/keys", addBody(primary.get(options.get("assertion")), VirtualKey.packed().create(options.get("registration"))));
		String first = client.getJson("/account/keys").json().get(0).get("id").asString();

		TestClient.Response removed = client.delete("/account/keys/" + first);

		assertThat(removed.status()).isEqualTo(200);
		assertThat(this.credentials.findById(first)).isEmpty();
		assertThat(lastAudit("account.key.removed").entry().details()).containsEntry("credentialId", first);
	}

	@Test
	void removeKeyWhenItBelongsToSomeoneElseThenNotFound() {
		TestClient mine = enroll(VirtualKey.packed(), "owner@itron.example", Role.VENDOR_ENGINEER);
		TestClient other = enroll(VirtualKey.packed(), "other@itron.example", Role.VENDOR_ENGINEER);
		String othersKey = other.getJson("/account/keys").json().get(0).get("id").asString();

		assertThat(mine.delete("/account/keys/" + othersKey).status()).isEqualTo(404);
		assertThat(this.credentials.findById(othersKey)).isPresent();
	}

}
