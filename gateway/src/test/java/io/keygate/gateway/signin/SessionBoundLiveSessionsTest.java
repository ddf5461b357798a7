package io.keygate.gateway.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestOidcProvider;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.testsupport.MutableClock;
import io.keygate.testsupport.EmbeddedParent;

/**
 * What a gateway browser session opens (WebSockets, streaming responses) lives no longer than the
 * session: logout, the idle and absolute limits, and a sign-out at the portal (a signed
 * back-channel logout token) each close it with 1008 / cut the stream; a forged logout token does
 * nothing. Real OIDC sign-in (authorization code + PKCE against {@link TestOidcProvider}), the real
 * web session cookie, a real upstream.
 */
class SessionBoundLiveSessionsTest {

	private static final Duration IDLE = Duration.ofMinutes(40);

	private static final Duration ABSOLUTE = Duration.ofHours(1);

	private static final MutableClock clock = MutableClock.at(Instant.now());

	private static TestOidcProvider provider;

	private static RecordingUpstream upstream;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	@BeforeAll
	static void start() throws Exception {
		provider = new TestOidcProvider();
		upstream = new RecordingUpstream();
		GrantStore store = new InMemoryGrantStore(java.time.Clock.systemUTC());
		parent = EmbeddedParent.with("grantStore", store).and("clock", clock).start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of(
				"keygate.gateway.signin.issuer", provider.issuer(),
				"spring.security.oauth2.client.registration.keygate.client-id", TestOidcProvider.CLIENT_ID,
				"spring.security.oauth2.client.registration.keygate.client-secret", TestOidcProvider.CLIENT_SECRET,
				"keygate.gateway.signin.max-auth-age", "PT5M",
				"keygate.gateway.signin.idle-timeout", IDLE.toString(),
				"keygate.gateway.signin.absolute-timeout", ABSOLUTE.toString())), false);
		store.put(new Grant("g-live", "erin@itron", "itron", "head-end", "operate", Instant.now().minusSeconds(60),
				Instant.now().plusSeconds(36_000), "r-1", List.of("approver")));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		parent.close();
		upstream.close();
		provider.close();
	}

	/** A browser with its cookie jar, so its WebSocket can carry the same session cookie. */
	private record Browser(HttpClient http, CookieManager cookies) {

	}

	private static HttpResponse<String> get(Browser browser, String url) throws Exception {
		return browser.http().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).header("Accept", "text/html").build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String location(HttpResponse<String> response) {
		assertThat(response.statusCode()).as("redirect expected, body: %s", response.body()).isBetween(300, 399);
		String location = response.headers().firstValue("Location").orElseThrow();
		return location.startsWith("/") ? gateway.url() + location : location;
	}

	private static Browser signedIn() throws Exception {
		CookieManager cookies = new CookieManager();
		Browser browser = new Browser(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER).build(), cookies);
		String toSignIn = location(get(browser, gateway.url() + "/t/head-end/api/meters/1"));
		String authorizationRequest = location(get(browser, toSignIn));
		String callback = provider.authorize(authorizationRequest,
				new TestOidcProvider.SignIn("erin@itron", "itron", List.of("hwk", "pin"), Instant.now().minusSeconds(10)));
		// The gateway's clock (which checks the ID token's times) follows real time between tests.
		clock.set(Instant.now());
		String back = location(get(browser, callback));
		assertThat(back).endsWith("/t/head-end/api/meters/1");
		assertThat(get(browser, back).statusCode()).isEqualTo(200);
		return browser;
	}

	/** The console's WebSocket, opened by the browser's own client so the handshake carries its cookies. */
	private static final class Console implements WebSocket.Listener, AutoCloseable {

		final List<String> messages = new CopyOnWriteArrayList<>();

		final AtomicReference<Integer> closeCode = new AtomicReference<>();

		final AtomicReference<String> closeReason = new AtomicReference<>();

		final WebSocket socket;

		Console(Browser browser) {
			try {
				this.socket = browser.http()
					.newWebSocketBuilder()
					// As the gateway's own page opens it: a handshake from no or another origin is refused.
					.header("Origin", gateway.url())
					.buildAsync(URI.create(gateway.url().replace("http://", "ws://") + "/t/head-end/ws"), this)
					.join();
			}
			catch (java.util.concurrent.CompletionException ex) {
				if (ex.getCause() instanceof java.net.http.WebSocketHandshakeException handshake) {
					throw new AssertionError("handshake refused: " + handshake.getResponse().statusCode() + " "
							+ handshake.getResponse().headers().map(), ex);
				}
				throw ex;
			}
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.messages.add(data.toString());
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeReason.set(reason);
			this.closeCode.set(statusCode);
			return null;
		}

		@Override
		public void close() {
			this.socket.abort();
		}

	}

	private static Console openConsole(Browser browser) {
		Console console = new Console(browser);
		console.socket.sendText("hello", true).join();
		await().atMost(Duration.ofSeconds(10)).until(() -> console.messages.contains("echo:hello"));
		return console;
	}

	private static void assertClosedSignedOut(Console console) {
		await().atMost(Duration.ofSeconds(10)).until(() -> console.closeCode.get() != null);
		assertThat(console.closeCode.get()).isEqualTo(1008);
		assertThat(console.closeReason.get()).isEqualTo("Your Keygate session has ended. Sign in again.");
	}

	private static void assertNotSignedIn(Browser browser) throws Exception {
		assertThat(location(get(browser, gateway.url() + "/t/head-end/api/meters/1"))).endsWith("/oauth2/authorization/keygate");
	}

	/** Opens the endless event stream and returns a future that completes when the stream ends. */
	private static CompletableFuture<Boolean> openStream(Browser browser) throws Exception {
		HttpResponse<InputStream> stream = browser.http().send(HttpRequest.newBuilder(URI.create(gateway.url() + "/t/head-end/stream"))
			.build(), HttpResponse.BodyHandlers.ofInputStream());
		assertThat(stream.statusCode()).isEqualTo(200);
		InputStream body = stream.body();
		assertThat(body.read()).isNotEqualTo(-1);
		return CompletableFuture.supplyAsync(() -> {
			try (body) {
				while (body.read() != -1) {
					// drain
				}
			}
			catch (IOException ex) {
				// aborted mid-stream: ended as well
			}
			return true;
		});
	}

	@Test
	void logoutWhenWebSocketAndStreamOpenThenBothEndAndBrowserGoesOnToEndTheAuthServerSession() throws Exception {
		Browser browser = signedIn();
		try (Console console = openConsole(browser)) {
			CompletableFuture<Boolean> stream = openStream(browser);
			HttpResponse<String> page = get(browser, gateway.url() + "/logout");
			String csrf = page.body().replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
			HttpResponse<String> out = browser.http().send(HttpRequest.newBuilder(URI.create(gateway.url() + "/logout"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)))
				.build(), HttpResponse.BodyHandlers.ofString());

			assertClosedSignedOut(console);
			await().atMost(Duration.ofSeconds(10)).until(stream::isDone);
			// RP-initiated logout: on to the auth server's end-session endpoint, with the ID token and
			// the registered way back.
			String endSession = location(out);
			assertThat(endSession).startsWith(provider.issuer() + "/connect/logout?");
			Map<String, String> params = TestOidcProvider.query(endSession.substring(endSession.indexOf('?') + 1));
			assertThat(params).containsKey("id_token_hint").containsEntry("post_logout_redirect_uri", gateway.url() + "/signed-out");
			assertNotSignedIn(browser);
		}
	}

	@Test
	void idleLimitWhenPassedWithOnlyWebSocketTrafficThenWebSocketClosed() throws Exception {
		Browser browser = signedIn();
		try (Console console = openConsole(browser)) {
			clock.advance(IDLE.plusMinutes(1));
			try {
				assertClosedSignedOut(console);
			}
			finally {
				clock.advance(IDLE.plusMinutes(1).negated());
			}
		}
	}

	@Test
	void absoluteLimitWhenPassedThoughSessionKeptBusyThenWebSocketAndStreamEnd() throws Exception {
		Browser browser = signedIn();
		Duration moved = Duration.ZERO;
		try (Console console = openConsole(browser)) {
			CompletableFuture<Boolean> stream = openStream(browser);
			clock.advance(Duration.ofMinutes(30));
			moved = moved.plusMinutes(30);
			// A request renews the idle limit: only the absolute one can end the session now.
			assertThat(get(browser, gateway.url() + "/t/head-end/api/meters/2").statusCode()).isEqualTo(200);
			assertThat(console.closeCode.get()).isNull();
			clock.advance(Duration.ofMinutes(31));
			moved = moved.plusMinutes(31);
			assertClosedSignedOut(console);
			await().atMost(Duration.ofSeconds(10)).until(stream::isDone);
		}
		finally {
			clock.advance(moved.negated());
		}
	}

	@Test
	void portalSignOutWhenSignedLogoutTokenArrivesThenGatewaySessionAndItsWebSocketEnd() throws Exception {
		Browser browser = signedIn();
		try (Console console = openConsole(browser)) {
			HttpResponse<String> answer = postLogoutToken(provider.logoutToken("erin@itron", false));
			assertThat(answer.statusCode()).isEqualTo(200);
			assertClosedSignedOut(console);
			assertNotSignedIn(browser);
		}
	}

	@Test
	void portalSignOutWhenLogoutTokenForgedThenRefusedAndNothingEnds() throws Exception {
		Browser browser = signedIn();
		try (Console console = openConsole(browser)) {
			HttpResponse<String> answer = postLogoutToken(provider.logoutToken("erin@itron", true));
			assertThat(answer.statusCode()).isEqualTo(400);
			assertThat(get(browser, gateway.url() + "/t/head-end/api/meters/3").statusCode()).isEqualTo(200);
			assertThat(console.closeCode.get()).isNull();
		}
	}

	private static HttpResponse<String> postLogoutToken(String token) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.url() + "/logout/connect/back-channel/keygate"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
