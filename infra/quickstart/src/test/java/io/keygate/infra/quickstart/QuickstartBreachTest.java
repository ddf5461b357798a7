package io.keygate.infra.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.auth.enrollment.InvitationService;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.TestTrustStore;
import io.keygate.testsupport.VirtualKey;
import tools.jackson.databind.JsonNode;

/**
 * A breach declaration on the embedded quickstart (auth server, gateway and simulators in one JVM,
 * sharing the grant store and the receipts): a vendor engineer uses the head-end through the
 * gateway; the security admin declares a breach of the vendor with a key touch; the gateway refuses
 * the engineer ORG_SUSPENDED and gives its receipt, the engineer's key (first used inside the window)
 * is quarantined, and the hunt report holds the engineer's sign-ins, request, approval and the
 * gateway's allowed and denied decisions.
 */
class QuickstartBreachTest {

	@TempDir
	Path data;

	@Test
	void declareWhenVendorUsedTheGatewayThenSuspendedReceiptGivenKeyQuarantinedAndHuntReportComplete() throws Exception {
		QuickstartSettings settings = new QuickstartSettings(this.data, freePort(), freePort(), 0, 0, 0,
				Map.of("keygate.webauthn.trust.roots-directory", TestTrustStore.rootsDirectory().toString()), Map.of());
		String authUrl = settings.authUrl();
		try (RunningQuickstart running = Quickstart.start(settings)) {
			int port = settings.authPort();
			Instant start = Instant.now();
			TestClient admin = new TestClient(port);
			VirtualKey adminKey = VirtualKey.packed().at(authUrl);
			enroll(admin, adminKey, token(running.auth()
				.getBean(InvitationService.class)
				.invite("keygate-bootstrap", "sec@utility.example", "Sec Admin", "utility", Set.of(Role.SECURITY_ADMIN), "127.0.0.1")
				.link()));
			TestClient approver = new TestClient(port);
			VirtualKey approverKey = VirtualKey.packed().at(authUrl);
			enroll(approver, approverKey, invite(admin, "ann@utility.example", "utility", "APPROVER"));
			TestClient vendor = new TestClient(port);
			enroll(vendor, VirtualKey.packed().at(authUrl), invite(admin, "erin@itron.example", "itron", "VENDOR_ENGINEER"));
			granted(vendor, approver, approverKey);
			assertThat(followed(vendor, settings.gatewayUrl() + "/t/head-end/api/meters").status()).isEqualTo(200);
			assertThat(followed(vendor, settings.gatewayUrl() + "/t/mdm/readings").status()).isEqualTo(403);

			TestClient.Response drafted = admin.post("/admin/breach/declarations", Map.of("organisation", "itron", "from",
					start.minus(Duration.ofMinutes(5)).toString(), "to", Instant.now().plus(Duration.ofMinutes(5)).toString(),
					"reference", "ITRON-ADV-2026-11"));
			assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
			String id = drafted.json().get("id").asString();
			TestClient.Response challenge = admin.post("/admin/breach/declarations/" + id + "/step-up", "{}");
			assertThat(challenge.status()).as(challenge.body()).isEqualTo(200);
			TestClient.Response declared = admin.post("/admin/breach/declarations/" + id + "/confirmation", "{\"challengeId\":\""
					+ challenge.json().get("challengeId").asString() + "\",\"credential\":"
					+ adminKey.get(challenge.json().get("publicKey")) + "}");

			assertThat(declared.status()).as(declared.body()).isEqualTo(200);
			assertThat(declared.json().get("grantsEnded").asInt()).isEqualTo(1);
			assertThat(declared.json().get("keysQuarantined").asInt()).isEqualTo(1);
			assertThat(declared.json().get("quarantinedPeople").toString()).contains("erin@itron.example");
			TestClient.Response refused = followed(vendor, settings.gatewayUrl() + "/t/head-end/api/meters");
			assertThat(refused.status()).isIn(401, 403);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode receipts = admin.getJson("/admin/breach/declarations/" + id).json().get("receipts");
				assertThat(receipts).as("the quickstart gateway's receipt: %s", receipts).hasSize(1);
				assertThat(receipts.get(0).get("state").asString()).isEqualTo("RECEIVED");
			});
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode counts = admin.getJson("/admin/breach/declarations/" + id + "/hunt.json").json().get("counts");
				assertThat(counts.has("decision-allowed")).as("counts %s", counts).isTrue();
				assertThat(counts.has("decision-denied")).as("counts %s", counts).isTrue();
				assertThat(counts.has("request")).as("counts %s", counts).isTrue();
				assertThat(counts.has("approval")).as("counts %s", counts).isTrue();
				assertThat(counts.has("sign-in")).as("counts %s", counts).isTrue();
			});
			JsonNode hunt = admin.getJson("/admin/breach/declarations/" + id + "/hunt.json").json();
			System.out.println("QuickstartBreachTest: hunt report of itron: " + hunt.get("lines").size() + " lines, by kind "
					+ hunt.get("counts") + "; declaration " + declared.body());
			TestClient.Response csv = admin.get("/admin/breach/declarations/" + id + "/hunt.csv");
			assertThat(csv.status()).isEqualTo(200);
			assertThat(csv.body().lines().count()).isEqualTo(hunt.get("lines").size() + 1L);
		}
	}

	private static void enroll(TestClient browser, VirtualKey key, String token) {
		TestClient.Response options = browser.post("/enroll/options", Map.of("token", token));
		assertThat(options.status()).as(options.body()).isEqualTo(200);
		TestClient.Response finished = browser.post("/enroll/finish",
				"{\"token\":\"" + token + "\",\"label\":\"test key\",\"credential\":" + key.create(options.json()) + "}");
		assertThat(finished.status()).as(finished.body()).isEqualTo(200);
	}

	private static String invite(TestClient admin, String email, String organisation, String role) {
		TestClient.Response invited = admin.post("/admin/invitations", Map.of("email", email, "displayName", email,
				"organisation", organisation, "roles", List.of(role), "singleAdminBootstrap", "APPROVER".equals(role)));
		assertThat(invited.status()).as(invited.body()).isEqualTo(200);
		return token(invited.json().get("link").asString());
	}

	private static void granted(TestClient requester, TestClient approver, VirtualKey approverKey) {
		TestClient.Response asked = requester.post("/api/v1/requests", Map.of("targetId", "head-end", "level", "read",
				"durationMinutes", 120, "reason", "read meter events", "ticket", "CHG-1"));
		assertThat(asked.status()).as(asked.body()).isEqualTo(201);
		String id = asked.json().get("id").asString();
		TestClient.Response challenge = approver.post("/api/v1/requests/" + id + "/step-up", "{}");
		assertThat(challenge.status()).as(challenge.body()).isEqualTo(200);
		TestClient.Response approved = approver.post("/api/v1/requests/" + id + "/approvals", "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"comment\":\"ok\",\"credential\":"
				+ approverKey.get(challenge.json().get("publicKey")) + "}");
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);
	}

	private static String token(String link) {
		return link.substring(link.indexOf("token=") + 6);
	}

	/** GETs {@code url} following redirects across the gateway and the auth server (the OIDC round trip). */
	private static TestClient.Response followed(TestClient browser, String url) {
		String next = url;
		for (int hop = 0; hop < 10; hop++) {
			TestClient.Response response = browser.get(next);
			String location = response.header("Location");
			if (response.status() / 100 != 3 || location == null) {
				return response;
			}
			next = URI.create(next).resolve(location).toString();
		}
		throw new AssertionError("too many redirects from " + url);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
