package io.keygate.gateway.access;

import io.keygate.testsupport.EmbeddedParent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.audit.DecisionEvents;
import io.keygate.gateway.testsupport.LookupThreads;
import io.keygate.policy.testsupport.MutableClock;
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

/**
 * The gateway as the embedded quickstart runs it: a parent context holding the in-memory grant
 * store, the audit log and the clock, the gateway as a child context on a real port, and a real
 * upstream that records what reaches it. Only the sign-in is stood in for ({@link TestSignin}).
 * <p>
 * The store and the gateway have separate clocks so that a grant can be past its {@code notAfter}
 * for the decision while the store still holds it, as with a Redis TTL that has not fired yet.
 */
class EmbeddedGatewayTest {

	private static final Instant START = Instant.now();

	private static final AtomicInteger people = new AtomicInteger();

	private static RecordingUpstream upstream;

	private static MutableClock storeClock;

	private static MutableClock gatewayClock;

	private static GrantStore store;

	private static LookupThreads lookupThreads;

	private static RecordingAuditLog audit;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	private static final HttpClient http = HttpClient.newHttpClient();

	private String subject;

	@BeforeAll
	static void start() {
		upstream = new RecordingUpstream();
		storeClock = MutableClock.at(START);
		gatewayClock = MutableClock.at(START);
		lookupThreads = new LookupThreads(new InMemoryGrantStore(storeClock));
		store = lookupThreads;
		audit = new RecordingAuditLog();
		parent = EmbeddedParent.with("clock", gatewayClock)
			.and("grantStore", store)
			.and("gatewayAuditLog", (AuditLog) audit)
			.start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of()));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		parent.close();
		upstream.close();
	}

	@BeforeEach
	void freshPerson() {
		this.subject = "vendor" + people.incrementAndGet() + "@itron";
		upstream.clear();
		audit.failing(false);
	}

	private Grant grant(String target, String level) {
		return grant(target, level, gatewayClock.instant().minusSeconds(60), gatewayClock.instant().plusSeconds(3600));
	}

	private Grant grant(String target, String level, Instant notBefore, Instant notAfter) {
		Grant grant = new Grant("g-" + this.subject.replace('@', '-') + "-" + target, this.subject, "itron", target, level,
				notBefore, notAfter, "r-1", List.of("approver"));
		assertThat(store.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
		return grant;
	}

	private HttpResponse<String> get(String path, String accept, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + path))
			.header(TestSignin.SUBJECT, this.subject)
			.header(TestSignin.ORGANISATION, "itron")
			.header("Accept", accept);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return get(path, "application/json");
	}

	private static void assertDenied(HttpResponse<String> response, String reason) {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":403").contains("\"code\":\"" + reason + "\"");
		assertThat(upstream.received()).isEmpty();
	}

	private AuditEntry lastDecision() {
		return audit.entries()
			.stream()
			.filter(entry -> entry.action().equals(DecisionEvents.DECISION) && entry.actor().equals(this.subject))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("no decision audited for " + this.subject));
	}

	@Test
	void requestWhenAllowedThenForwardedWithInjectedCredentialsAndWithoutVendorCookiesOrAuthorization() throws Exception {
		grant("head-end", "read");
		HttpResponse<String> response = get("/t/head-end/api/meters/42?from=2026-01-01", "application/json", "Authorization",
				"Bearer vendor-token", "Cookie", "KEYGATE_GATEWAY_SESSION=gateway-session; KEYGATE_AUTH_SESSION=a; KEYGATE_AUTH_XSRF=x; SESSION=upstream-own; upstream_session=abc",
				"X-Forwarded-For", "6.6.6.6", "X-Forwarded-Host", "evil.example", "Forwarded", "for=6.6.6.6");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ok:/api/meters/42?from=2026-01-01");
		RecordingUpstream.Received received = upstream.last();
		assertThat(received.uri()).isEqualTo("/api/meters/42?from=2026-01-01");
		assertThat(received.header("Authorization")).isEqualTo("Basic "
				+ Base64.getEncoder().encodeToString("svc-gateway:head-end-s3cret".getBytes(StandardCharsets.UTF_8)));
		assertThat(received.headers("Authorization")).hasSize(1);
		assertThat(received.header("Cookie")).isEqualTo("SESSION=upstream-own; upstream_session=abc");
		assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
		assertThat(received.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + gateway.port());
		assertThat(received.header("X-Forwarded-Prefix")).isEqualTo("/t/head-end");
		assertThat(received.header("Forwarded")).isNull();
	}

	@Test
	void requestWhenTargetUsesHeaderCredentialFromFileThenInjected() throws Exception {
		grant("mdm", "read");
		HttpResponse<String> response = get("/t/mdm/readings", "application/json", "X-Api-Key", "vendor-guess");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(upstream.last().headers("X-Api-Key")).containsExactly("mdm-api-key");
		assertThat(upstream.last().header("Authorization")).isNull();
	}

	@Test
	void requestWhenHopByHopHeadersSentThenUpstreamReceivesNone() throws Exception {
		grant("head-end", "read");
		String response = RawHttp.exchange(gateway.port(), "GET /t/head-end/status HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ TestSignin.SUBJECT + ": " + this.subject + "\r\n" + TestSignin.ORGANISATION + ": itron\r\n"
				+ "Connection: close, X-Secret-Hop\r\nX-Secret-Hop: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
				+ "Proxy-Authorization: Basic dmVuZG9yOnB3\r\nUpgrade: h2c\r\n\r\n");
		assertThat(RawHttp.status(response)).isEqualTo(200);
		RecordingUpstream.Received received = upstream.last();
		assertThat(received.header("X-Secret-Hop")).isNull();
		assertThat(received.header("Keep-Alive")).isNull();
		assertThat(received.header("TE")).isNull();
		assertThat(received.header("Proxy-Authorization")).isNull();
		assertThat(received.header("Upgrade")).isNull();
	}

	@Test
	void upstreamSetCookieWhenForwardedThenScopedToTargetPathWithoutDomain() throws Exception {
		grant("head-end", "read");
		HttpResponse<String> response = get("/t/head-end/login/set-cookie");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("Set-Cookie")).containsExactlyInAnyOrder(
				"upstream_session=abc; Path=/t/head-end/; HttpOnly", "pref=1; Path=/t/head-end/");
	}

	@Test
	void requestWhenContentLengthAndTransferEncodingBothSentThenBadRequestAndUpstreamGetsNothing() throws Exception {
		grant("head-end", "operate");
		String response = RawHttp.exchange(gateway.port(), "POST /t/head-end/api/commands/reboot HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ TestSignin.SUBJECT + ": " + this.subject + "\r\n" + TestSignin.ORGANISATION + ": itron\r\n"
				+ "Content-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n");
		assertThat(RawHttp.status(response)).isEqualTo(400);
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void requestWhenAllowedThenDecisionAndCompletionAudited() throws Exception {
		Grant grant = grant("head-end", "read");
		assertThat(get("/t/head-end/api/meters/7").statusCode()).isEqualTo(200);
		AuditEntry decision = lastDecision();
		assertThat(decision.outcome()).isEqualTo("allow");
		assertThat(decision.grantId()).isEqualTo(grant.id());
		assertThat(decision.targetId()).isEqualTo("head-end");
		assertThat(decision.organisation()).isEqualTo("itron");
		assertThat(decision.details()).containsEntry("method", "GET").containsEntry("path", "/api/meters/7");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(audit.entries())
			.anySatisfy(entry -> {
				assertThat(entry.action()).isEqualTo(DecisionEvents.COMPLETED);
				assertThat(entry.actor()).isEqualTo(this.subject);
				assertThat(entry.details()).containsEntry("status", "200")
					.containsEntry("bytes", String.valueOf("ok:/api/meters/7".length()))
					.containsKey("durationMicros");
			}));
	}

	@Test
	void requestWhenAuditCannotBeRecordedThenDeniedStoreUnavailableAndUpstreamGetsNothing() throws Exception {
		grant("head-end", "read");
		audit.failing(true);
		assertDenied(get("/t/head-end/api/meters/1"), "STORE_UNAVAILABLE");
	}

	@Test
	void requestWhenNoGrantThenDenyNoGrant() throws Exception {
		assertDenied(get("/t/head-end/api/meters/1"), "NO_GRANT");
		assertThat(lastDecision().reason()).isEqualTo("NO_GRANT");
	}

	@Test
	void requestWhenGrantNotStartedThenDenyNotYetValid() throws Exception {
		grant("head-end", "read", gatewayClock.instant().plusSeconds(600), gatewayClock.instant().plusSeconds(1200));
		assertDenied(get("/t/head-end/api/meters/1"), "NOT_YET_VALID");
	}

	@Test
	void requestWhenGrantPastNotAfterThoughStillStoredThenDenyExpired() throws Exception {
		MutableClock decisionClock = gatewayClock;
		// The store's clock stays behind: it still holds the grant; the decision checks notAfter itself.
		Instant notAfter = decisionClock.instant().plusSeconds(30);
		grant("head-end", "read", decisionClock.instant().minusSeconds(60), notAfter);
		decisionClock.advance(Duration.ofSeconds(31));
		try {
			assertDenied(get("/t/head-end/api/meters/1"), "EXPIRED");
		}
		finally {
			storeClock.advance(Duration.ofSeconds(31));
		}
	}

	@Test
	void requestWhenGrantRevokedThenDenyRevoked() throws Exception {
		Grant grant = grant("head-end", "read");
		store.revoke(grant.id(), "vendor laptop stolen");
		assertDenied(get("/t/head-end/api/meters/1"), "REVOKED");
		assertThat(lastDecision().grantId()).isEqualTo(grant.id());
	}

	@Test
	void postWhenLevelReadOnlyThenDenyMethodNotAllowed() throws Exception {
		grant("head-end", "read");
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/t/head-end/api/commands/x"))
			.header(TestSignin.SUBJECT, this.subject)
			.header(TestSignin.ORGANISATION, "itron")
			.header("Accept", "application/json")
			.header("Origin", gateway.url())
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertDenied(response, "METHOD_NOT_ALLOWED");
	}

	@Test
	void requestWhenPathOutsideLevelThenDenyPathNotAllowed() throws Exception {
		grant("head-end", "narrow");
		assertDenied(get("/t/head-end/admin/users"), "PATH_NOT_ALLOWED");
	}

	@Test
	void requestWhenGrantLevelNotOfferedThenDenyLevelUnknown() throws Exception {
		grant("head-end", "retired-level");
		assertDenied(get("/t/head-end/api/meters/1"), "LEVEL_UNKNOWN");
	}

	@Test
	void requestWhenOrganisationSuspendedThenDenyOrgSuspended() throws Exception {
		this.subject = "vendor" + people.incrementAndGet() + "@landis";
		Grant grant = new Grant("g-" + this.subject.replace('@', '-'), this.subject, "landis", "head-end", "read",
				gatewayClock.instant().minusSeconds(60), gatewayClock.instant().plusSeconds(600), "r-1", List.of("approver"));
		store.put(grant);
		store.suspend("landis", "breach at vendor");
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/t/head-end/x"))
				.header(TestSignin.SUBJECT, this.subject)
				.header(TestSignin.ORGANISATION, "landis")
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
			assertDenied(response, "ORG_SUSPENDED");
		}
		finally {
			store.resume("landis");
		}
	}

	@Test
	void requestWhenTargetUnknownThenDenyUnknownTarget() throws Exception {
		assertDenied(get("/t/no-such-target/x"), "UNKNOWN_TARGET");
		assertThat(lastDecision().reason()).isEqualTo("UNKNOWN_TARGET");
	}

	@Test
	void requestWhenTargetIsDecoyThenClientSeesUnknownTargetButAuditSaysDecoy() throws Exception {
		HttpResponse<String> response = get("/t/historian/login");
		assertDenied(response, "UNKNOWN_TARGET");
		assertThat(response.body()).doesNotContain("DECOY");
		AuditEntry decision = lastDecision();
		assertThat(decision.reason()).isEqualTo("DECOY");
		assertThat(decision.severity()).isEqualTo(io.keygate.policy.audit.Severity.CRITICAL);
	}

	@Test
	void requestWhenSignedInWithoutOrganisationThenDenyMalformedRequest() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/t/head-end/x"))
			.header(TestSignin.SUBJECT, this.subject)
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertDenied(response, "MALFORMED_REQUEST");
	}

	@Test
	void requestWhenDeniedFromBrowserThenHtmlPageWithReasonAndPortalLink() throws Exception {
		HttpResponse<String> response = get("/t/head-end/api/meters/1", "text/html,application/xhtml+xml,*/*;q=0.8");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("You have no access grant for this target.")
			.contains("href=\"http://portal.test/access/vendor?target=head-end\"")
			.contains("GET /api/meters/1");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void requestWhenPathAddressesNoTargetThenDenyUnknownTargetExactlyAsAnUnknownTarget() throws Exception {
		HttpResponse<String> elsewhere = get("/elsewhere/admin");
		HttpResponse<String> unknown = get("/t/no-such-target/admin");

		assertDenied(elsewhere, "UNKNOWN_TARGET");
		assertThat(elsewhere.body()).isEqualTo(unknown.body()).doesNotContain("timestamp").doesNotContain("requestId");
	}

	@Test
	void requestWhenPathAddressesNoTargetFromBrowserThenDenyPageNotSpringsErrorPage() throws Exception {
		HttpResponse<String> response = get("/elsewhere/admin", "text/html,application/xhtml+xml,*/*;q=0.8");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("There is no such target.")
			.contains("Reason: UNKNOWN_TARGET")
			.doesNotContain("Whitelabel")
			.doesNotContain("/elsewhere");
	}

	@Test
	void requestWhenNotSignedInThenRedirectedToSignIn() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/t/head-end/x"))
			.header("Accept", "text/html")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				location -> assertThat(location).endsWith("/oauth2/authorization/keygate"));
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void webSocketWhenAllowedThenProxiedAndClosedWith1008OnRevocation() throws Exception {
		Grant grant = grant("head-end", "operate");
		try (WebSocketProbe probe = WebSocketProbe.open(gateway.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.messages().contains("echo:hello"));
			store.revoke(grant.id(), "approver revoked");
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.closeStatus() != null);
			assertThat(probe.closeStatus().getCode()).isEqualTo(1008);
			assertThat(probe.closeStatus().getReason()).isEqualTo("Your access grant was revoked.");
		}
		upstream.clear();
		assertDenied(get("/t/head-end/ws"), "REVOKED");
		await().atMost(Duration.ofSeconds(10)).until(() -> upstream.openWebSockets() == 0);
	}

	@Test
	void webSocketWhenGrantReachesNotAfterThenClosedWith1008() throws Exception {
		grant("head-end", "operate", gatewayClock.instant().minusSeconds(60), gatewayClock.instant().plusSeconds(120));
		try (WebSocketProbe probe = WebSocketProbe.open(gateway.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.messages().contains("echo:hello"));
			gatewayClock.advance(Duration.ofSeconds(121));
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> probe.closeStatus() != null);
				assertThat(probe.closeStatus().getCode()).isEqualTo(1008);
				assertThat(probe.closeStatus().getReason()).isEqualTo("Your access grant has expired.");
			}
			finally {
				storeClock.advance(Duration.ofSeconds(121));
			}
		}
	}

	@Test
	void webSocketWhenNoGrantThenHandshakeDeniedAndUpstreamGetsNothing() throws Exception {
		try (WebSocketProbe probe = WebSocketProbe.open(gateway.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.error() != null);
			assertThat(probe.error()).hasMessageContaining("403");
		}
		assertThat(upstream.received()).isEmpty();
		assertThat(lastDecision().reason()).isEqualTo("NO_GRANT");
	}

	@Test
	void decisionWhenStoreLookedUpThenNeverOnAnEventLoopThread() throws Exception {
		grant("head-end", "read");
		int before = lookupThreads.lookups();
		for (int i = 0; i < 20; i++) {
			assertThat(get("/t/head-end/api/meters/" + i).statusCode()).isEqualTo(200);
		}
		assertThat(lookupThreads.lookups()).isGreaterThanOrEqualTo(before + 20);
		assertThat(lookupThreads.lookupsOnEventLoop()).isEmpty();
	}

	@Test
	void webSocketWhenOrganisationSuspendedThenClosedWith1008AndNextRequestDenied() throws Exception {
		this.subject = "vendor" + people.incrementAndGet() + "@siemens";
		store.put(new Grant("g-" + this.subject.replace('@', '-'), this.subject, "siemens", "head-end", "operate",
				gatewayClock.instant().minusSeconds(60), gatewayClock.instant().plusSeconds(600), "r-1", List.of("approver")));
		try (WebSocketProbe probe = WebSocketProbe.open(gateway.url(), "/t/head-end/ws", this.subject, "siemens")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.messages().contains("echo:hello"));
			store.suspend("siemens", "decoy touched");
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> probe.closeStatus() != null);
				assertThat(probe.closeStatus().getCode()).isEqualTo(1008);
				upstream.clear();
				HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/t/head-end/x"))
					.header(TestSignin.SUBJECT, this.subject)
					.header(TestSignin.ORGANISATION, "siemens")
					.header("Accept", "application/json")
					.build(), HttpResponse.BodyHandlers.ofString());
				assertDenied(next, "ORG_SUSPENDED");
			}
			finally {
				store.resume("siemens");
			}
		}
	}

	@Test
	void streamingResponseWhenGrantRevokedThenCutAndNextRequestDenied() throws Exception {
		Grant grant = grant("head-end", "read");
		HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/t/head-end/stream"))
			.header(TestSignin.SUBJECT, this.subject)
			.header(TestSignin.ORGANISATION, "itron")
			.build(), HttpResponse.BodyHandlers.ofInputStream());
		assertThat(stream.statusCode()).isEqualTo(200);
		try (java.io.InputStream body = stream.body()) {
			assertThat(body.read()).isNotEqualTo(-1);
			store.revoke(grant.id(), "approver revoked");
			// The stream never ends by itself: reaching its end (or an aborted connection) is the proof.
			java.util.concurrent.CompletableFuture<Boolean> ended = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
				try {
					while (body.read() != -1) {
						// drain
					}
				}
				catch (java.io.IOException ex) {
					// aborted mid-stream: ended as well
				}
				return true;
			});
			await().atMost(Duration.ofSeconds(10)).until(ended::isDone);
		}
		upstream.clear();
		assertDenied(get("/t/head-end/stream"), "REVOKED");
	}

}
