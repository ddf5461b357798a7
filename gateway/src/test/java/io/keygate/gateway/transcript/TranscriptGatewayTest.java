package io.keygate.gateway.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.testsupport.RecordingAuditLog;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestOidcProvider;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditFieldLimits;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.testsupport.EmbeddedParent;
import io.keygate.testsupport.TestCatalog;

/**
 * Transcripts through a real gateway: real OIDC sign-in and web session cookie, a real upstream,
 * the real audit path. Every decision and completion of one browser session carries the same
 * session hash (never the cookie); a state-changing request on a target with
 * {@code transcript-bodies: true} carries its body, redacted and capped, while the upstream
 * receives it untouched.
 */
class TranscriptGatewayTest {

	private static final int CAP = 256;

	private static TestOidcProvider provider;

	private static RecordingUpstream upstream;

	private static RecordingAuditLog audit;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	@BeforeAll
	static void start() throws Exception {
		provider = new TestOidcProvider();
		upstream = new RecordingUpstream();
		audit = new RecordingAuditLog();
		GrantStore store = new InMemoryGrantStore(Clock.systemUTC());
		store.put(new Grant("g-tr", "erin@itron", "itron", "head-end", "operate", Instant.now().minusSeconds(60),
				Instant.now().plusSeconds(36_000), "r-tr", List.of("approver")));
		store.put(new Grant("g-mdm", "erin@itron", "itron", "mdm", "read", Instant.now().minusSeconds(60),
				Instant.now().plusSeconds(36_000), "r-mdm", List.of("approver")));
		parent = EmbeddedParent.with("grantStore", store).and("clock", Clock.systemUTC()).and("auditLog", audit).start();
		Path catalog = Files.createTempFile("keygate-transcript-targets", ".yml");
		catalog.toFile().deleteOnExit();
		Files.writeString(catalog, TestCatalog.yaml(upstream.url())
			.replaceFirst("max-grant: PT8H\n", "max-grant: PT8H\n    transcript-bodies: true\n"));
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of(
				"keygate.catalog", "file:" + catalog,
				"keygate.gateway.signin.issuer", provider.issuer(),
				"spring.security.oauth2.client.registration.keygate.client-id", TestOidcProvider.CLIENT_ID,
				"spring.security.oauth2.client.registration.keygate.client-secret", TestOidcProvider.CLIENT_SECRET,
				"keygate.gateway.transcript.max-body", CAP + "B")), false);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		parent.close();
		upstream.close();
		provider.close();
	}

	private record Browser(HttpClient http, CookieManager cookies) {

		HttpResponse<String> get(String url) throws Exception {
			return this.http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> post(String path, String contentType, String body) throws Exception {
			return this.http.send(HttpRequest.newBuilder(URI.create(gateway.url() + path))
				.header("Content-Type", contentType)
				.header("Origin", gateway.url())
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		String sessionCookie() {
			return this.cookies.getCookieStore().getCookies().stream()
				.filter(cookie -> cookie.getName().toUpperCase().contains("SESSION"))
				.map(HttpCookie::getValue)
				.findFirst()
				.orElseThrow();
		}

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
		String toSignIn = location(browser.get(gateway.url() + "/t/head-end/api/meters/1"));
		String authorizationRequest = location(browser.get(toSignIn));
		String callback = provider.authorize(authorizationRequest,
				new TestOidcProvider.SignIn("erin@itron", "itron", List.of("hwk", "pin"), Instant.now().minusSeconds(10)));
		String back = location(browser.get(callback));
		assertThat(browser.get(back).statusCode()).isEqualTo(200);
		return browser;
	}

	private static AuditEntry completionOf(String path) {
		await().atMost(Duration.ofSeconds(10)).until(() -> audit.entries().stream().anyMatch(e -> isCompletionOf(e, path)));
		return audit.entries().stream().filter(e -> isCompletionOf(e, path)).reduce((a, b) -> b).orElseThrow();
	}

	private static boolean isCompletionOf(AuditEntry entry, String path) {
		return entry.action().equals("access.completed") && entry.details().getOrDefault("path", "").equals(path);
	}

	private static String body(AuditEntry entry) {
		StringBuilder joined = new StringBuilder();
		Map<String, String> details = new TreeMap<>(entry.details());
		for (int part = 0; details.containsKey(CapturedBody.PART_PREFIX + part); part++) {
			joined.append(details.get(CapturedBody.PART_PREFIX + part));
		}
		return new String(Base64.getDecoder().decode(joined.toString()), StandardCharsets.UTF_8);
	}

	@Test
	void requestsWhenOneBrowserSessionThenEveryEventCarriesTheSameSessionHashAndNeverTheCookie() throws Exception {
		Browser browser = signedIn();
		assertThat(browser.get(gateway.url() + "/t/head-end/api/meters/7").statusCode()).isEqualTo(200);
		assertThat(browser.post("/t/head-end/api/commands/ping", "application/json", "{}").statusCode()).isEqualTo(200);

		String cookie = browser.sessionCookie();
		String first = completionOf("/api/meters/7").details().get("session");
		String second = completionOf("/api/commands/ping").details().get("session");
		assertThat(first).matches("[0-9a-f]{32}").isEqualTo(second).isEqualTo(TranscriptSessionId.of(cookie));
		assertThat(audit.entries()).filteredOn(e -> e.action().startsWith("access."))
			.allSatisfy(e -> assertThat(e.toString()).doesNotContain(cookie));
		assertThat(audit.entries()).filteredOn(e -> e.action().equals("access.decision") && "allow".equals(e.outcome()))
			.filteredOn(e -> e.details().get("path").equals("/api/meters/7"))
			.allSatisfy(e -> assertThat(e.details()).containsEntry("session", first));
		Browser other = signedIn();
		assertThat(other.get(gateway.url() + "/t/head-end/api/meters/8").statusCode()).isEqualTo(200);
		assertThat(completionOf("/api/meters/8").details().get("session")).matches("[0-9a-f]{32}").isNotEqualTo(first);
	}

	@Test
	void postWhenTargetKeepsBodiesThenJsonSecretsRedactedInTheTranscriptAndUpstreamGetsTheBodyUntouched() throws Exception {
		Browser browser = signedIn();
		String json = "{\"meter\":\"4711\",\"password\":\"hunter2\",\"auth\":{\"Token\":\"tok-secret\"},\"pass\\u0077d\":\"x9\","
				+ "\"pin\":1234}";

		assertThat(browser.post("/t/head-end/api/commands/disconnect", "application/json", json).statusCode()).isEqualTo(200);

		assertThat(upstream.last().body()).isEqualTo(json);
		AuditEntry completed = completionOf("/api/commands/disconnect");
		assertThat(completed.details()).containsEntry("body.contentType", "application/json")
			.containsEntry("body.length", Integer.toString(json.length()))
			.containsEntry("body.truncated", "false")
			.containsEntry("body.sealed", "false");
		assertThat(body(completed)).contains("\"meter\":\"4711\"", "\"password\":\"[REDACTED]\"", "\"Token\":\"[REDACTED]\"",
				"\"passwd\":\"[REDACTED]\"", "\"pin\":\"[REDACTED]\"")
			.doesNotContain("hunter2", "tok-secret", "x9", "1234");
		assertThat(AuditFieldLimits.within(completed)).isTrue();
	}

	@Test
	void postWhenFormBodyThenFormSecretsRedacted() throws Exception {
		Browser browser = signedIn();

		assertThat(browser.post("/t/head-end/api/commands/login", "application/x-www-form-urlencoded",
				"user=svc&PASSWORD=s3cr%3Dt&access_token=abc&note=hello").statusCode()).isEqualTo(200);

		assertThat(body(completionOf("/api/commands/login")))
			.isEqualTo("user=svc&PASSWORD=[REDACTED]&access_token=[REDACTED]&note=hello");
	}

	@Test
	void postWhenBodyOverTheCapThenTranscriptKeepsTheCapAndSaysSoWhileUpstreamGetsItAll() throws Exception {
		Browser browser = signedIn();
		String big = "{\"data\":\"" + "a".repeat(10_000) + "\",\"password\":\"late-secret\"}";

		assertThat(browser.post("/t/head-end/api/commands/bulk", "application/json", big).statusCode()).isEqualTo(200);

		assertThat(upstream.last().body()).isEqualTo(big);
		AuditEntry completed = completionOf("/api/commands/bulk");
		assertThat(completed.details()).containsEntry("body.truncated", "true")
			.containsEntry("body.length", Integer.toString(big.length()));
		assertThat(body(completed).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(CAP);
		// A value cut at the cap is dropped whole (the parser cannot tell a secret's prefix from a safe one), marked with "…".
		assertThat(body(completed)).startsWith("{\"data\"").contains("\u2026").doesNotContain("late-secret");
	}

	@Test
	void postWhenBodyIsNotJsonOrFormThenNotKeptButSaidSo() throws Exception {
		Browser browser = signedIn();

		assertThat(browser.post("/t/head-end/api/commands/raw", "text/plain", "password hunter2").statusCode()).isEqualTo(200);

		AuditEntry completed = completionOf("/api/commands/raw");
		assertThat(completed.details()).containsEntry("body.omitted", "content type cannot be redacted")
			.doesNotContainKey(CapturedBody.PART_PREFIX + "0");
		assertThat(completed.toString()).doesNotContain("hunter2");
	}

	@Test
	void getWhenTargetKeepsBodiesThenNoBodyDetails() throws Exception {
		Browser browser = signedIn();

		assertThat(browser.get(gateway.url() + "/t/head-end/api/meters/9").statusCode()).isEqualTo(200);

		assertThat(completionOf("/api/meters/9").details()).doesNotContainKeys("body.contentType",
				CapturedBody.PART_PREFIX + "0");
	}

}
