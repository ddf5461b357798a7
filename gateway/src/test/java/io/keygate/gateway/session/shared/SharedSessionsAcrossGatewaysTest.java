package io.keygate.gateway.session.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.gateway.testsupport.TestOidcProvider;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * Browser sessions that survive any replica (issue 18): two gateway instances (their own application
 * contexts and ports, no affinity) on one real Redis, each connecting as the gateways' ACL user with
 * exactly the rules the deployment documents. Real OIDC sign-in (code + PKCE against
 * {@link TestOidcProvider}), the real session cookie, a real upstream and real WebSockets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedSessionsAcrossGatewaysTest {

	/** The gateways' ACL rules as infra/README.md and auth-server/OPERATING.md document them. */
	static final String GATEWAY_ACL = "%R~{keygate}:* ~{keygate}:live:* ~{keygate}:session:* ~keygate:audit:*"
			+ " &{keygate}:revocations &{keygate}:live:* &{keygate}:session:* +@all -@dangerous";

	private static final String GATEWAY_PASSWORD = "gw-" + UUID.randomUUID().toString().replace("-", "");

	private static final Duration EVENTUALLY = Duration.ofSeconds(15);

	private static final AtomicInteger people = new AtomicInteger();

	private static RedisTestServer redis;

	private static TestOidcProvider provider;

	private static RecordingUpstream upstream;

	private static GrantStore grants;

	private static TestGateway first;

	private static TestGateway second;

	@BeforeAll
	static void start() throws Exception {
		redis = RedisTestServer.startPrivateWithUsers("admin", "admin-" + UUID.randomUUID().toString().replace("-", ""),
				List.of("keygate-gateway on >" + GATEWAY_PASSWORD + " " + GATEWAY_ACL));
		provider = new TestOidcProvider();
		upstream = new RecordingUpstream();
		grants = new RedisGrantStore(redis.uri(), Clock.systemUTC(), "keygate", TestIntegrityKeys.storeIntegrity());
		first = TestGateway.start(null, TestGateway.properties(upstream, distributed("gw-first")), false);
		second = TestGateway.start(null, TestGateway.properties(upstream, distributed("gw-second")), false);
	}

	private static Map<String, Object> distributed(String instanceId) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("keygate.grant-store.kind", "redis");
		properties.put("keygate.grant-store.redis-url",
				"redis://keygate-gateway:" + GATEWAY_PASSWORD + "@" + redis.host() + ":" + redis.port());
		properties.put("keygate.grant-store.key-prefix", "keygate");
		properties.put("keygate.gateway.live.instance-id", instanceId);
		properties.put("keygate.gateway.signin.issuer", provider.issuer());
		properties.put("spring.security.oauth2.client.registration.keygate.client-id", TestOidcProvider.CLIENT_ID);
		properties.put("spring.security.oauth2.client.registration.keygate.client-secret", TestOidcProvider.CLIENT_SECRET);
		properties.put("keygate.gateway.signin.max-auth-age", "PT5M");
		properties.putAll(TestIntegrityKeys.properties());
		return properties;
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { first, second, grants, upstream, provider, redis }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// keep closing the others
				}
			}
		}
	}

	/** A browser with its cookie jar: both gateways are 127.0.0.1, so it sends the one session cookie to both. */
	record Browser(HttpClient http, String subject) {

	}

	private static Browser browser() {
		return browser(grants);
	}

	static Browser browser(GrantStore grants) {
		String subject = "erin" + people.incrementAndGet() + "@itron";
		assertThat(grants.put(new Grant("g-" + UUID.randomUUID(), subject, "itron", "head-end", "operate",
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "r-1", List.of("approver"))))
			.isEqualTo(GrantStore.PutResult.STORED);
		return new Browser(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build(), subject);
	}

	static HttpResponse<String> get(Browser browser, String url) throws Exception {
		return browser.http()
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private static String location(TestGateway gateway, HttpResponse<String> response) {
		assertThat(response.statusCode()).as("redirect expected, body: %s", response.body()).isBetween(300, 399);
		String location = response.headers().firstValue("Location").orElseThrow();
		return location.startsWith("/") ? gateway.url() + location : location;
	}

	private static Browser signedInOn(TestGateway gateway) throws Exception {
		return signedInOn(grants, provider, gateway);
	}

	static Browser signedInOn(GrantStore grants, TestOidcProvider provider, TestGateway gateway) throws Exception {
		Browser browser = browser(grants);
		String toSignIn = location(gateway, get(browser, gateway.url() + "/t/head-end/api/meters/1"));
		String authorizationRequest = location(gateway, get(browser, toSignIn));
		String callback = provider.authorize(authorizationRequest,
				new TestOidcProvider.SignIn(browser.subject(), "itron", List.of("hwk", "pin"), Instant.now().minusSeconds(10)));
		String back = location(gateway, get(browser, callback));
		assertThat(back).endsWith("/t/head-end/api/meters/1");
		assertThat(get(browser, back).statusCode()).isEqualTo(200);
		return browser;
	}

	private static void assertSignedOutOn(TestGateway gateway, Browser browser) throws Exception {
		assertThat(location(gateway, get(browser, gateway.url() + "/t/head-end/api/meters/1")))
			.endsWith("/oauth2/authorization/keygate");
	}

	/** A console WebSocket through {@code gateway}, opened by the browser's own client (its cookie). */
	static final class Console implements WebSocket.Listener, AutoCloseable {

		final List<String> messages = new CopyOnWriteArrayList<>();

		final AtomicReference<Integer> closeCode = new AtomicReference<>();

		final WebSocket socket;

		Console(Browser browser, TestGateway gateway) {
			this.socket = browser.http()
				.newWebSocketBuilder()
				.header("Origin", gateway.url())
				.buildAsync(URI.create(gateway.url().replace("http://", "ws://") + "/t/head-end/ws"), this)
				.join();
			this.socket.sendText("hello", true).join();
			await().atMost(EVENTUALLY).until(() -> this.messages.contains("echo:hello"));
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.messages.add(data.toString());
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeCode.set(statusCode);
			return null;
		}

		@Override
		public void close() {
			this.socket.abort();
		}

	}

	@Test
	@Order(1)
	void signInWhenOnFirstGatewayThenSecondAcceptsTheSameCookie() throws Exception {
		Browser browser = signedInOn(first);
		HttpResponse<String> onSecond = get(browser, second.url() + "/t/head-end/api/meters/2");
		assertThat(onSecond.statusCode()).isEqualTo(200);
		assertThat(upstream.last().uri()).endsWith("/api/meters/2");
		// The session lives in Redis under the installation's session keys, its values signed.
		assertThat(adminKeys("{keygate}:session:sessions:*")).isNotEmpty();
	}

	@Test
	@Order(2)
	void logoutWhenOnFirstGatewayThenSessionAndItsWebSocketOnSecondEnd() throws Exception {
		Browser browser = signedInOn(first);
		try (Console console = new Console(browser, second)) {
			HttpResponse<String> page = get(browser, first.url() + "/logout");
			String csrf = page.body().replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
			HttpResponse<String> out = browser.http()
				.send(HttpRequest.newBuilder(URI.create(first.url() + "/logout"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(location(first, out)).startsWith(provider.issuer() + "/connect/logout?");

			await().atMost(EVENTUALLY).until(() -> console.closeCode.get() != null);
			assertThat(console.closeCode.get()).isEqualTo(1008);
			assertSignedOutOn(second, browser);
		}
	}

	@Test
	@Order(3)
	void backChannelLogoutWhenPostedToFirstGatewayThenSessionSignedInOnSecondAndItsWebSocketEnd() throws Exception {
		Browser browser = signedInOn(second);
		Browser bystander = signedInOn(second);
		try (Console console = new Console(browser, second); Console other = new Console(bystander, second)) {
			HttpResponse<String> answer = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(first.url() + "/logout/connect/back-channel/keygate"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("logout_token="
							+ URLEncoder.encode(provider.logoutToken(browser.subject(), false), StandardCharsets.UTF_8)))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).isEqualTo(200);

			await().atMost(EVENTUALLY).until(() -> console.closeCode.get() != null);
			assertThat(console.closeCode.get()).isEqualTo(1008);
			assertSignedOutOn(second, browser);
			assertSignedOutOn(first, browser);
			// Only that person's session ended.
			assertThat(other.closeCode.get()).isNull();
			assertThat(get(bystander, first.url() + "/t/head-end/api/meters/4").statusCode()).isEqualTo(200);
		}
	}

	@Test
	@Order(4)
	void forgedSessionValueWhenPlantedInRedisThenRequestSignedOutNotAllowed() throws Exception {
		Browser browser = signedInOn(first);
		int forged = 0;
		for (String key : adminKeys("{keygate}:session:sessions:*")) {
			try (var client = new AutoCloseableClient(); var connection = client.client.connect(ByteArrayCodec.INSTANCE)) {
				byte[] name = key.getBytes(StandardCharsets.UTF_8);
				for (byte[] field : connection.sync().hkeys(name)) {
					if (new String(field, StandardCharsets.UTF_8).startsWith("sessionAttr:SPRING_SECURITY_CONTEXT")) {
						// A Redis writer without the integrity keys: the genuine value under a MAC it made up.
						byte[] value = connection.sync().hget(name, field);
						if (value == null || value.length == 0) {
							continue;
						}
						int newline = new String(value, StandardCharsets.ISO_8859_1).indexOf('\n');
						byte[] header = (TestIntegrityKeys.KEY.id() + ":forged").getBytes(StandardCharsets.US_ASCII);
						byte[] planted = new byte[header.length + value.length - newline];
						System.arraycopy(header, 0, planted, 0, header.length);
						System.arraycopy(value, newline, planted, header.length, value.length - newline);
						connection.sync().hset(name, field, planted);
						forged++;
					}
				}
			}
		}
		assertThat(forged).isPositive();
		assertSignedOutOn(second, browser);
	}

	@Test
	@Order(5)
	void redisDownWhenSignedInBrowserAsksThenSignedOutNeverA500AndSessionsWorkAgainOnceBack() throws Exception {
		Browser browser = signedInOn(first);
		redis.stop();
		try {
			HttpResponse<String> response = get(browser, second.url() + "/t/head-end/api/meters/5");
			// The session cannot be read, so the browser is signed out: sent to sign in again, not a 500.
			assertThat(location(second, response)).endsWith("/oauth2/authorization/keygate");
			assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
			assertThat(upstream.received()).noneMatch(r -> r.uri().endsWith("/api/meters/5"));
		}
		finally {
			redis.start();
		}
		// Redis is back (empty, as after a crash without persistence): sessions work again by themselves.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			Browser again = signedInOn(first);
			assertThat(get(again, second.url() + "/t/head-end/api/meters/6").statusCode()).isEqualTo(200);
		});
	}

	private static List<String> adminKeys(String pattern) {
		try (var client = new AutoCloseableClient(); var connection = client.client.connect()) {
			return connection.sync().keys(pattern);
		}
	}

	/** A Redis client as the admin (the test standing in for someone who can write to Redis). */
	private static final class AutoCloseableClient implements AutoCloseable {

		final io.lettuce.core.RedisClient client;

		AutoCloseableClient() {
			RedisURI uri = redis.uri();
			this.client = io.lettuce.core.RedisClient.create(uri);
		}

		@Override
		public void close() {
			this.client.shutdown();
		}

	}

}
