package io.keygate.auth.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.firmware.FirmwareHash;
import io.keygate.policy.firmware.FirmwareRegister;
import io.keygate.policy.firmware.HeldImage;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import tools.jackson.databind.JsonNode;

/**
 * The firmware portal over HTTP with real keys (emulated authenticators): additions and decisions
 * are refused without the admin's key answer, accepted with it, audited, and published to the
 * register the gateways read. A held image is put in the register as a gateway reports it.
 */
class FirmwarePortalHttpTest extends KeygateHttpTest {

	@Autowired
	FirmwareRegister register;

	@Autowired
	FirmwareDistrust distrust;

	private static String hash() {
		return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
	}

	private static String entry(String hash) {
		return "\"hash\":\"" + hash + "\",\"vendor\":\"itron\",\"model\":\"OpenWay Riva\",\"version\":\"4.3.0\","
				+ "\"verification\":\"vendor-signed release note\"";
	}

	private static TestClient.Response addWithKey(TestClient admin, VirtualKey key, String hash) {
		TestClient.Response challenge = admin.post("/admin/firmware/allow-list/step-up", "{" + entry(hash) + "}");
		if (challenge.status() != 200) {
			return challenge;
		}
		return admin.post("/admin/firmware/allow-list", "{" + entry(hash) + ",\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"credential\":" + key.get(challenge.json().get("publicKey"))
				+ "}");
	}

	private static TestClient.Response decideWithKey(TestClient admin, VirtualKey key, String hash, String decision) {
		TestClient.Response challenge = admin.post("/admin/firmware/held/" + hash + "/" + decision + "/step-up", "{}");
		if (challenge.status() != 200) {
			return challenge;
		}
		return admin.post("/admin/firmware/held/" + hash + "/" + decision, "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"credential\":" + key.get(challenge.json().get("publicKey"))
				+ "}");
	}

	private static TestClient.Response form(TestClient client, String path, String form) {
		if (client.csrf() == null) {
			client.get("/login");
		}
		return client.send(java.net.http.HttpRequest.newBuilder(client.uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.header("X-XSRF-TOKEN", client.csrf())
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
			.build());
	}

	@Test
	void allowListWhenAdminConfirmsWithKeyThenListedPublishedAndAudited() {
		VirtualKey key = VirtualKey.packed();
		TestClient admin = enroll(key, "fw-admin1@utility.example", Role.SECURITY_ADMIN);
		String hash = hash();

		TestClient.Response added = addWithKey(admin, key, hash);

		assertThat(added.status()).as(added.body()).isEqualTo(200);
		assertThat(this.register.allowListed(new FirmwareHash(hash))).hasValueSatisfying(entry -> {
			assertThat(entry.vendor()).isEqualTo("itron");
			assertThat(entry.addedBy()).isEqualTo("fw-admin1@utility.example");
		});
		assertThat(lastAudit("firmware.allowlist.added").entry().details()).containsEntry("image", hash)
			.containsKey("credentialId");
		JsonNode list = admin.getJson("/admin/firmware/allow-list").json();
		assertThat(list.toString()).contains(hash).contains("vendor-signed release note");
		assertThat(addWithKey(admin, key, hash).status()).isEqualTo(409);
	}

	@Test
	void allowListWhenNoKeyAnswerOrAnotherEntrySignedThenRefusedAndNotListed() {
		VirtualKey key = VirtualKey.packed();
		TestClient admin = enroll(key, "fw-admin2@utility.example", Role.SECURITY_ADMIN);
		String hash = hash();

		TestClient.Response noKey = admin.post("/admin/firmware/allow-list", "{" + entry(hash) + ",\"challengeId\":\"x\","
				+ "\"credential\":{}}");
		assertThat(noKey.status()).isEqualTo(403);

		// The key signed one entry; the form then claims another hash with that answer.
		TestClient.Response challenge = admin.post("/admin/firmware/allow-list/step-up", "{" + entry(hash) + "}");
		String other = hash();
		TestClient.Response swapped = admin.post("/admin/firmware/allow-list", "{" + entry(other) + ",\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"credential\":" + key.get(challenge.json().get("publicKey"))
				+ "}");

		assertThat(swapped.status()).isEqualTo(403);
		assertThat(this.register.allowListed(new FirmwareHash(hash))).isEmpty();
		assertThat(this.register.allowListed(new FirmwareHash(other))).isEmpty();
	}

	@Test
	void allowListWhenHashMalformedThen400() {
		TestClient admin = enroll(VirtualKey.packed(), "fw-admin3@utility.example", Role.SECURITY_ADMIN);

		assertThat(admin.post("/admin/firmware/allow-list/step-up", "{" + entry("not-a-hash") + "}").status()).isEqualTo(400);
	}

	@Test
	void firmwareEndpointsWhenNotSecurityAdminThenForbidden() {
		TestClient approver = enroll(VirtualKey.packed(), "fw-approver@utility.example", Role.APPROVER);

		assertThat(approver.post("/admin/firmware/allow-list/step-up", "{" + entry(hash()) + "}").status()).isEqualTo(403);
		assertThat(approver.getJson("/admin/firmware/held").status()).isEqualTo(403);
		assertThat(approver.get("/access/firmware").status()).isEqualTo(403);
	}

	@Test
	void heldImageWhenReleasedWithKeyThenRegisterReleasedAuditedAndSecondDecisionRefused() {
		VirtualKey key = VirtualKey.packed();
		TestClient admin = enroll(key, "fw-admin4@utility.example", Role.SECURITY_ADMIN);
		FirmwareHash image = new FirmwareHash(hash());
		this.register.hold(HeldImage.held(image, "itron", "eng@itron", "head-end", "gw-1", 1234, Instant.now(),
				"first seen inside distrust window"));
		assertThat(admin.get("/access/firmware").body()).contains(image.hex()).contains("eng@itron");

		assertThat(admin.post("/admin/firmware/held/" + image.hex() + "/release", "{\"challengeId\":\"x\",\"credential\":{}}")
			.status()).isEqualTo(403);
		TestClient.Response released = decideWithKey(admin, key, image.hex(), "release");

		assertThat(released.status()).as(released.body()).isEqualTo(200);
		assertThat(this.register.held(image).orElseThrow().state()).isEqualTo(HeldImage.State.RELEASED);
		assertThat(lastAudit("firmware.hold.released").entry().details()).containsEntry("image", image.hex())
			.containsEntry("uploader", "eng@itron");
		assertThat(decideWithKey(admin, key, image.hex(), "reject").status()).isEqualTo(409);
	}

	@Test
	void heldImageWhenRejectedWithKeyThenRejectedAndUnknownImageIs404() {
		VirtualKey key = VirtualKey.packed();
		TestClient admin = enroll(key, "fw-admin5@utility.example", Role.SECURITY_ADMIN);
		FirmwareHash image = new FirmwareHash(hash());
		this.register.hold(HeldImage.held(image, "itron", "eng@itron", "head-end", "gw-1", 1, Instant.now(), "in window"));

		assertThat(decideWithKey(admin, key, image.hex(), "reject").status()).isEqualTo(200);
		assertThat(this.register.held(image).orElseThrow().state()).isEqualTo(HeldImage.State.REJECTED);
		assertThat(decideWithKey(admin, key, hash(), "release").status()).isEqualTo(404);
	}

	@Test
	void windowWhenAdminOpensOneThenPublishedAuditedAndBadTimesRefused() {
		TestClient admin = enroll(VirtualKey.packed(), "fw-admin6@utility.example", Role.SECURITY_ADMIN);
		String organisation = "vendor" + UUID.randomUUID().toString().substring(0, 6);

		TestClient.Response opened = form(admin, "/admin/firmware/windows", "organisation=" + organisation
				+ "&start=2026-11-01T00:00&end=2026-11-20T00:00&reason=breach+notice");

		assertThat(opened.status()).isEqualTo(302);
		assertThat(admin.get(opened.header("Location")).body()).contains("Distrust window").contains(organisation);
		assertThat(this.register.windows()).anySatisfy(window -> {
			assertThat(window.organisation()).isEqualTo(organisation);
			assertThat(window.start()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
			assertThat(window.openedBy()).isEqualTo("fw-admin6@utility.example");
		});
		assertThat(lastAudit("firmware.distrust.opened").entry().details()).containsEntry("distrusted", organisation);
		int before = this.register.windows().size();
		TestClient.Response backwards = form(admin, "/admin/firmware/windows", "organisation=" + organisation
				+ "&start=2026-11-20T00:00&end=2026-11-01T00:00&reason=backwards");
		assertThat(admin.get(backwards.header("Location")).body()).contains("start before its end");
		assertThat(this.register.windows()).hasSize(before);
	}

	@Test
	void openWhenBreachDeclarationOpensWindowThenPublishedForTheOrganisation() {
		String organisation = "breached" + UUID.randomUUID().toString().substring(0, 6);

		var window = this.distrust.open(organisation, Instant.parse("2026-10-01T00:00:00Z"),
				Instant.parse("2026-11-01T00:00:00Z"), "breach declaration BR-7", "secadmin@utility.example");

		assertThat(this.register.windows()).contains(window);
		assertThat(this.distrust.windows()).contains(window);
	}

}
