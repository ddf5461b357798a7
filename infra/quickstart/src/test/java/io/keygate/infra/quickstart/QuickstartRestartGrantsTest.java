package io.keygate.infra.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.enrollment.InvitationService;
import io.keygate.policy.identity.Role;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.TestTrustStore;
import io.keygate.testsupport.VirtualKey;
import tools.jackson.databind.JsonNode;

/**
 * The embedded quickstart restarted against the same H2 file: its in-memory grant store comes back
 * empty while history still calls grants live. A live grant whose holder is still active is put back
 * (the portal, the API and the gateway all say LIVE, and the gateway forwards again); one whose holder
 * is no longer active is ended in history with the reason, so that nobody shows it as live either.
 */
class QuickstartRestartGrantsTest {

	@TempDir
	Path data;

	@Test
	void restartWhenLiveGrantsInHistoryThenActiveHoldersGrantRestoredEverywhereAndInactiveHoldersGrantEnded()
			throws Exception {
		QuickstartSettings settings = new QuickstartSettings(this.data, freePort(), freePort(), 0, 0, 0,
				Map.of("keygate.webauthn.trust.roots-directory", TestTrustStore.rootsDirectory().toString()), Map.of());
		String authUrl = settings.authUrl();
		VirtualKey vendorKey = VirtualKey.packed().at(authUrl);
		VirtualKey approverKey = VirtualKey.packed().at(authUrl);
		String kept;
		String lost;
		try (RunningQuickstart running = Quickstart.start(settings)) {
			int port = settings.authPort();
			TestClient admin = new TestClient(port);
			// The first admin's invitation, as the bootstrap issues it (its link is printed, not returned).
			enroll(admin, VirtualKey.packed().at(authUrl), token(running.auth()
				.getBean(InvitationService.class)
				.invite("keygate-bootstrap", "sec@utility.example", "Sec Admin", "utility", Set.of(Role.SECURITY_ADMIN), "127.0.0.1")
				.link()));
			TestClient approver = new TestClient(port);
			enroll(approver, approverKey, invite(admin, "ann@utility.example", "utility", "APPROVER"));
			TestClient vendor = new TestClient(port);
			enroll(vendor, vendorKey, invite(admin, "erin@itron.example", "itron", "VENDOR_ENGINEER"));
			TestClient leaver = new TestClient(port);
			enroll(leaver, VirtualKey.packed().at(authUrl), invite(admin, "lee@itron.example", "itron", "VENDOR_ENGINEER"));
			kept = granted(vendor, approver, approverKey);
			lost = granted(leaver, approver, approverKey);
			// Lee's account leaves ACTIVE by a way that did not end his grant (e.g. before cut-offs
			// existed): at the next start his grant must not come back.
			running.auth().getBean(AccountRepository.class).updateStatus("lee@itron.example", UserStatus.DISABLED);
		}

		try (RunningQuickstart restarted = Quickstart.start(settings)) {
			GrantStore store = restarted.gateway().getBean(GrantStore.class);
			assertThat(store.lookup("erin@itron.example", "itron", "head-end"))
				.as("the gateway's store after the restart")
				.isInstanceOfSatisfying(GrantLookup.Live.class, live -> assertThat(live.grant().id()).isEqualTo(kept));
			assertThat(store.lookup("lee@itron.example", "itron", "head-end")).isNotInstanceOf(GrantLookup.Live.class);

			TestClient approver = new TestClient(settings.authPort());
			signIn(approver, approverKey);
			TestClient.Response live = approver.getJson("/api/v1/grants?scope=live");
			assertThat(live.status()).as(live.body()).isEqualTo(200);
			assertThat(live.body()).contains(kept).doesNotContain(lost);
			TestClient.Response history = approver.getJson("/api/v1/grants?scope=history");
			JsonNode ended = grant(history.json(), lost);
			assertThat(ended.get("state").asString()).isEqualTo("ENDED");
			assertThat(ended.get("endReason").asString()).startsWith("ended at restart: ").contains("disabled");
			assertThat(grant(history.json(), kept).get("state").asString()).isEqualTo("LIVE");

			// The gateway forwards the restored grant: sign in through it, as a browser would.
			TestClient vendor = new TestClient(settings.authPort());
			signIn(vendor, vendorKey);
			TestClient.Response meters = followed(vendor, settings.gatewayUrl() + "/t/head-end/api/meters");
			assertThat(meters.status()).as("through the gateway after the restart: %s", meters.body()).isEqualTo(200);
			assertThat(meters.body()).contains("MTR-00001");
		}
	}

	// ---- the journey's steps, as the pages' scripts do them ----

	private static String token(String link) {
		return link.substring(link.indexOf("token=") + "token=".length());
	}

	private static void enroll(TestClient browser, VirtualKey key, String token) {
		TestClient.Response options = browser.post("/enroll/options", Map.of("token", token));
		assertThat(options.status()).as(options.body()).isEqualTo(200);
		TestClient.Response finished = browser.post("/enroll/finish",
				"{\"token\":\"" + token + "\",\"label\":\"test key\",\"credential\":" + key.create(options.json()) + "}");
		assertThat(finished.status()).as(finished.body()).isEqualTo(200);
	}

	private static String invite(TestClient admin, String email, String organisation, String role) {
		// The quickstart has one security admin: an approver is created through the explicit, audited bootstrap.
		TestClient.Response invited = admin.post("/admin/invitations", Map.of("email", email, "displayName", email,
				"organisation", organisation, "roles", List.of(role), "singleAdminBootstrap", "APPROVER".equals(role)));
		assertThat(invited.status()).as(invited.body()).isEqualTo(200);
		return token(invited.json().get("link").asString());
	}

	private static void signIn(TestClient browser, VirtualKey key) {
		TestClient.Response options = browser.post("/webauthn/authenticate/options", "{}");
		assertThat(options.status()).as(options.body()).isEqualTo(200);
		TestClient.Response signedIn = browser.post("/login/webauthn", key.get(options.json()));
		assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
	}

	/** A request on head-end, approved by the approver with a key step-up; returns the grant id. */
	private static String granted(TestClient requester, TestClient approver, VirtualKey approverKey) {
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
		return approved.json().get("grant").get("id").asString();
	}

	private static JsonNode grant(JsonNode grants, String id) {
		for (JsonNode grant : grants) {
			if (grant.get("id").asString().equals(id)) {
				return grant;
			}
		}
		throw new AssertionError("no grant " + id + " in " + grants);
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
