package io.keygate.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.route.TargetRoutes;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestOidcProvider;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.testsupport.EmbeddedParent;
import io.keygate.testsupport.FuzzTally;
import io.keygate.testsupport.FuzzValues;

/**
 * Zero 500s (issue #12) for the gateway's own endpoints: sign-in start and callback, login and
 * logout, the signed-out page, health, and the {@code /t/{target}/**} shapes of every route the
 * gateway has (read from its {@link RouteLocator}, so a new target is covered by itself), sent as
 * nobody, as a person signed in through the real OIDC flow with a grant, and as one without. For
 * every answer: no 5xx, no stack trace or Java class name; for every refusal: the upstream
 * received nothing.
 */
class GatewayFuzzTest {

	private static TestOidcProvider provider;

	private static RecordingUpstream upstream;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	private final FuzzTally tally = new FuzzTally("gateway");

	private final FuzzValues random = FuzzValues.seeded();

	private record Browser(String role, HttpClient http, CookieManager cookies) {

		String cookieHeader() {
			return String.join("; ", this.cookies.getCookieStore().getCookies().stream().map(HttpCookie::toString).toList());
		}

	}

	private record Case(String endpoint, String method, String path, String contentType, byte[] body) {
	}

	@BeforeAll
	static void start() throws Exception {
		provider = new TestOidcProvider();
		upstream = new RecordingUpstream();
		GrantStore store = new InMemoryGrantStore(java.time.Clock.systemUTC());
		parent = EmbeddedParent.with("grantStore", store).and("clock", java.time.Clock.systemUTC()).start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of("keygate.gateway.signin.issuer",
				provider.issuer(), "spring.security.oauth2.client.registration.keygate.client-id", TestOidcProvider.CLIENT_ID,
				"spring.security.oauth2.client.registration.keygate.client-secret", TestOidcProvider.CLIENT_SECRET,
				"logging.level.io.keygate", "WARN", "logging.level.org.springframework", "WARN")), false);
		store.put(new Grant("g-fuzz", "erin@itron", "itron", "head-end", "read", Instant.now().minusSeconds(60),
				Instant.now().plusSeconds(3600), "r-1", List.of("approver")));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		parent.close();
		upstream.close();
		provider.close();
	}

	@Test
	void ownEndpointsAndTargetPathsWhenFuzzedThenNo5xxNoLeakAndUpstreamReceivesNothingRefused() throws Exception {
		List<String> targets = gateway.context().getBean(RouteLocator.class).getRoutes().map(Route::getId).collectList()
			.block(Duration.ofSeconds(10));
		assertThat(targets).contains("head-end", TargetRoutes.UNKNOWN_TARGET_ROUTE);
		List<Browser> browsers = List.of(browser(), signedIn("erin@itron", "itron"), signedIn("zed@landis", "landis"));
		List<Case> cases = cases(targets);
		for (Browser browser : browsers) {
			for (Case fuzz : cases) {
				send(browser, fuzz);
			}
			raw(browser);
		}
		for (String target : targets) {
			String endpoint = "/t/" + endpointTarget(target) + "/**";
			assertThat(this.tally.perEndpoint()).as("cases sent to " + endpoint).containsKey(endpoint);
		}
		System.out.println(this.tally.summary());
		this.tally.perEndpoint().forEach((endpoint, count) -> System.out.println("FUZZ gateway   " + endpoint + ": " + count));
		assertThat(this.tally.failures()).as(this.tally.summary()).isEmpty();
	}

	private static String endpointTarget(String routeId) {
		return routeId.equals(TargetRoutes.UNKNOWN_TARGET_ROUTE) ? "{unknown}" : routeId;
	}

	private List<Case> cases(List<String> targets) {
		List<Case> cases = new ArrayList<>();
		List<String> values = new ArrayList<>();
		FuzzValues.NUMBERS.forEach(values::add);
		FuzzValues.STRINGS.stream().filter(s -> s.length() < 10_000).forEach(values::add);
		FuzzValues.IDS.forEach(values::add);
		values.addAll(this.random.randomStrings(12));
		List<String> encoded = new ArrayList<>(values.stream().map(FuzzValues::encode).toList());
		FuzzValues.INVALID_UTF8.stream().map(FuzzValues::encode).forEach(encoded::add);
		encoded.add(FuzzValues.encode(FuzzValues.LONG.substring(0, 20_000)));
		// Percent signs that start no valid escape ("%", "%zz") are not a URI: they go raw, below.
		encoded.addAll(List.of("%2e%2e/%2e%2e", "..%2f..%2f", "%2F", "%5C", "..;", "a%00b", "%0d%0a", "%25"));

		// Sign-in start, callback, login, logout, signed-out, health: each parameter fuzzed.
		for (String value : encoded) {
			cases.add(get("GET /oauth2/authorization/{registrationId}", "/oauth2/authorization/" + value));
			cases.add(get("GET /oauth2/authorization/keygate", "/oauth2/authorization/keygate?redirect_uri=" + value));
			cases.add(get("GET /login/oauth2/code/keygate", "/login/oauth2/code/keygate?code=" + value + "&state=" + value));
			cases.add(get("GET /login/oauth2/code/keygate", "/login/oauth2/code/keygate?error=" + value
					+ "&error_description=" + value + "&error_uri=" + value));
			cases.add(get("GET /login/oauth2/code/{registrationId}", "/login/oauth2/code/" + value + "?code=x&state=y"));
			cases.add(get("GET /login", "/login?error=" + value));
			cases.add(get("GET /signed-out", "/signed-out?" + value + "=" + value));
			cases.add(get("GET /actuator/health", "/actuator/health/" + value));
			cases.add(new Case("POST /logout", "POST", "/logout", "application/x-www-form-urlencoded",
					("_csrf=" + value).getBytes(StandardCharsets.ISO_8859_1)));
		}
		for (String path : List.of("/login/oauth2/code/keygate", "/login/oauth2/code/keygate?code=a&code=b&state=c&state=d",
				"/logout", "/login", "/signed-out", "/actuator/health", "/actuator/prometheus", "/actuator/env",
				"/actuator/heapdump", "/", "/favicon.ico", "/no/such/path", "/t", "/t/", "//t/head-end/", "/T/head-end/",
				"/t/head-end", "/t/head-end;x=1/", "/%74/head-end/")) {
			for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE")) {
				cases.add(new Case(method + " " + path.replaceAll("[?].*", ""), method, path, null, null));
			}
		}
		for (String type : FuzzValues.CONTENT_TYPES) {
			cases.add(new Case("POST /logout", "POST", "/logout", type, "{\"_csrf\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
			cases.add(new Case("POST /login/oauth2/code/keygate", "POST", "/login/oauth2/code/keygate", type,
					"code=x&state=y".getBytes(StandardCharsets.UTF_8)));
		}

		// Every route's path shapes: fuzzed segments and queries, every method, bodies of every kind.
		for (String route : targets) {
			String target = route.equals(TargetRoutes.UNKNOWN_TARGET_ROUTE) ? "no-such-target" : route;
			if (route.equals("historian")) {
				// A decoy suspends the organisation by design; probed once, below, after the rest.
				continue;
			}
			String endpoint = "/t/" + endpointTarget(route) + "/**";
			for (String value : encoded) {
				cases.add(new Case(endpoint, "GET", "/t/" + target + "/api/meters/" + value, null, null));
				cases.add(new Case(endpoint, "GET", "/t/" + target + "/api/meters?id=" + value + "&id=" + value, null, null));
			}
			for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "GETS")) {
				cases.add(new Case(endpoint, method, "/t/" + target + "/api/commands/reboot", "application/json",
						"{\"meter\":9223372036854775808}".getBytes(StandardCharsets.UTF_8)));
			}
			for (String type : FuzzValues.CONTENT_TYPES) {
				cases.add(new Case(endpoint, "POST", "/t/" + target + "/api/commands/x", type,
						"minutes=9223372036854775807".getBytes(StandardCharsets.UTF_8)));
			}
			for (byte[] bytes : FuzzValues.INVALID_UTF8) {
				cases.add(new Case(endpoint, "POST", "/t/" + target + "/api/commands/x", "application/json", bytes));
			}
			cases.add(new Case(endpoint, "POST", "/t/" + target + "/api/firmware/upload", "multipart/form-data; boundary=b",
					"--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../../x\"\r\n\r\n\u0000\r\n--b--\r\n"
						.getBytes(StandardCharsets.ISO_8859_1)));
			cases.add(new Case(endpoint, "GET", "/t/" + target + "/" + "a/".repeat(2_000), null, null));
			cases.add(new Case(endpoint, "GET", "/t/" + FuzzValues.encode(target + "\u0000") + "/", null, null));
		}
		for (String value : encoded.subList(0, 20)) {
			cases.add(new Case("/t/{unknown}/**", "GET", "/t/" + value + "/x", null, null));
		}
		if (targets.contains("historian")) {
			cases.add(new Case("/t/historian/**", "GET", "/t/historian/%FF", null, null));
		}
		return cases;
	}

	private static Case get(String endpoint, String path) {
		return new Case(endpoint, "GET", path, null, null);
	}

	private void send(Browser browser, Case fuzz) {
		upstream.clear();
		HttpRequest.Builder request;
		try {
			request = HttpRequest.newBuilder(URI.create(gateway.url() + fuzz.path()))
				.timeout(Duration.ofSeconds(20))
				.method(fuzz.method(), fuzz.body() == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofByteArray(fuzz.body()))
				.header("Accept", "application/json");
			if (fuzz.contentType() != null) {
				request.header("Content-Type", fuzz.contentType());
			}
		}
		catch (IllegalArgumentException ex) {
			this.tally.fail(browser.role() + " " + FuzzTally.shorten(fuzz.path()) + ": the test could not build it: " + ex);
			return;
		}
		HttpResponse<String> response;
		try {
			response = browser.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			// Once more on a fresh connection: the server closes a keep-alive connection after a request
			// it cannot decode (an over-long line), and a pooled connection can lose that race. A
			// gateway that really does not answer fails both times.
			try {
				response = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.cookieHandler(browser.cookies())
					.followRedirects(HttpClient.Redirect.NEVER)
					.build()
					.send(request.build(), HttpResponse.BodyHandlers.ofString());
				System.out.println("FUZZ gateway: answered on a fresh connection after " + ex + ": " + browser.role() + " "
						+ fuzz.method() + " " + FuzzTally.shorten(fuzz.path()));
			}
			catch (IOException again) {
				this.tally.fail(browser.role() + " " + fuzz.method() + " " + FuzzTally.shorten(fuzz.path()) + ": no answer ("
						+ again + ")");
				return;
			}
			catch (InterruptedException again) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(again);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		check(browser.role() + " " + fuzz.method() + " " + FuzzTally.shorten(fuzz.path()) + " [" + fuzz.contentType() + "]",
				response.statusCode(), response.body());
		this.tally.count(fuzz.endpoint(), response.statusCode(), false);
	}

	private void check(String what, int status, String body) {
		if (status >= 500 || status < 0) {
			this.tally.fail(what + " answered " + status + ": " + FuzzTally.shorten(body));
		}
		String leak = FuzzValues.leak(body);
		if (leak != null) {
			this.tally.fail(what + " leaked '" + leak + "' (" + status + "): " + FuzzTally.shorten(body));
		}
		if ((status >= 400 || status / 100 == 3) && !upstream.received().isEmpty()) {
			this.tally.fail(what + " was refused or redirected (" + status + ") but the upstream received "
					+ upstream.received().get(0).method() + " " + FuzzTally.shorten(upstream.received().get(0).uri()));
		}
	}

	/** Request lines and headers no client library would send, with the browser's cookies. */
	private void raw(Browser browser) throws IOException {
		String cookie = browser.cookies().getCookieStore().getCookies().isEmpty() ? "" : "Cookie: " + browser.cookieHeader() + "\r\n";
		List<byte[]> targets = new ArrayList<>();
		for (byte[] bytes : FuzzValues.INVALID_UTF8) {
			targets.add(concat("/t/head-end/api/".getBytes(StandardCharsets.ISO_8859_1), bytes));
			targets.add(concat("/login/oauth2/code/keygate?code=".getBytes(StandardCharsets.ISO_8859_1), bytes));
		}
		for (String odd : List.of("/t/head-end/a\u0001b", "/t/head-end/a\u007fb", "/t/head-end/a b", "/t/head-end/a\"<>`{}|^b",
				"/t/head-end/" + "a".repeat(20_000), "*", "http://evil.example/t/head-end/", "t/head-end/", "/t/head-end/#x",
				"/t/head-end/%", "/t/head-end/%zz", "/t/%/x", "/login/oauth2/code/keygate?code=%&state=%zz")) {
			targets.add(odd.getBytes(StandardCharsets.ISO_8859_1));
		}
		for (byte[] target : targets) {
			upstream.clear();
			byte[] request = concat(concat("GET ".getBytes(StandardCharsets.ISO_8859_1), target),
					(" HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n" + cookie + "Connection: close\r\n\r\n")
						.getBytes(StandardCharsets.ISO_8859_1));
			rawCase(browser, "/t/head-end/** (raw request line)", request);
		}
		for (String header : List.of("X-Odd: a\u0000b\r\n", "X-Long: " + "a".repeat(70_000) + "\r\n", "Content-Length: -1\r\n",
				"Content-Length: 9223372036854775808\r\n", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
				"Cookie: SESSION=\u00ff\u0000\r\n", "Host: \u00ff\r\n", "Content-Type: \u00ff/\u00fe\r\n")) {
			upstream.clear();
			byte[] request = ("GET /t/head-end/api/meters HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n" + cookie
					+ header + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
			rawCase(browser, "/t/head-end/** (raw headers)", request);
		}
	}

	private void rawCase(Browser browser, String endpoint, byte[] request) throws IOException {
		String response = exchange(request);
		int status = response.startsWith("HTTP/1.1 ") && response.length() >= 12 ? Integer.parseInt(response.substring(9, 12))
				: -1;
		String body = response.contains("\r\n\r\n") ? response.substring(response.indexOf("\r\n\r\n") + 4) : "";
		String what = browser.role() + " raw " + FuzzTally.shorten(new String(request, StandardCharsets.ISO_8859_1));
		if (status == -1) {
			// Netty closes a connection whose request line it cannot parse without answering; nothing
			// was forwarded, which is what matters.
			if (!upstream.received().isEmpty()) {
				this.tally.fail(what + " got no answer but the upstream received a request");
			}
			this.tally.count(endpoint, 400, false);
			return;
		}
		check(what, status, body);
		this.tally.count(endpoint, status, false);
	}

	private static String exchange(byte[] request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			try {
				int n;
				while ((n = in.read(buffer)) != -1) {
					response.write(buffer, 0, n);
				}
			}
			catch (java.net.SocketException | java.net.SocketTimeoutException ex) {
				// Keep what arrived: a refusal may reset the connection after answering.
			}
			return response.toString(StandardCharsets.UTF_8);
		}
	}

	private static byte[] concat(byte[] a, byte[] b) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(a);
		out.writeBytes(b);
		return out.toByteArray();
	}

	private static Browser browser() {
		CookieManager cookies = new CookieManager();
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER).build();
		return new Browser("anonymous", http, cookies);
	}

	/** The real sign-in: the gateway's authorization request, the provider's code, the callback. */
	private static Browser signedIn(String subject, String organisation) throws Exception {
		Browser browser = browser();
		String toSignIn = location(browser, gateway.url() + "/t/head-end/api/meters/1");
		String authorize = location(browser, toSignIn);
		String callback = provider.authorize(authorize,
				new TestOidcProvider.SignIn(subject, organisation, List.of("hwk", "pin"), Instant.now().minusSeconds(10)));
		String back = location(browser, callback);
		assertThat(back).endsWith("/t/head-end/api/meters/1");
		return new Browser(subject, browser.http(), browser.cookies());
	}

	private static String location(Browser browser, String url) throws Exception {
		HttpResponse<String> response = browser.http().send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isBetween(300, 399);
		String location = response.headers().firstValue("Location").orElseThrow();
		return location.startsWith("/") ? gateway.url() + location : location;
	}

}
