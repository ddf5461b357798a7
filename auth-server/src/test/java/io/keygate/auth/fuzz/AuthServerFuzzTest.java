package io.keygate.auth.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.keygate.auth.fuzz.AuthServerCorpus.Case;
import io.keygate.auth.fuzz.AuthServerCorpus.Endpoint;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.FuzzTally;
import io.keygate.testsupport.FuzzValues;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/**
 * Zero 500s (issue #12): the corpus of {@link AuthServerCorpus} (every controller endpoint, found
 * in the handler mapping at test time) plus hand-written cases for the endpoints outside it (the
 * OIDC provider's, Spring Security's, actuator health, raw request lines), sent as nobody and as a
 * vendor engineer, an approver and a security admin, each with a real session and CSRF token.
 * For every answer: no 5xx, no stack trace or Java class name in the body, problem+json for every
 * refusal of a JSON endpoint; and for every refused case no row written anywhere but the audit
 * chain, where only refusals audited by design ({@code *.refused}) may appear.
 */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.gateway.public-url=https://gateway.utility.example", "logging.level.io.keygate=WARN",
		"logging.level.org.springframework=WARN", "logging.level.org.apache=WARN" })
class AuthServerFuzzTest extends KeygateHttpTest {

	/**
	 * Answers in a shape of their own standard, not problem documents: the OIDC provider's
	 * (RFC 6749 errors) and actuator's (an empty 404 for an unknown health group).
	 */
	private static final List<String> OWN_SHAPES = List.of("/oauth2/", "/userinfo", "/connect/", "/.well-known/",
			"/actuator/");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping handlers;

	@Autowired
	JdbcTemplate jdbc;

	private final FuzzTally tally = new FuzzTally("auth-server");

	private static final String AUDIT_HEAD = "~audit head";

	private String snapshotSql;

	private Map<String, Long> current;

	private record Session(String role, TestClient client, String cookie) {
	}

	@Test
	void everyEndpointWhenFuzzedAsEveryRoleThenNo5xxNoLeakAndNothingWrittenForRefusals() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		VirtualKey vendorKey = VirtualKey.packed();
		VirtualKey otherKey = VirtualKey.packed();
		VirtualKey approverKey = VirtualKey.packed();
		VirtualKey adminKey = VirtualKey.packed();
		String vendorEmail = "vic-" + run + "@vendora" + run + ".example";
		String otherEmail = "bob-" + run + "@vendorb" + run + ".example";
		TestClient vendorEnrolled = enroll(vendorKey, vendorEmail, Role.VENDOR_ENGINEER);
		TestClient other = enroll(otherKey, otherEmail, Role.VENDOR_ENGINEER);
		enroll(approverKey, "otto-" + run + "@utility.example", Role.APPROVER);
		enroll(adminKey, "ada-" + run + "@utility.example", Role.SECURITY_ADMIN);
		Session vendor = session("vendor", vendorKey);
		Session approver = session("approver", approverKey);
		Session admin = session("admin", adminKey);

		// Other people's real ids, for every id position: the other vendor's approved and pending
		// requests, live grant, subject, organisation and key; the vendor's own request.
		String approvedRequest = submit(other, "head-end", "read");
		String challenge = approve(approver.client(), approverKey, approvedRequest);
		String otherGrant = other.getJson("/api/v1/grants").json().get(0).get("id").asString();
		String pendingRequest = submit(other, "mdm", "read");
		String ownRequest = submit(vendorEnrolled, "head-end", "read");
		String otherKeyId = other.getJson("/account/keys").json().get(0).get("id").asString();
		String kid = client().getJson("/oauth2/jwks").json().get("keys").get(0).get("kid").asString();
		Map<String, String> ids = new LinkedHashMap<>();
		ids.put("id", pendingRequest);
		ids.put("approvedRequest", approvedRequest);
		ids.put("ownRequest", ownRequest);
		ids.put("grant", otherGrant);
		ids.put("subject", otherEmail);
		ids.put("organisation", "vendorb" + run + "-example");
		ids.put("credentialId", otherKeyId);
		ids.put("kid", kid);
		ids.put("challengeId", challenge);
		Map<String, String> baseline = Map.ofEntries(Map.entry("choice", "head-end/read"), Map.entry("target", "head-end"),
				Map.entry("level", "read"), Map.entry("targetId", "head-end"), Map.entry("start", ""),
				Map.entry("minutes", "60"), Map.entry("durationMinutes", "60"), Map.entry("reason", "fuzz"),
				Map.entry("ticket", "CHG-1"), Map.entry("comment", "fuzz"), Map.entry("scope", "mine"),
				Map.entry("token", "not-a-token"), Map.entry("email", "fz-" + run + "@fuzz.example"),
				Map.entry("displayName", "Fuzz"), Map.entry("organisation", "fuzz-org"),
				Map.entry("roles", "[\"VENDOR_ENGINEER\"]"), Map.entry("credential", "{}"), Map.entry("assertion", "{}"),
				Map.entry("label", "fuzz key"), Map.entry("challengeId", challenge), Map.entry("type", "public-key"),
				Map.entry("response", "{}"), Map.entry("clientExtensionResults", "{}"));

		AuthServerCorpus corpus = new AuthServerCorpus(ids, baseline);
		List<Endpoint> endpoints = corpus.endpoints(this.handlers.getHandlerMethods());
		assertThat(corpus.unsupported()).as("endpoints the corpus cannot fuzz yet").isEmpty();

		Session anonymous = new Session("anonymous", client(), null);
		anonymous.client().get("/login");
		this.snapshotSql = snapshotSql();
		// Nobody first, the approver and admin last: their accepted actions (revocation, suspension,
		// disabling) end the other vendor's access, never the vendor's own session before its turn.
		for (Session session : List.of(anonymous, vendor, approver, admin)) {
			long started = System.nanoTime();
			int before = this.tally.sent();
			for (Endpoint endpoint : endpoints) {
				List<Case> cases = corpus.cases(endpoint);
				boolean owner = owns(session.role(), endpoint.pattern());
				for (int i = 0; i < cases.size(); i++) {
					// Every case as the role that owns the endpoint; a fixed tenth (the baseline
					// included) as the others, who are refused before any input is read.
					if (owner || i % 10 == 0) {
						send(session, cases.get(i), true);
					}
				}
				if (!endpoint.method().equals("GET")) {
					Case first = cases.get(0);
					send(session, new Case(first.endpoint(), "no CSRF token", first.method(), first.path(),
							first.contentType(), first.body(), first.accept(), first.page()), false);
				}
			}
			for (Case hand : handWritten(kid)) {
				send(session, hand, true);
			}
			raw(session);
			System.out.printf("FUZZ auth-server as %s: %d cases in %d ms%n", session.role(), this.tally.sent() - before,
					(System.nanoTime() - started) / 1_000_000);
		}

		for (Endpoint endpoint : endpoints) {
			assertThat(this.tally.perEndpoint()).as("cases sent to " + endpoint.key()).containsKey(endpoint.key());
		}
		System.out.println(this.tally.summary());
		this.tally.perEndpoint().forEach((endpoint, count) -> System.out.println("FUZZ auth-server   " + endpoint + ": " + count));
		assertThat(this.tally.failures()).as(this.tally.summary()).isEmpty();
	}

	/**
	 * Who an endpoint is for: every case goes to them (one role per endpoint, so that the full
	 * corpus is sent once); the other roles get a deterministic sample.
	 */
	private static boolean owns(String role, String pattern) {
		boolean vendorApi = List.of("/api/v1/requests", "/api/v1/requests/{id}", "/api/v1/requests/{id}/cancel",
				"/api/v1/grants", "/api/v1/grants/{id}/end", "/api/v1/targets").contains(pattern);
		return switch (role) {
			case "vendor" -> vendorApi || pattern.startsWith("/access/vendor") || pattern.startsWith("/account")
					|| pattern.equals("/");
			case "approver" -> (pattern.startsWith("/api/v1") && !vendorApi) || pattern.startsWith("/access/approver")
					|| pattern.startsWith("/access/organisations") || pattern.equals("/access");
			case "admin" -> pattern.startsWith("/admin") || pattern.startsWith("/access/admin") || pattern.startsWith("/v3/")
					|| pattern.startsWith("/swagger");
			default -> pattern.startsWith("/enroll") || pattern.startsWith("/login") || pattern.startsWith("/webauthn")
					|| pattern.equals("/error");
		};
	}

	/** Endpoints no controller maps: the OIDC provider, logout, actuator health. */
	private static List<Case> handWritten(String kid) {
		List<Case> cases = new ArrayList<>();
		String n = "9223372036854775807";
		String longValue = FuzzValues.encode(FuzzValues.LONG.substring(0, 6_000));
		for (String query : List.of("", "?response_type=code", "?response_type=code&client_id=keygate-gateway",
				"?response_type=code&client_id=keygate-gateway&redirect_uri=http://evil.example/&scope=openid",
				"?response_type=code&client_id=keygate-gateway&redirect_uri=http://localhost:8080/login/oauth2/code/keygate"
						+ "&scope=openid&state=" + longValue + "&code_challenge=%00&code_challenge_method=plain",
				"?response_type=code&response_type=token&client_id=keygate-gateway&client_id=x",
				"?client_id=%FF%FE&scope=%C0%AF&prompt=none&max_age=" + n, "?request=eyJhbGciOiJub25lIn0.e30.")) {
			cases.add(hand("GET /oauth2/authorize", "GET", "/oauth2/authorize" + query, null, null));
			cases.add(hand("POST /oauth2/authorize", "POST", "/oauth2/authorize", "application/x-www-form-urlencoded",
					query.isEmpty() ? "" : query.substring(1)));
		}
		for (String form : List.of("", "grant_type=authorization_code", "grant_type=authorization_code&code=x&code=y",
				"grant_type=refresh_token&refresh_token=" + longValue, "grant_type=client_credentials&scope=%00",
				"grant_type=%FF%FE", "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=a.b.c",
				"grant_type=authorization_code&code=x&redirect_uri=http://localhost:8080/login/oauth2/code/keygate"
						+ "&client_id=keygate-gateway&client_secret=wrong&code_verifier=" + longValue)) {
			cases.add(hand("POST /oauth2/token", "POST", "/oauth2/token", "application/x-www-form-urlencoded", form));
		}
		cases.add(hand("POST /oauth2/token", "POST", "/oauth2/token", "application/json", "{\"grant_type\":\"x\"}"));
		cases.add(hand("POST /oauth2/token", "POST", "/oauth2/token", "application/xml", "<a/>"));
		cases.add(hand("POST /oauth2/token", "POST", "/oauth2/token", null, null));
		for (String path : List.of("/oauth2/revoke", "/oauth2/introspect")) {
			cases.add(hand("POST " + path, "POST", path, "application/x-www-form-urlencoded", "token=" + longValue));
			cases.add(hand("POST " + path, "POST", path, "application/json", "{"));
		}
		for (String path : List.of("/oauth2/jwks", "/oauth2/jwks?kid=" + kid + "&kid=%00", "/.well-known/openid-configuration",
				"/.well-known/openid-configuration/%FF", "/.well-known/oauth-authorization-server",
				"/.well-known/oauth-authorization-server/x", "/userinfo", "/connect/logout",
				"/connect/logout?id_token_hint=a.b.c&post_logout_redirect_uri=http://evil.example&state=" + longValue,
				"/actuator/health", "/actuator/health/" + longValue, "/actuator/health/%00", "/actuator/info",
				"/actuator/env", "/actuator/heapdump", "/logout", "/login?error=" + n, "/login?" + longValue + "=1",
				"/css/keygate.css", "/js/%2e%2e/%2e%2e/application.yml", "/no/such/path", "/%ff", "/;x=y/access",
				"/access;jsessionid=1", "/access/../admin/users", "/access/%2e%2e/admin/users", "/ACCESS", "//access",
				"/access/", "/error?status=500")) {
			cases.add(hand("GET " + path.replaceAll("[?].*", ""), "GET", path, null, null));
		}
		for (String auth : List.of("Bearer x", "Bearer " + "a".repeat(7_000), "Basic %%%", "Basic " + "Og==")) {
			cases.add(new Case("GET /userinfo", "authorization " + auth.substring(0, Math.min(20, auth.length())), "GET",
					"/userinfo#" + auth, null, null, "application/json", false));
		}
		cases.add(hand("POST /logout", "POST", "/logout", "application/x-www-form-urlencoded", "x=%FF"));
		cases.add(hand("POST /logout", "POST", "/logout", "application/json", "{"));
		for (String method : List.of("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "HEAD")) {
			cases.add(hand(method + " /api/v1/requests", method, "/api/v1/requests", "application/json", "{}"));
			cases.add(hand(method + " /access/vendor/requests", method, "/access/vendor/requests",
					"application/x-www-form-urlencoded", "minutes=" + n));
		}
		return cases;
	}

	private static Case hand(String endpoint, String method, String path, String contentType, String body) {
		return new Case(endpoint, "hand-written " + FuzzTally.shorten(path), method, path, contentType,
				body == null ? null : body.getBytes(StandardCharsets.ISO_8859_1), "application/json", false);
	}

	private void send(Session session, Case fuzz, boolean csrf) {
		Map<String, Long> before = current();
		long auditBefore = before.get(AUDIT_HEAD);
		String path = fuzz.path();
		String authorization = null;
		if (path.contains("#")) {
			authorization = path.substring(path.indexOf('#') + 1);
			path = path.substring(0, path.indexOf('#'));
		}
		TestClient client = session.client();
		TestClient.Response response;
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(client.uri(path))
				.method(fuzz.method(), fuzz.body() == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofByteArray(fuzz.body()));
			if (fuzz.contentType() != null) {
				request.header("Content-Type", fuzz.contentType());
			}
			if (!fuzz.accept().isEmpty()) {
				request.header("Accept", fuzz.accept());
			}
			if (csrf && client.csrf() != null) {
				request.header("X-XSRF-TOKEN", client.csrf());
			}
			if (authorization != null) {
				request.header("Authorization", authorization);
			}
			response = client.send(request.build());
		}
		catch (IllegalArgumentException ex) {
			this.tally.fail(describe(session, fuzz) + ": the test could not build the request: " + ex.getMessage());
			return;
		}
		check(session, fuzz, response);
		boolean refusedOnPage = false;
		String location = response.header("Location");
		if (fuzz.page() && fuzz.method().equals("POST") && response.status() / 100 == 3 && location != null
				&& !location.contains("/login")) {
			// Pages answer a form with a redirect and say on the next page whether it was refused.
			TestClient.Response next = client.get(location);
			check(session, new Case(fuzz.endpoint(), fuzz.label() + " (redirected page)", "GET", location, null, null,
					"text/html", true), next);
			refusedOnPage = next.body().contains("role=\"alert\">Refused: ");
		}
		this.tally.count(fuzz.endpoint(), response.status(), refusedOnPage);
		boolean refused = response.status() >= 400 || refusedOnPage;
		this.current = null;
		if (refused) {
			Map<String, Long> after = current();
			if (!rows(after).equals(rows(before))) {
				this.tally.fail(describe(session, fuzz) + " was refused (" + response.status() + ") but wrote rows: " + before
						+ " -> " + after);
			}
			List<String> audited = this.jdbc.queryForList(
					"select action from audit_events where sequence > ? order by sequence", String.class, auditBefore);
			for (String action : audited) {
				// A refusal is audited as such, or counted into the summary of unauthenticated refusals
				// (UnauthenticatedAuditThrottle), which any earlier refusal's interval may write now.
				if (!action.endsWith(".refused") && !action.equals(AuditAction.UNAUTHENTICATED_REFUSALS_SUMMARY.action())) {
					this.tally.fail(describe(session, fuzz) + " was refused (" + response.status() + ") but audited "
							+ action + ", which is not a refusal");
				}
			}
		}
	}

	private void check(Session session, Case fuzz, TestClient.Response response) {
		if (response.status() >= 500) {
			this.tally.fail(describe(session, fuzz) + " answered " + response.status() + ": "
					+ FuzzTally.shorten(response.body()));
		}
		String leak = FuzzValues.leak(response.body());
		if (leak != null) {
			this.tally.fail(describe(session, fuzz) + " leaked '" + leak + "' (" + response.status() + "): "
					+ FuzzTally.shorten(response.body()));
		}
		boolean ownShape = OWN_SHAPES.stream().anyMatch(fuzz.path()::startsWith);
		if (response.status() >= 400 && !ownShape && !fuzz.page() && fuzz.accept().equals("application/json")
				&& !fuzz.method().equals("HEAD")) {
			String type = response.header("Content-Type");
			if (type == null || !type.startsWith("application/problem+json") || !response.body().contains("\"code\"")) {
				this.tally.fail(describe(session, fuzz) + " refused (" + response.status()
						+ ") without a problem document with a code: " + type + " " + FuzzTally.shorten(response.body()));
			}
		}
	}

	private static String describe(Session session, Case fuzz) {
		return session.role() + " " + fuzz.method() + " " + FuzzTally.shorten(fuzz.path()) + " [" + FuzzTally.shorten(fuzz.label())
				+ ", " + fuzz.contentType() + "]";
	}

	/**
	 * Request lines and headers no HTTP client library would send: raw invalid UTF-8 and control
	 * bytes in the path and query, a NUL in a header, a huge header.
	 */
	private void raw(Session session) throws IOException {
		String cookie = session.cookie() == null ? "" : "Cookie: " + session.cookie() + "\r\n";
		List<byte[]> targets = new ArrayList<>();
		for (byte[] bytes : FuzzValues.INVALID_UTF8) {
			targets.add(concat("/api/v1/requests/".getBytes(StandardCharsets.ISO_8859_1), bytes));
			targets.add(concat("/access/vendor?x=".getBytes(StandardCharsets.ISO_8859_1), bytes));
		}
		targets.add("/api/v1/requests/a\u0001b".getBytes(StandardCharsets.ISO_8859_1));
		targets.add("/api/v1/requests/a\u007fb".getBytes(StandardCharsets.ISO_8859_1));
		targets.add("/api/v1/requests/a b".getBytes(StandardCharsets.ISO_8859_1));
		targets.add("/api/v1/requests/a\"<>`{}|^b".getBytes(StandardCharsets.ISO_8859_1));
		targets.add(("/api/v1/requests/" + "a".repeat(20_000)).getBytes(StandardCharsets.ISO_8859_1));
		targets.add("*".getBytes(StandardCharsets.ISO_8859_1));
		targets.add("http://evil.example/api/v1/grants".getBytes(StandardCharsets.ISO_8859_1));
		for (byte[] target : targets) {
			byte[] request = concat(concat("GET ".getBytes(StandardCharsets.ISO_8859_1), target),
					(" HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n" + cookie + "Connection: close\r\n\r\n")
						.getBytes(StandardCharsets.ISO_8859_1));
			rawCase(session, "GET (raw request line)", request);
		}
		String csrf = session.client().csrf();
		for (String headers : List.of("X-XSRF-TOKEN: " + csrf + "\u0000\r\n", "Content-Type: application/json\u0000x\r\n",
				"X-Long: " + "a".repeat(70_000) + "\r\n", "Content-Length: -1\r\n", "Content-Length: 9223372036854775808\r\n",
				"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "Accept-Charset: \u00ff\u00fe\r\n",
				"Cookie: KEYGATE_AUTH_SESSION=\u00ff\u0000\r\n")) {
			byte[] request = ("POST /api/v1/requests HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n" + cookie
					+ "X-XSRF-TOKEN: " + csrf + "\r\n" + headers + "Connection: close\r\n\r\n{}")
				.getBytes(StandardCharsets.ISO_8859_1);
			rawCase(session, "POST /api/v1/requests (raw headers)", request);
		}
	}

	private void rawCase(Session session, String endpoint, byte[] request) throws IOException {
		Map<String, Long> before = current();
		this.current = null;
		String response = exchange(request);
		int status = response.startsWith("HTTP/1.1 ") && response.length() >= 12
				? Integer.parseInt(response.substring(9, 12)) : -1;
		String what = session.role() + " " + FuzzTally.shorten(new String(request, StandardCharsets.ISO_8859_1));
		String body = response.contains("\r\n\r\n") ? response.substring(response.indexOf("\r\n\r\n") + 4) : "";
		if (status >= 500) {
			this.tally.fail(what + " answered " + status + ": " + FuzzTally.shorten(body));
		}
		String leak = FuzzValues.leak(body);
		if (leak != null) {
			this.tally.fail(what + " leaked '" + leak + "': " + FuzzTally.shorten(body));
		}
		if (status >= 400 && !rows(current()).equals(rows(before))) {
			this.tally.fail(what + " was refused but wrote rows");
		}
		this.tally.count(endpoint, status, false);
	}

	private String exchange(byte[] request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
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
			catch (java.net.SocketException ex) {
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

	/** A fresh sign-in with {@code key}; the sign-in's own answer carries the session cookie for raw requests. */
	private Session session(String role, VirtualKey key) {
		SignIn signIn = signIn(key);
		assertThat(signIn.response().status()).isEqualTo(200);
		String setCookie = signIn.response().headers().entrySet().stream()
			.filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
			.flatMap(e -> e.getValue().stream())
			.filter(c -> c.startsWith("KEYGATE_AUTH_SESSION="))
			.findFirst()
			.orElseThrow();
		signIn.client().get("/access");
		String cookie = setCookie.substring(0, setCookie.indexOf(';')) + "; " + TestClient.CSRF_COOKIE + "="
				+ signIn.client().csrf();
		return new Session(role, signIn.client(), cookie);
	}

	private static String submit(TestClient client, String target, String level) {
		TestClient.Response answer = client.post("/api/v1/requests",
				Map.of("targetId", target, "level", level, "durationMinutes", 60, "reason", "fuzz fixture", "ticket", "CHG-1"));
		assertThat(answer.status()).as(answer.body()).isEqualTo(201);
		return answer.json().get("id").asString();
	}

	/** Approves {@code id} with the approver's key; returns the (now used) challenge id. */
	private static String approve(TestClient approver, VirtualKey key, String id) {
		TestClient.Response challenge = approver.post("/api/v1/requests/" + id + "/step-up", "{}");
		assertThat(challenge.status()).as(challenge.body()).isEqualTo(200);
		String credential = key.get(challenge.json().get("publicKey"));
		String challengeId = challenge.json().get("challengeId").asString();
		TestClient.Response approved = approver.post("/api/v1/requests/" + id + "/approvals",
				"{\"challengeId\":\"" + challengeId + "\",\"comment\":\"\",\"credential\":" + credential + "}");
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);
		return challengeId;
	}

	/** Every table but the audit chain's and Flyway's, counted in one query. */
	private String snapshotSql() {
		List<String> tables = this.jdbc.queryForList("select table_name from information_schema.tables where "
				+ "lower(table_schema) = 'public' and table_type in ('TABLE', 'BASE TABLE')", String.class);
		List<String> counted = tables.stream()
			.map(t -> t.toLowerCase(java.util.Locale.ROOT))
			.filter(t -> !t.startsWith("audit_") && !t.startsWith("flyway_"))
			.sorted()
			.toList();
		assertThat(counted).contains("access_request", "grant_history", "invitations", "users", "webauthn_credentials");
		return String.join(" union all ",
				counted.stream().map(t -> "select '" + t + "' as t, count(*) as n from " + t).toList())
				+ " union all select '" + AUDIT_HEAD + "' as t, coalesce(max(sequence), 0) as n from audit_events";
	}

	/**
	 * The row counts now (and the audit chain's head), taken once after each case: a refused case
	 * writes nothing, so the counts after it are the counts before the next.
	 */
	private Map<String, Long> current() {
		if (this.current == null) {
			Map<String, Long> counts = new java.util.TreeMap<>();
			this.jdbc.query(this.snapshotSql, row -> {
				counts.put(row.getString(1), row.getLong(2));
			});
			this.current = counts;
		}
		return this.current;
	}

	private static Map<String, Long> rows(Map<String, Long> snapshot) {
		Map<String, Long> rows = new java.util.TreeMap<>(snapshot);
		rows.remove(AUDIT_HEAD);
		return rows;
	}

}
