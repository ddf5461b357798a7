package io.keygate.gateway.signin;

import io.keygate.testsupport.EmbeddedParent;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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

/**
 * The real sign-in flow of the gateway (no stand-in for the principal): authorization code with
 * PKCE against a real OpenID provider on a port ({@link TestOidcProvider}, standing in for the auth
 * server until its OIDC endpoints exist), the ID token's signature, issuer, nonce, {@code amr} and
 * {@code auth_time} checked by the gateway, the session cookie carrying the sign-in to the next
 * request, and that cookie never reaching the upstream.
 */
class OidcSigninTest {

	private static TestOidcProvider provider;

	private static RecordingUpstream upstream;

	private static GenericApplicationContext parent;

	private static GrantStore store;

	private static final io.keygate.policy.testsupport.MutableClock clock = io.keygate.policy.testsupport.MutableClock.at(
			Instant.now());

	private static TestGateway gateway;

	@BeforeAll
	static void start() throws Exception {
		provider = new TestOidcProvider();
		upstream = new RecordingUpstream();
		store = new InMemoryGrantStore(java.time.Clock.systemUTC());
		parent = EmbeddedParent.with("grantStore", store)
			.and("clock", clock)
			.start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of(
				"keygate.gateway.signin.issuer", provider.issuer(),
				"spring.security.oauth2.client.registration.keygate.client-id", TestOidcProvider.CLIENT_ID,
				"spring.security.oauth2.client.registration.keygate.client-secret", TestOidcProvider.CLIENT_SECRET,
				"keygate.gateway.signin.max-auth-age", "PT5M")), false);
		store.put(new Grant("g-oidc", "erin@itron", "itron", "head-end", "read", Instant.now().minusSeconds(60),
				Instant.now().plusSeconds(3600), "r-1", List.of("approver")));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		parent.close();
		upstream.close();
		provider.close();
	}

	/** A browser: keeps cookies, follows nothing by itself so each hop can be checked. */
	private static HttpClient browser() {
		return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
	}

	private static HttpResponse<String> get(HttpClient browser, String url) throws Exception {
		return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).header("Accept", "text/html").build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String location(HttpResponse<String> response) {
		assertThat(response.statusCode()).as("redirect expected, body: %s", response.body()).isBetween(300, 399);
		String location = response.headers().firstValue("Location").orElseThrow();
		return location.startsWith("/") ? gateway.url() + location : location;
	}

	/** Runs the flow up to the callback and returns the callback's response. */
	private static HttpResponse<String> signIn(HttpClient browser, TestOidcProvider.SignIn signIn) throws Exception {
		String toSignIn = location(get(browser, gateway.url() + "/t/head-end/api/meters/1"));
		assertThat(toSignIn).endsWith("/oauth2/authorization/keygate");
		String authorizationRequest = location(get(browser, toSignIn));
		assertThat(authorizationRequest).startsWith(provider.issuer() + "/oauth2/authorize?");
		Map<String, String> params = TestOidcProvider.query(authorizationRequest.substring(authorizationRequest.indexOf('?') + 1));
		assertThat(params).containsEntry("response_type", "code")
			.containsEntry("client_id", TestOidcProvider.CLIENT_ID)
			.containsEntry("code_challenge_method", "S256")
			.containsKeys("code_challenge", "state", "nonce");
		assertThat(params.get("scope")).contains("openid");
		return get(browser, provider.authorize(authorizationRequest, signIn));
	}

	@Test
	void signInWhenHardwareKeyAndRecentThenSessionOpensTargetAndCookieNeverReachesUpstream() throws Exception {
		HttpClient browser = browser();
		HttpResponse<String> callback = signIn(browser,
				new TestOidcProvider.SignIn("erin@itron", "itron", List.of("hwk", "pin"), Instant.now().minusSeconds(10)));
		String back = location(callback);
		assertThat(back).endsWith("/t/head-end/api/meters/1");
		assertThat(provider.tokenErrors()).isEmpty();
		upstream.clear();
		HttpResponse<String> target = get(browser, back);
		assertThat(target.statusCode()).isEqualTo(200);
		assertThat(target.body()).isEqualTo("ok:/api/meters/1");
		assertThat(upstream.last().header("Cookie")).isNull();
		assertThat(upstream.last().header("Authorization")).startsWith("Basic ");
	}

	@Test
	void signInWhenIdTokenLacksHardwareKeyAmrThenRefusedAndNotSignedIn() throws Exception {
		HttpClient browser = browser();
		HttpResponse<String> callback = signIn(browser,
				new TestOidcProvider.SignIn("erin@itron", "itron", List.of("pwd"), Instant.now().minusSeconds(10)));
		assertThat(location(callback)).contains("/login?error");
		upstream.clear();
		assertThat(location(get(browser, gateway.url() + "/t/head-end/api/meters/1"))).endsWith("/oauth2/authorization/keygate");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void signInWhenAuthTimeOlderThanMaxAgeThenRefusedAndNotSignedIn() throws Exception {
		HttpClient browser = browser();
		HttpResponse<String> callback = signIn(browser, new TestOidcProvider.SignIn("erin@itron", "itron",
				List.of("hwk", "pin"), Instant.now().minus(Duration.ofMinutes(30))));
		assertThat(location(callback)).contains("/login?error");
		upstream.clear();
		assertThat(location(get(browser, gateway.url() + "/t/head-end/api/meters/1"))).endsWith("/oauth2/authorization/keygate");
		assertThat(upstream.received()).isEmpty();
	}

	private static HttpClient signedIn() throws Exception {
		HttpClient browser = browser();
		String back = location(signIn(browser,
				new TestOidcProvider.SignIn("erin@itron", "itron", List.of("hwk"), Instant.now().minusSeconds(10))));
		assertThat(get(browser, back).statusCode()).isEqualTo(200);
		return browser;
	}

	@Test
	void logoutWhenSignedInThenSessionEndsAndNextRequestGoesToSignIn() throws Exception {
		HttpClient browser = signedIn();
		HttpResponse<String> page = get(browser, gateway.url() + "/logout");
		assertThat(page.statusCode()).isEqualTo(200);
		String csrf = page.body().replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
		HttpResponse<String> out = browser.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/logout"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + java.net.URLEncoder.encode(csrf, java.nio.charset.StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(out.statusCode()).isEqualTo(302);
		upstream.clear();
		assertThat(location(get(browser, gateway.url() + "/t/head-end/api/meters/1"))).endsWith("/oauth2/authorization/keygate");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void sessionWhenOlderThanAbsoluteTimeoutThenEndsAndNextRequestGoesToSignIn() throws Exception {
		HttpClient browser = signedIn();
		Duration past = Duration.ofHours(8).plusMinutes(1);
		clock.advance(past);
		try {
			upstream.clear();
			assertThat(location(get(browser, gateway.url() + "/t/head-end/api/meters/1"))).endsWith("/oauth2/authorization/keygate");
			assertThat(upstream.received()).isEmpty();
		}
		finally {
			clock.advance(past.negated());
		}
	}

	@Test
	void securityFiltersWhenTheGatewayRunsThenWalkedByThePlainChain() {
		// Every sign-in above went through Spring Security's filters as PlainFilterChain walks them.
		org.springframework.security.web.server.WebFilterChainProxy proxy = gateway.context()
			.getBean(org.springframework.security.web.server.WebFilterChainProxy.class);
		assertThat(org.springframework.test.util.ReflectionTestUtils.getField(proxy, "filterChainDecorator"))
			.isInstanceOf(PlainFilterChain.Decorator.class);
	}

}
