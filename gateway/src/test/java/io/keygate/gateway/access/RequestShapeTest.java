package io.keygate.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.audit.DecisionEvents;
import io.keygate.gateway.testsupport.RawHttp;
import io.keygate.gateway.testsupport.RecordingAuditLog;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.gateway.testsupport.WebSocketProbe;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.shape.OverrideVector;
import io.keygate.policy.shape.OverrideVectors;
import io.keygate.testsupport.EmbeddedParent;

/**
 * What a request carries besides its method and path, against a real gateway and a real upstream
 * that records every request, handshake and WebSocket frame it receives: for every refused case
 * the upstream must have received nothing. The "attacker" is a vendor holding a grant who wants to
 * change things, or a page on another origin (served by a second upstream) driving the vendor's
 * signed-in browser; its requests carry exactly the headers a browser sends.
 */
class RequestShapeTest {

	private static final AtomicInteger people = new AtomicInteger();

	private static RecordingUpstream upstream;

	/** Serves the cross-site page: its origin is what a browser would put in {@code Origin}. */
	private static RecordingUpstream attackerSite;

	private static InMemoryGrantStore store;

	private static RecordingAuditLog audit;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	/** Per-target origins ({@code head-end.gw.test}, {@code mdm.gw.test}) and every relaxation switched on. */
	private static TestGateway perTarget;

	private String subject;

	@BeforeAll
	static void start() {
		upstream = new RecordingUpstream();
		attackerSite = new RecordingUpstream();
		store = new InMemoryGrantStore(java.time.Clock.systemUTC());
		audit = new RecordingAuditLog();
		parent = EmbeddedParent.with("grantStore", (GrantStore) store).and("gatewayAuditLog", (AuditLog) audit).start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of("keygate.gateway.requests.max-form-body", "4KB")));
		perTarget = TestGateway.start(parent, TestGateway.properties(upstream, Map.of(
				"keygate.gateway.origins.targets.head-end", "http://head-end.gw.test",
				"keygate.gateway.origins.targets.mdm", "http://mdm.gw.test",
				"keygate.gateway.requests.override-headers-allowed-through", "X-Original-URL",
				"keygate.gateway.requests.override-parameters-allowed-through", "_method",
				"keygate.gateway.requests.allow-headerless-unsafe", "true",
				"server.reactive.session.cookie.secure", "true")));
	}

	@AfterAll
	static void stop() {
		perTarget.close();
		gateway.close();
		parent.close();
		attackerSite.close();
		upstream.close();
	}

	@BeforeEach
	void freshPerson() {
		this.subject = "vendor" + people.incrementAndGet() + "@itron";
		upstream.clear();
	}

	private void grant(String target, String level) {
		Grant grant = new Grant("g-" + this.subject.replace('@', '-') + "-" + target, this.subject, "itron", target, level,
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "r-1", List.of("approver"));
		assertThat(store.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
	}

	/** A raw request signed in as this test's person; {@code headers} are complete header lines. */
	private String send(TestGateway to, String method, String target, String body, String... headers) throws Exception {
		StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
		boolean host = false;
		for (String header : headers) {
			host |= header.regionMatches(true, 0, "Host:", 0, 5);
			request.append(header).append("\r\n");
		}
		if (!host) {
			request.append("Host: 127.0.0.1:").append(to.port()).append("\r\n");
		}
		request.append(TestSignin.SUBJECT).append(": ").append(this.subject).append("\r\n")
			.append(TestSignin.ORGANISATION).append(": itron\r\nAccept: application/json\r\nConnection: close\r\n");
		if (body != null) {
			request.append("Content-Length: ").append(body.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n");
		}
		request.append("\r\n");
		if (body != null) {
			request.append(body);
		}
		return RawHttp.exchange(to.port(), request.toString());
	}

	private String send(String method, String target, String body, String... headers) throws Exception {
		return send(gateway, method, target, body, headers);
	}

	private String sameOrigin() {
		return "Origin: " + gateway.url();
	}

	private String attackerOrigin() {
		return "Origin: " + attackerSite.url();
	}

	private void assertRefused(String response, String reason) {
		assertRefused(response, reason, true);
	}

	/** {@code withBody} false for HEAD, whose answer has none. */
	private void assertRefused(String response, String reason, boolean withBody) {
		assertThat(RawHttp.status(response)).as(response).isEqualTo(403);
		if (withBody) {
			assertThat(response).contains("\"code\":\"" + reason + "\"");
		}
		assertThat(upstream.received()).as("the upstream must receive nothing").isEmpty();
		assertThat(lastDecision().reason()).isEqualTo(reason);
		assertThat(lastDecision().outcome()).isEqualTo("deny");
	}

	private AuditEntry lastDecision() {
		return audit.entries()
			.stream()
			.filter(entry -> entry.action().equals(DecisionEvents.DECISION) && entry.actor().equals(this.subject))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("no decision audited for " + this.subject));
	}

	// --- method and URL overrides -------------------------------------------------------------

	static Stream<Arguments> overrideHeaders() {
		List<Arguments> cases = new ArrayList<>();
		for (OverrideVector vector : OverrideVectors.all()) {
			if (vector.carrier() == OverrideVector.Carrier.HEADER) {
				String name = vector.name();
				cases.add(Arguments.of(name));
				cases.add(Arguments.of(name.toUpperCase(java.util.Locale.ROOT)));
				cases.add(Arguments.of(name.replace('-', '_')));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest
	@MethodSource("overrideHeaders")
	void readGrantWhenOverrideHeaderSentThenRefusedOverrideRefusedAndUpstreamGetsNothing(String header) throws Exception {
		grant("head-end", "read");
		String value = header.toLowerCase(java.util.Locale.ROOT).contains("method") ? "DELETE" : "/api/firmware/upload";
		assertRefused(send("GET", "/t/head-end/api/meters/42", null, header + ": " + value), "OVERRIDE_REFUSED");
	}

	static Stream<Arguments> overrideParameters() {
		List<Arguments> cases = new ArrayList<>();
		for (OverrideVector vector : OverrideVectors.all()) {
			if (vector.carrier() == OverrideVector.Carrier.PARAMETER) {
				String name = vector.name();
				cases.add(Arguments.of(name));
				cases.add(Arguments.of(name.toUpperCase(java.util.Locale.ROOT)));
				cases.add(Arguments.of("%" + Integer.toHexString(name.charAt(0)).toUpperCase() + name.substring(1)));
				cases.add(Arguments.of(name + "%5B%5D"));
			}
		}
		// PHP reads ".method" and "[method" as "_method".
		cases.add(Arguments.of(".method"));
		cases.add(Arguments.of("%5Bmethod"));
		// Undecodable names could be anything: refused.
		cases.add(Arguments.of("%E0%A4"));
		return cases.stream();
	}

	@ParameterizedTest
	@MethodSource("overrideParameters")
	void readGrantWhenOverrideQueryParameterSentThenRefusedAndUpstreamGetsNothing(String name) throws Exception {
		grant("head-end", "read");
		assertRefused(send("GET", "/t/head-end/api/meters/42?from=1&" + name + "=DELETE", null), "OVERRIDE_REFUSED");
	}

	@Test
	void queryParameterWhenSeparatedBySemicolonThenStillRefused() throws Exception {
		grant("head-end", "read");
		assertRefused(send("GET", "/t/head-end/api/meters/42?from=1;_method=DELETE", null), "OVERRIDE_REFUSED");
	}

	static Stream<Arguments> overrideFormFields() {
		return OverrideVectors.all()
			.stream()
			.filter(vector -> vector.carrier() == OverrideVector.Carrier.PARAMETER)
			.map(vector -> Arguments.of(vector.name()));
	}

	@ParameterizedTest
	@MethodSource("overrideFormFields")
	void operateGrantWhenOverrideFieldInUrlencodedFormThenRefusedAndUpstreamGetsNothing(String field) throws Exception {
		grant("head-end", "operate");
		assertRefused(send("POST", "/t/head-end/api/commands/connect", "meter=42&" + field + "=DELETE", sameOrigin(),
				"Content-Type: application/x-www-form-urlencoded"), "OVERRIDE_REFUSED");
	}

	@ParameterizedTest
	@MethodSource("overrideFormFields")
	void operateGrantWhenOverrideFieldInMultipartFormThenRefusedAndUpstreamGetsNothing(String field) throws Exception {
		grant("head-end", "operate");
		String body = "--XyZ\r\nContent-Disposition: form-data; name=\"meter\"\r\n\r\n42\r\n"
				+ "--XyZ\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\nDELETE\r\n--XyZ--\r\n";
		assertRefused(send("POST", "/t/head-end/api/commands/connect", body, sameOrigin(),
				"Content-Type: multipart/form-data; boundary=XyZ"), "OVERRIDE_REFUSED");
	}

	@Test
	void operateGrantWhenFormLargerThanInspectionLimitThenRefusedAndUpstreamGetsNothing() throws Exception {
		grant("head-end", "operate");
		String body = "meter=42&pad=" + "a".repeat(5000) + "&_method=DELETE";
		assertRefused(send("POST", "/t/head-end/api/commands/connect", body, sameOrigin(),
				"Content-Type: application/x-www-form-urlencoded"), "OVERRIDE_REFUSED");
	}

	@Test
	void operateGrantWhenMultipartHasNoBoundaryThenRefusedAndUpstreamGetsNothing() throws Exception {
		grant("head-end", "operate");
		assertRefused(send("POST", "/t/head-end/api/commands/connect", "_method=DELETE", sameOrigin(),
				"Content-Type: multipart/form-data"), "OVERRIDE_REFUSED");
	}

	@Test
	void operateGrantWhenFormHasNoOverrideThenForwardedWithItsWholeBody() throws Exception {
		grant("head-end", "operate");
		String response = send("POST", "/t/head-end/api/commands/connect", "meter=42&method=remote", sameOrigin(),
				"Content-Type: application/x-www-form-urlencoded");
		assertThat(RawHttp.status(response)).as(response).isEqualTo(200);
		assertThat(upstream.last().body()).isEqualTo("meter=42&method=remote");
		assertThat(upstream.last().method()).isEqualTo("POST");
	}

	@Test
	void overrideWhenConfiguredAllowedThroughThenNotRefusedButStrippedBeforeForwarding() throws Exception {
		grant("head-end", "read");
		String response = send(perTarget, "GET", "/api/meters/42?_method=DELETE&from=1", null, "Host: head-end.gw.test",
				"X-Original-URL: /api/firmware/upload");
		assertThat(RawHttp.status(response)).as(response).isEqualTo(200);
		assertThat(upstream.last().uri()).isEqualTo("/api/meters/42?from=1");
		assertThat(upstream.last().header("X-Original-URL")).isNull();
		// Only what is configured passes: the other override headers are still refused there.
		upstream.clear();
		assertRefused(send(perTarget, "GET", "/api/meters/42", null, "Host: head-end.gw.test", "X-HTTP-Method-Override: DELETE"),
				"OVERRIDE_REFUSED");
	}

	// --- bodies on body-less methods ------------------------------------------------------------

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD", "OPTIONS" })
	void operateGrantWhenBodyOnBodylessMethodThenRefusedBodyNotAllowed(String method) throws Exception {
		grant("head-end", "operate");
		assertRefused(send(method, "/t/head-end/api/meters/42", "_x=1", sameOrigin()), "BODY_NOT_ALLOWED", !method.equals("HEAD"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD", "OPTIONS", "DELETE" })
	void operateGrantWhenChunkedBodyOnBodylessMethodThenRefusedBodyNotAllowed(String method) throws Exception {
		grant("head-end", "operate");
		String response = RawHttp.exchange(gateway.port(), method + " /t/head-end/api/sessions/7 HTTP/1.1\r\nHost: 127.0.0.1:"
				+ gateway.port() + "\r\n" + sameOrigin() + "\r\n" + TestSignin.SUBJECT + ": " + this.subject + "\r\n"
				+ TestSignin.ORGANISATION + ": itron\r\nAccept: application/json\r\nConnection: close\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n");
		assertRefused(response, "BODY_NOT_ALLOWED", !method.equals("HEAD"));
	}

	@Test
	void operateGrantWhenBodyOnDeleteThenRefusedUnlessTheRuleAllowsADeleteBody() throws Exception {
		grant("head-end", "operate");
		assertRefused(send("DELETE", "/t/head-end/api/sessions/7", "{\"all\":true}", sameOrigin(),
				"Content-Type: application/json"), "BODY_NOT_ALLOWED");
		String allowed = send("DELETE", "/t/head-end/api/bulk/7", "{\"all\":true}", sameOrigin(), "Content-Type: application/json");
		assertThat(RawHttp.status(allowed)).as(allowed).isEqualTo(200);
		assertThat(upstream.last().body()).isEqualTo("{\"all\":true}");
		upstream.clear();
		String bodiless = send("DELETE", "/t/head-end/api/sessions/7", null, sameOrigin());
		assertThat(RawHttp.status(bodiless)).as(bodiless).isEqualTo(200);
	}

	// --- WebSockets follow the level ------------------------------------------------------------

	@Test
	void readGrantWhenClientSendsAFrameThenClosedWith1008AuditedAndUpstreamSeesNoFrame() throws Exception {
		grant("head-end", "read");
		try (WebSocketProbe probe = WebSocketProbe.open(gateway.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.closeStatus() != null);
			assertThat(probe.closeStatus().getCode()).isEqualTo(1008);
			assertThat(probe.closeStatus().getReason()).isEqualTo("Your access level only allows receiving on this connection.");
			assertThat(probe.messages()).isEmpty();
		}
		assertThat(upstream.webSocketFrames()).isEmpty();
		AuditEntry refused = lastDecision();
		assertThat(refused.reason()).isEqualTo("WEBSOCKET_FRAME_REFUSED");
		assertThat(refused.outcome()).isEqualTo("deny");
	}

	@Test
	void readGrantWhenOnlyListeningThenUpstreamMessagesArrive() throws Exception {
		grant("head-end", "read");
		try (WebSocketProbe probe = WebSocketProbe.listen(gateway.url(), "/t/head-end/feed", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.messages().size() >= 2);
			assertThat(probe.closeStatus()).isNull();
		}
		assertThat(upstream.webSocketFrames()).isEmpty();
	}

	@Test
	void operateGrantWhenRuleIsTwoWayThenClientFramesReachTheUpstream() throws Exception {
		grant("head-end", "operate");
		try (WebSocketProbe probe = WebSocketProbe.open(gateway.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.messages().contains("echo:hello"));
		}
		assertThat(upstream.webSocketFrames()).contains("hello");
	}

	@Test
	void webSocketWhenRuleAdmitsNoneThenHandshakeRefusedAndUpstreamGetsNothing() throws Exception {
		grant("head-end", "narrow");
		try (WebSocketProbe probe = WebSocketProbe.open(gateway.url(), "/t/head-end/api/meters/live", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.error() != null);
			assertThat(probe.error()).hasMessageContaining("403");
		}
		assertThat(upstream.received()).isEmpty();
		assertThat(lastDecision().reason()).isEqualTo("WEBSOCKET_NOT_ALLOWED");
	}

	// --- Set-Cookie shadowing -------------------------------------------------------------------

	@ParameterizedTest
	@ValueSource(strings = { "KEYGATE_GATEWAY_SESSION=planted", "keygate_gateway_session=planted",
			"__Host-KEYGATE_GATEWAY_SESSION=planted; Secure", "__host-keygate_gateway_session=planted; Secure",
			"__Secure-KEYGATE_AUTH_SESSION=planted; Secure", "KEYGATE_AUTH_XSRF=planted", "__Host-Keygate_Auth_Xsrf=planted",
			"KEYGATE_AUTH_SESSION =planted", "=KEYGATE_GATEWAY_SESSION=planted", "KeYgAtE_anything=planted" })
	void upstreamSetCookieWhenItWouldShadowAKeygateCookieThenDroppedAndOthersKept(String setCookie) throws Exception {
		grant("head-end", "read");
		String response = send("GET", "/t/head-end/api/meters/42?sc=" + URLEncoder.encode(setCookie, StandardCharsets.UTF_8)
				+ "&sc=" + URLEncoder.encode("meter_view=table; Path=/", StandardCharsets.UTF_8), null);
		assertThat(RawHttp.status(response)).as(response).isEqualTo(200);
		List<String> setCookies = response.lines()
			.filter(line -> line.regionMatches(true, 0, "Set-Cookie:", 0, 11))
			.map(line -> line.substring(11).strip())
			.toList();
		assertThat(setCookies).containsExactly("meter_view=table; Path=/t/head-end/");
	}

	// --- same origin for state changes and WebSockets -------------------------------------------

	@Test
	void crossSitePageWhenPostingACommandThenRefusedCrossOriginAndUpstreamGetsNothing() throws Exception {
		grant("head-end", "operate");
		// What Chromium sends for a form auto-submitted by a page on another site.
		assertRefused(send("POST", "/t/head-end/api/commands/disconnect", "meter=42", attackerOrigin(),
				"Sec-Fetch-Site: cross-site", "Sec-Fetch-Mode: navigate", "Sec-Fetch-Dest: document",
				"Content-Type: application/x-www-form-urlencoded"), "CROSS_ORIGIN");
	}

	@Test
	void crossSitePageWhenOpeningAWebSocketThenHandshakeRefusedAndUpstreamGetsNothing() throws Exception {
		grant("head-end", "operate");
		try (WebSocketProbe probe = WebSocketProbe.open(gateway.url(), "/t/head-end/ws", this.subject, "itron",
				attackerSite.url())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.error() != null);
			assertThat(probe.error()).hasMessageContaining("403");
		}
		assertThat(upstream.received()).isEmpty();
		assertThat(upstream.webSocketHandshakes()).isZero();
		assertThat(lastDecision().reason()).isEqualTo("CROSS_ORIGIN");
	}

	@Test
	void webSocketWhenNeitherOriginNorFetchMetadataThenRefusedEvenWhereHeaderlessClientsAreAllowed() throws Exception {
		grant("head-end", "operate");
		try (WebSocketProbe probe = WebSocketProbe.open(perTarget.url(), "/t/head-end/ws", this.subject, "itron", null)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.error() != null);
			assertThat(probe.error()).hasMessageContaining("403");
		}
		assertThat(upstream.webSocketHandshakes()).isZero();
	}

	static Stream<Arguments> notSameOrigin() {
		return Stream.of(Arguments.of((Object) new String[] { "Origin: null" }),
				Arguments.of((Object) new String[] { "Origin: http://localhost:1", "Sec-Fetch-Site: same-site" }),
				Arguments.of((Object) new String[] { "Sec-Fetch-Site: same-site" }),
				Arguments.of((Object) new String[] { "Sec-Fetch-Site: cross-site" }),
				Arguments.of((Object) new String[] { "Sec-Fetch-Site: none" }),
				Arguments.of((Object) new String[] { "X-Nothing: 1" }));
	}

	@ParameterizedTest
	@MethodSource("notSameOrigin")
	void unsafeMethodWhenNotProvablySameOriginThenRefusedCrossOrigin(String[] headers) throws Exception {
		grant("head-end", "operate");
		assertRefused(send("POST", "/t/head-end/api/commands/disconnect", "{}", headers), "CROSS_ORIGIN");
	}

	@Test
	void sameSiteOtherPortWhenPostingThenRefusedCrossOrigin() throws Exception {
		grant("head-end", "operate");
		// The second upstream shares the gateway's host (127.0.0.1): same site, another origin.
		assertRefused(send("POST", "/t/head-end/api/commands/disconnect", "{}", attackerOrigin(), "Sec-Fetch-Site: same-site"),
				"CROSS_ORIGIN");
	}

	@Test
	void unsafeMethodWhenSameOriginByOriginOrByFetchMetadataThenForwarded() throws Exception {
		grant("head-end", "operate");
		assertThat(RawHttp.status(send("POST", "/t/head-end/api/commands/disconnect", "{}", sameOrigin()))).isEqualTo(200);
		assertThat(RawHttp.status(send("POST", "/t/head-end/api/commands/disconnect", "{}", "Sec-Fetch-Site: same-origin")))
			.isEqualTo(200);
		assertThat(upstream.received()).hasSize(2);
	}

	@Test
	void unsafeMethodWhenHeaderlessAndConfiguredAllowedThenForwarded() throws Exception {
		grant("head-end", "operate");
		String response = send(perTarget, "POST", "/api/commands/disconnect", "{}", "Host: head-end.gw.test");
		assertThat(RawHttp.status(response)).as(response).isEqualTo(200);
	}

	// --- __Host- cookies ------------------------------------------------------------------------

	private static List<String> sessionCookies(TestGateway on) throws Exception {
		// Not signed in: the gateway keeps the request to return to after sign-in, in a new session.
		String redirect = RawHttp.exchange(on.port(), "GET /t/head-end/api/meters/1 HTTP/1.1\r\nHost: gw\r\n"
				+ "Accept: text/html\r\nConnection: close\r\n\r\n");
		return redirect.lines()
			.filter(line -> line.regionMatches(true, 0, "Set-Cookie:", 0, 11))
			.map(line -> line.substring(11).strip())
			.toList();
	}

	@Test
	void gatewaySessionCookieWhenSecureThenHostPrefixedWithRootPathAndNoDomain() throws Exception {
		List<String> secure = sessionCookies(perTarget);
		assertThat(secure).hasSize(1);
		assertThat(secure.get(0)).startsWith("__Host-KEYGATE_GATEWAY_SESSION=").contains("; Path=/;").contains("; Secure")
			.containsIgnoringCase("; HttpOnly").doesNotContainIgnoringCase("Domain=");
		assertThat(sessionCookies(gateway)).singleElement().asString().startsWith("KEYGATE_GATEWAY_SESSION=");
	}

	// --- per-target origins ---------------------------------------------------------------------

	@Test
	void perTargetOriginWhenHostNamesTheTargetThenServedAtItsRootWithCookiesScopedToThatHost() throws Exception {
		grant("head-end", "read");
		String response = send(perTarget, "GET", "/api/meters/42?sc=" + URLEncoder.encode("sid=1; Path=/app", StandardCharsets.UTF_8),
				null, "Host: head-end.gw.test");
		assertThat(RawHttp.status(response)).as(response).isEqualTo(200);
		assertThat(upstream.last().uri()).startsWith("/api/meters/42");
		assertThat(upstream.last().header("X-Forwarded-Prefix")).isNull();
		assertThat(response).contains("Set-Cookie: sid=1; Path=/app");
	}

	@Test
	void perTargetOriginWhenOneTargetsPagePostsToAnotherTargetThenRefusedCrossOrigin() throws Exception {
		grant("head-end", "operate");
		assertRefused(send(perTarget, "POST", "/api/commands/disconnect", "{}", "Host: head-end.gw.test",
				"Origin: http://mdm.gw.test", "Sec-Fetch-Site: same-site"), "CROSS_ORIGIN");
		assertThat(RawHttp.status(send(perTarget, "POST", "/api/commands/disconnect", "{}", "Host: head-end.gw.test",
				"Origin: http://head-end.gw.test"))).isEqualTo(200);
	}

	@Test
	void perTargetOriginWhenTargetReachedThroughTheSharedOriginThenRefused() throws Exception {
		grant("head-end", "read");
		assertRefused(send(perTarget, "GET", "/t/head-end/api/meters/42", null), "CROSS_ORIGIN");
	}

}
