package io.keygate.gateway.decoy;

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
import io.keygate.gateway.testsupport.RecordingAuditLog;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.gateway.testsupport.WebSocketProbe;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.decoy.HoneytokenFormat;
import io.keygate.policy.decoy.InMemoryHoneytokenRegistry;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.testsupport.EmbeddedParent;

/**
 * The tripwire in the embedded gateway: decoy touches and honeytokens presented, signed in or not,
 * with the real decision, store, audit log and upstream; only the sign-in is stood in for.
 */
class DecoyTripwireTest {

	private static final AtomicInteger people = new AtomicInteger();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RecordingUpstream upstream;

	private static GrantStore store;

	private static RecordingAuditLog audit;

	private static InMemoryHoneytokenRegistry honeytokens;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	private static TestGateway unsigned;

	private static String token;

	private String subject;

	@BeforeAll
	static void start() {
		upstream = new RecordingUpstream();
		store = new InMemoryGrantStore(java.time.Clock.systemUTC());
		audit = new RecordingAuditLog();
		honeytokens = new InMemoryHoneytokenRegistry();
		token = HoneytokenFormat.generate();
		honeytokens.plant("ht-console", HoneytokenFormat.hash(token));
		parent = EmbeddedParent.with("grantStore", store)
			.and("gatewayAuditLog", (AuditLog) audit)
			.and("honeytokenRegistry", honeytokens)
			.start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of()));
		unsigned = TestGateway.start(parent, TestGateway.properties(upstream, Map.of()), false);
	}

	@AfterAll
	static void stop() {
		unsigned.close();
		gateway.close();
		parent.close();
		upstream.close();
	}

	@BeforeEach
	void freshPerson() {
		this.subject = "vendor" + people.incrementAndGet() + "@itron";
		upstream.clear();
	}

	private Grant grant(String target) {
		Instant now = Instant.now();
		Grant grant = new Grant("g-" + this.subject.replace('@', '-') + "-" + target, this.subject, "itron", target, "operate",
				now.minusSeconds(60), now.plusSeconds(3600), "r-1", List.of("approver"));
		assertThat(store.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
		return grant;
	}

	private HttpResponse<String> signedIn(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + path))
			.header(TestSignin.SUBJECT, this.subject)
			.header(TestSignin.ORGANISATION, "itron")
			.header("Accept", "application/json");
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> anonymous(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(unsigned.url() + path)).header("Accept", "text/html");
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private static AuditEntry lastTrip(String reason) {
		return audit.entries()
			.stream()
			.filter(entry -> entry.action().equals(DecisionEvents.DECISION) && entry.reason().equals(reason))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("no " + reason + " decision audited"));
	}

	private static void assertLooksLikeUnknownTarget(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"code\":\"UNKNOWN_TARGET\"").doesNotContain("DECOY").doesNotContain("HONEYTOKEN");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void decoyWhenSignedInThenAnswerOfUnknownTargetCriticalAuditAndGrantsRevokedAtOnce() throws Exception {
		Grant grant = grant("head-end");
		HttpResponse<String> unknown = signedIn("/t/no-such-target/x");

		HttpResponse<String> response = signedIn("/t/historian/login");

		assertLooksLikeUnknownTarget(response);
		assertThat(response.body()).isEqualTo(unknown.body());
		AuditEntry trip = lastTrip("DECOY");
		assertThat(trip.actor()).isEqualTo(this.subject);
		assertThat(trip.organisation()).isEqualTo("itron");
		assertThat(trip.targetId()).isEqualTo("historian");
		assertThat(trip.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(trip.details()).containsEntry("threat.technique.id", "T1021").containsKey("alert.explanation");
		await().atMost(Duration.ofSeconds(2))
			.until(() -> store.lookup(this.subject, "itron", "head-end") instanceof GrantLookup.Revoked);
		assertThat(store.liveGrants()).noneMatch(g -> g.id().equals(grant.id()));
	}

	@Test
	void decoyWhenSignedInThenLiveWebSocketClosedAndLaterRequestsRefusedHere() throws Exception {
		grant("head-end");
		try (WebSocketProbe probe = WebSocketProbe.open(gateway.url(), "/t/head-end/ws", this.subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.messages().contains("echo:hello"));

			signedIn("/t/historian/");

			await().atMost(Duration.ofSeconds(2)).until(() -> probe.closeStatus() != null);
			assertThat(probe.closeStatus().getCode()).isEqualTo(1008);
		}
		// A fresh grant (as if written a moment before the auth server's cut-off) is refused here all the same.
		store.put(new Grant("g-again-" + this.subject.replace('@', '-'), this.subject, "itron", "head-end", "operate",
				Instant.now().minusSeconds(1), Instant.now().plusSeconds(600), "r-2", List.of("approver")));
		upstream.clear();
		HttpResponse<String> next = signedIn("/t/head-end/api/meters");
		assertThat(next.statusCode()).isEqualTo(403);
		assertThat(next.body()).contains("\"code\":\"REVOKED\"");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void decoyWhenNotSignedInThenSameAnswerAsUnknownTargetAndAuditedWithoutActor() throws Exception {
		HttpResponse<String> unknown = anonymous("/t/no-such-target/x");
		int before = audit.entries().size();

		HttpResponse<String> decoy = anonymous("/t/historian/x");

		assertThat(decoy.statusCode()).isEqualTo(unknown.statusCode());
		assertThat(decoy.headers().firstValue("Location")).isEqualTo(unknown.headers().firstValue("Location"));
		assertThat(audit.entries().subList(before, audit.entries().size())).anySatisfy(entry -> {
			assertThat(entry.reason()).isEqualTo("DECOY");
			assertThat(entry.actor()).isEmpty();
			assertThat(entry.severity()).isEqualTo(Severity.CRITICAL);
			assertThat(entry.details()).containsKey("alert.explanation");
		});
	}

	@Test
	void honeytokenWhenBearerOnRealTargetThenRefusedAsUnknownAuditedWithTokenIdAndGrantRevoked() throws Exception {
		grant("head-end");

		HttpResponse<String> response = signedIn("/t/head-end/api/meters", "Authorization", "Bearer " + token);

		assertLooksLikeUnknownTarget(response);
		AuditEntry trip = lastTrip("HONEYTOKEN");
		assertThat(trip.actor()).isEqualTo(this.subject);
		assertThat(trip.details()).containsEntry("honeytoken.id", "ht-console").containsKey("alert.explanation");
		assertThat(trip.details().values()).noneMatch(value -> value.contains(token));
		await().atMost(Duration.ofSeconds(2))
			.until(() -> store.lookup(this.subject, "itron", "head-end") instanceof GrantLookup.Revoked);
	}

	@Test
	void honeytokenWhenBasicPasswordOrApiKeyHeaderThenTrips() throws Exception {
		grant("head-end");
		String basic = "Basic " + Base64.getEncoder().encodeToString(("svc-headend:" + token).getBytes(StandardCharsets.UTF_8));

		assertLooksLikeUnknownTarget(signedIn("/t/head-end/api/meters", "Authorization", basic));
		this.subject = "vendor" + people.incrementAndGet() + "@itron";
		grant("head-end");
		assertLooksLikeUnknownTarget(signedIn("/t/head-end/api/meters", "X-Api-Key", token));
		assertThat(lastTrip("HONEYTOKEN").actor()).isEqualTo(this.subject);
	}

	@Test
	void honeytokenWhenInQueryAndNotSignedInThenAuditedAndAnsweredAsAnyOtherRequest() throws Exception {
		HttpResponse<String> ordinary = anonymous("/t/head-end/api/meters?api_key=nothing");

		HttpResponse<String> baited = anonymous("/t/head-end/api/meters?api_key=" + token);

		assertThat(baited.statusCode()).isEqualTo(ordinary.statusCode());
		AuditEntry trip = lastTrip("HONEYTOKEN");
		assertThat(trip.actor()).isEmpty();
		assertThat(trip.details()).containsEntry("honeytoken.id", "ht-console");
	}

	@Test
	void honeytokenWhenRevokedOrNeverPlantedThenOrdinaryRequestForwarded() throws Exception {
		grant("head-end");
		String other = HoneytokenFormat.generate();
		InMemoryHoneytokenRegistry registry = honeytokens;
		registry.plant("ht-revoked", HoneytokenFormat.hash(other));
		registry.remove(HoneytokenFormat.hash(other));

		HttpResponse<String> response = signedIn("/t/head-end/api/meters", "X-Api-Key", other);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(upstream.received()).hasSize(1);
	}

}
