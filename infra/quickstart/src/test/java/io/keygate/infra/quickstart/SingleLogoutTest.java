package io.keygate.infra.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.auth.enrollment.InvitationService;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.TestTrustStore;
import io.keygate.testsupport.VirtualKey;
import tools.jackson.databind.JsonNode;

/**
 * Single logout both ways on the real embedded applications (quickstart auth server, gateway and
 * head-end simulator in this JVM): a person signed in with an emulated hardware key, signed into
 * the gateway through the real OIDC code flow, with the head-end's live-event WebSocket open.
 * Signing out of the portal ends the gateway session and closes that WebSocket (signed
 * back-channel logout token); logging out of the gateway closes it too and goes on to the auth
 * server's end-session endpoint, which ends the portal session and sends the browser back to the
 * registered post-logout page.
 */
class SingleLogoutTest {

	@TempDir
	static Path data;

	private static RunningQuickstart keygate;

	private static int people;

	@BeforeAll
	static void start() throws IOException {
		QuickstartSettings settings = new QuickstartSettings(data, freePort(), freePort(), 0, 0, 0)
			.withArguments("--auth.keygate.webauthn.trust.roots-directory=" + TestTrustStore.rootsDirectory());
		keygate = Quickstart.start(settings);
	}

	@AfterAll
	static void stop() {
		if (keygate != null) {
			keygate.close();
		}
	}

	/** A vendor engineer with a key, a live head-end grant, signed in at the portal and at the gateway. */
	private static TestClient signedInEverywhere() {
		String email = "vic" + (++people) + "@itron.example";
		InvitationService.Issued issued = keygate.auth().getBean(InvitationService.class)
			.invite("test", email, "Vic Vendor", "itron", Set.of(Role.VENDOR_ENGINEER), "127.0.0.1");
		TestClient browser = new TestClient(port(keygate.settings().authUrl()));
		VirtualKey key = VirtualKey.packedAt(keygate.settings().authUrl());
		TestClient.Response options = browser.post("/enroll/options", Map.of("token", issued.token()));
		assertThat(options.status()).as(options.body()).isEqualTo(200);
		TestClient.Response enrolled = browser.post("/enroll/finish",
				"{\"token\":\"" + issued.token() + "\",\"label\":\"key\",\"credential\":" + key.create(options.json()) + "}");
		assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
		JsonNode challenge = browser.post("/webauthn/authenticate/options", "{}").json();
		TestClient.Response signIn = browser.post("/login/webauthn", key.get(challenge));
		assertThat(signIn.status()).as(signIn.body()).isEqualTo(200);
		keygate.auth().getBean(GrantStore.class).put(new Grant("g-" + people, email, "itron", "head-end", "read",
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "r-" + people, List.of("approver")));

		// The gateway's OIDC code flow, hop by hop, on the portal session just made.
		String console = keygate.settings().gatewayUrl() + "/t/head-end/";
		String next = console;
		for (int hop = 0; hop < 6; hop++) {
			TestClient.Response answer = browser.get(next);
			if (answer.status() == 200) {
				assertThat(next).isEqualTo(console);
				return browser;
			}
			assertThat(answer.status()).as("hop %d to %s: %s", hop, next, answer.body()).isBetween(300, 399);
			next = absolute(next, answer.header("Location"));
		}
		throw new AssertionError("the gateway sign-in did not land on the console; last hop " + next);
	}

	private static String absolute(String from, String location) {
		return URI.create(from).resolve(location).toString();
	}

	/** The head-end's live-event WebSocket through the gateway, on the browser's cookies. */
	private static final class Console implements WebSocket.Listener {

		final AtomicReference<Integer> closeCode = new AtomicReference<>();

		final AtomicReference<String> closeReason = new AtomicReference<>();

		final AtomicReference<Throwable> error = new AtomicReference<>();

		final WebSocket socket;

		Console(TestClient browser) {
			String url = keygate.settings().gatewayUrl() + "/t/head-end/events";
			this.socket = browser.openWebSocket(url, this);
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeReason.set(reason);
			this.closeCode.set(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.error.set(error);
		}

		void assertClosedSignedOut() {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.closeCode.get() != null || this.error.get() != null);
			assertThat(this.error.get()).isNull();
			assertThat(this.closeCode.get()).isEqualTo(1008);
			assertThat(this.closeReason.get()).isEqualTo("Your Keygate session has ended. Sign in again.");
		}

	}

	private static void assertGatewayWantsSignIn(TestClient browser) {
		TestClient.Response answer = browser.get(keygate.settings().gatewayUrl() + "/t/head-end/");
		assertThat(answer.status()).isEqualTo(302);
		assertThat(answer.header("Location")).endsWith("/oauth2/authorization/keygate");
	}

	@Test
	void portalSignOutWhenConsoleOpenThenGatewaySessionEndsAndConsoleClosed() {
		TestClient browser = signedInEverywhere();
		Console console = new Console(browser);
		assertThat(console.closeCode.get()).isNull();

		TestClient.Response out = browser.postRaw("/logout", "", "application/x-www-form-urlencoded");
		assertThat(out.status()).isEqualTo(302);

		console.assertClosedSignedOut();
		assertGatewayWantsSignIn(browser);
	}

	@Test
	void gatewayLogoutWhenConsoleOpenThenConsoleClosedAndAuthServerSessionEndsToo() {
		TestClient browser = signedInEverywhere();
		Console console = new Console(browser);
		String gateway = keygate.settings().gatewayUrl();

		TestClient.Response page = browser.get(gateway + "/logout");
		String csrf = page.body().replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
		TestClient.Response out = browser.send(HttpRequest.newBuilder(URI.create(gateway + "/logout"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + java.net.URLEncoder.encode(csrf, StandardCharsets.UTF_8)))
			.build());
		console.assertClosedSignedOut();

		// RP-initiated logout: to the auth server's end-session endpoint ...
		assertThat(out.status()).isEqualTo(302);
		String endSession = out.header("Location");
		assertThat(endSession).startsWith(keygate.settings().authUrl() + "/connect/logout?");
		assertThat(query(endSession)).containsKey("id_token_hint").containsEntry("post_logout_redirect_uri", gateway + "/signed-out");
		// ... which ends the portal session and sends the browser back to the registered page.
		TestClient.Response ended = browser.get(endSession);
		assertThat(ended.status()).as(ended.body()).isEqualTo(302);
		assertThat(ended.header("Location")).startsWith(gateway + "/signed-out");
		assertThat(browser.get(ended.header("Location")).status()).isEqualTo(200);
		TestClient.Response portal = browser.get(keygate.settings().authUrl() + "/access/vendor");
		assertThat(portal.status()).isEqualTo(302);
		assertThat(portal.header("Location")).endsWith("/login");
		assertGatewayWantsSignIn(browser);
	}

	private static Map<String, String> query(String url) {
		Map<String, String> params = new LinkedHashMap<>();
		for (String pair : URI.create(url).getRawQuery().split("&")) {
			int eq = pair.indexOf('=');
			params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return params;
	}

	private static int port(String url) {
		return URI.create(url).getPort();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
