package io.keygate.infra.distributed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.keygate.testsupport.PostgresTestDatabase;
import io.keygate.testsupport.TestTrustStore;
import io.keygate.testsupport.VirtualKey;
import io.keygate.infra.simulator.ReceivedRequest;
import io.keygate.infra.simulator.RunningSimulator;
import io.keygate.infra.simulator.SimulatedSystem;
import io.keygate.testsupport.RedisTestServer;
import tools.jackson.databind.JsonNode;

import static io.keygate.infra.distributed.DistributedJourney.DEPLOY;
import static io.keygate.infra.distributed.DistributedJourney.MODULE;
import static io.keygate.infra.distributed.DistributedJourney.absolute;
import static io.keygate.infra.distributed.DistributedJourney.catalogue;
import static io.keygate.infra.distributed.DistributedJourney.execJar;
import static io.keygate.infra.distributed.DistributedJourney.freePort;
import static io.keygate.infra.distributed.DistributedJourney.randomHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The distributed deployment for real, without Docker: the auth server and two gateways, each its
 * own JVM started from the exec jars the reactor built, configured by
 * {@code deploy/config/auth-server-distributed.yml} and {@code gateway-distributed.yml} (only ports,
 * URLs, the catalogue's upstream and this run's Redis key prefix overridden), sharing a real Redis
 * and a fresh PostgreSQL database. The head-end simulator runs in this JVM.
 * <p>
 * The journey is the product's: the first admin enrolls from the link the auth server prints,
 * invites an approver and a vendor engineer, who enroll their own (emulated) hardware keys; the
 * engineer asks for {@code read} on the head-end, the approver approves with a key step-up; the
 * engineer signs in on both gateways through the OIDC round trip with the key, and opens the
 * event console through each. The approver revokes the grant through the auth server's API: both
 * WebSockets close with 1008, both gateways refuse the next request ({@code REVOKED}), and both
 * gateways' decisions reach the auth server's audit chain through the Redis Stream.
 */
class TwoGatewayProcessesIT {

	/** Three JVMs starting side by side on two cores, with other builds around: generous, never a timing assertion. */
	private static final Duration START = Duration.ofMinutes(4);

	private static final Duration SETTLE = DistributedJourney.SETTLE;

	private static final String GATEWAY_USER = "keygate-gw";

	private static final Path OUTPUT = MODULE.resolve("target/two-gateway-processes");

	@RegisterExtension
	static final ProcessGroup processes = new ProcessGroup();

	private static final List<EventConsoleSocket> sockets = new ArrayList<>();

	private static RedisTestServer redis;

	private static PostgresTestDatabase.Database database;

	private static String keyPrefix;

	private static RunningSimulator headEnd;

	private static ApplicationProcess auth;

	private static ApplicationProcess gatewayA;

	private static ApplicationProcess gatewayB;

	private static String authUrl;

	/** The product's journey steps (the first admin and an approver, enrolled once for every test). */
	private static DistributedJourney journey;

	private static String integrityKey;

	@BeforeAll
	static void startDistributedDeployment() throws Exception {
		Path authJar = execJar("auth-server", "keygate-auth-server");
		Path gatewayJar = execJar("gateway", "keygate-gateway");
		// As deployed: Redis refuses clients without the ACL user's password.
		redis = RedisTestServer.sharedWithPassword();
		integrityKey = randomHex(24);
		database = PostgresTestDatabase.fresh();
		String run = randomHex(4);
		// One prefix per run: earlier or parallel runs on the same Redis never see these grants or this stream.
		keyPrefix = "kg-it-" + run;
		String stream = keyPrefix + ":audit:gateway";
		String headEndPassword = randomHex(16);
		String clientSecret = randomHex(16);
		headEnd = RunningSimulator.start(SimulatedSystem.HEAD_END, 0, GATEWAY_USER, headEndPassword, null, Map.of());

		Path work = Files.createDirectories(OUTPUT.resolve(run));
		Path catalogue = catalogue(work, Map.of("head-end", headEnd.baseUri().toString()));
		int authPort = freePort();
		int portA = freePort();
		int portB = freePort();
		authUrl = "http://localhost:" + authPort;
		// The gateways on another host name than the auth server, as deployed (keygate.example.test and
		// gateway.keygate.example.test): the auth server's host-only cookies never go to a gateway.
		String urlA = "http://127.0.0.1:" + portA;
		String urlB = "http://127.0.0.1:" + portB;

		Map<String, String> authEnvironment = new LinkedHashMap<>();
		authEnvironment.put("KEYGATE_REDIS_URL", redis.url());
		authEnvironment.put("KEYGATE_INTEGRITY_KEY", integrityKey);
		authEnvironment.put("KEYGATE_GATEWAY_CLIENT_SECRET", clientSecret);
		authEnvironment.put("KEYGATE_OIDC_KEY_SECRET", "two-gateway-test-signing-key-secret");
		authEnvironment.put("KEYGATE_AUTH_DB_URL", database.jdbcUrl());
		authEnvironment.put("KEYGATE_AUTH_DB_USER", databaseUser());
		authEnvironment.put("KEYGATE_AUTH_DB_PASSWORD", database.password() == null ? "" : database.password());
		int authManagementPort = freePort();
		auth = processes.started(ApplicationProcess.start("auth-server", authJar, authUrl, "http://127.0.0.1:" + authManagementPort, List.of(
				"--management.server.port=" + authManagementPort,
				"--spring.profiles.active=postgres",
				"--spring.config.additional-location=file:" + DEPLOY.resolve("config/auth-server-distributed.yml"),
				"--server.port=" + authPort, "--server.address=127.0.0.1",
				"--keygate.data-dir=" + work.resolve("auth-data"),
				"--keygate.catalog=file:" + catalogue,
				"--keygate.grant-store.key-prefix=" + keyPrefix,
				"--keygate.audit-stream.stream=" + stream,
				"--keygate.audit-stream.consumer=auth-server-1",
				"--keygate.gateway.public-url=" + urlA,
				"--keygate.oidc.issuer=" + authUrl,
				"--keygate.oidc.gateway.redirect-uris=" + urlA + "/login/oauth2/code/keygate," + urlB + "/login/oauth2/code/keygate",
				"--keygate.webauthn.origins=" + authUrl,
				"--keygate.webauthn.trust.roots-directory=" + TestTrustStore.rootsDirectory(),
				// The live view: a stopped gateway shows as silent after two missed beats of 2 s.
				"--keygate.live.silent-after=PT5S"),
				authEnvironment, work.resolve("auth-server.log")));
		journey = new DistributedJourney(authUrl, auth, null);
		gatewayA = processes.started(gateway("gateway-a", gatewayJar, portA, catalogue, stream, headEndPassword, clientSecret, work));
		gatewayB = processes.started(gateway("gateway-b", gatewayJar, portB, catalogue, stream, headEndPassword, clientSecret, work));
		processes.awaitHealthy(START);
	}

	private static ApplicationProcess gateway(String name, Path jar, int port, Path catalogue, String stream,
			String headEndPassword, String clientSecret, Path work) throws IOException {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("KEYGATE_REDIS_URL", redis.url());
		environment.put("KEYGATE_INTEGRITY_KEY", integrityKey);
		environment.put("KEYGATE_HEAD_END_PASSWORD", headEndPassword);
		// The MDM is catalogued but not started here; its credential must still be set.
		environment.put("KEYGATE_MDM_PASSWORD", "not-started-in-this-test");
		environment.put("KEYGATE_GATEWAY_CLIENT_SECRET", clientSecret);
		environment.put("KEYGATE_ISSUER", authUrl);
		environment.put("KEYGATE_PORTAL_URL", authUrl);
		int managementPort = freePort();
		return ApplicationProcess.start(name, jar, "http://127.0.0.1:" + port, "http://127.0.0.1:" + managementPort, List.of(
				"--management.server.port=" + managementPort,
				"--spring.config.additional-location=file:" + DEPLOY.resolve("config/gateway-distributed.yml"),
				"--server.port=" + port, "--server.address=127.0.0.1",
				"--keygate.catalog=file:" + catalogue,
				"--keygate.grant-store.key-prefix=" + keyPrefix,
				"--keygate.audit-stream.stream=" + stream,
				"--keygate.gateway.live.instance-id=" + name,
				"--keygate.gateway.live.heartbeat-interval=PT2S"),
				environment, work.resolve(name + ".log"));
	}

	@AfterAll
	static void stopEverything() {
		sockets.forEach(EventConsoleSocket::close);
		processes.stopAll();
		if (headEnd != null) {
			headEnd.close();
		}
		if (redis != null && keyPrefix != null) {
			redis.deleteKeys("*" + keyPrefix + "*");
		}
	}

	/**
	 * Sessions that survive any replica (issue 18): one browser signs in through gateway A and is
	 * served by gateway B with the same cookie, as a Service in front of several gateway pods spreads
	 * one browser's requests. The session lives in Redis, not in A's memory.
	 */
	@Test
	void sessionWhenSignedInThroughOneGatewayProcessThenTheOtherServesTheSameBrowser() throws Exception {
		String vendor = "gil@itron.example";
		VirtualKey vendorKey = VirtualKey.packed().at(authUrl);
		HttpBrowser vendorPortal = new HttpBrowser(authUrl);
		journey.enroll(vendorPortal, vendorKey, journey.invite(journey.admin(), vendor, "Gil Engineer", "itron", "VENDOR_ENGINEER"));
		journey.approvedGrant(vendorPortal, "head-end", "CHG-4713");

		HttpBrowser browser = new HttpBrowser(authUrl);
		journey.signInThroughGateway(browser, vendorKey, gatewayA.baseUrl());
		// (One meter, not the list: another test here counts the list requests the head-end received.)
		HttpBrowser.Response onB = browser.getJson(gatewayB.baseUrl() + "/t/head-end/api/meters/MTR-00001");
		assertThat(onB.status()).as("the session made on A, used on B: %s", onB).isEqualTo(200);
		assertThat(onB.body()).contains("MTR-00001");
		HttpBrowser.Response backOnA = browser.getJson(gatewayA.baseUrl() + "/t/head-end/api/meters/MTR-00001");
		assertThat(backOnA.status()).as("and on A again: %s", backOnA).isEqualTo(200);
	}

	@Test
	void revokeThroughAuthServerWhenEngineerHasEventConsolesOnTwoGatewaysThenBothCloseWith1008AndBothDenyRevoked()
			throws Exception {
		HttpBrowser admin = journey.admin();
		HttpBrowser approver = journey.approver();
		String vendor = "erin@itron.example";
		VirtualKey vendorKey = VirtualKey.packed().at(authUrl);
		HttpBrowser vendorPortal = new HttpBrowser(authUrl);
		journey.enroll(vendorPortal, vendorKey, journey.invite(admin, vendor, "Erin Engineer", "itron", "VENDOR_ENGINEER"));

		// The engineer asks, the approver approves with a key step-up bound to the request.
		String grantId = journey.approvedGrant(vendorPortal, "head-end", "CHG-4711");

		// The engineer signs in on each gateway (its own browser each, so each gateway holds a session of its own).
		HttpBrowser onA = new HttpBrowser(authUrl);
		HttpBrowser onB = new HttpBrowser(authUrl);
		journey.signInThroughGateway(onA, vendorKey, gatewayA.baseUrl());
		journey.signInThroughGateway(onB, vendorKey, gatewayB.baseUrl());
		for (HttpBrowser.Response meters : List.of(onA.getJson(gatewayA.baseUrl() + "/t/head-end/api/meters"),
				onB.getJson(gatewayB.baseUrl() + "/t/head-end/api/meters"))) {
			assertThat(meters.status()).as("meters through a gateway: %s", meters).isEqualTo(200);
			assertThat(meters.body()).contains("MTR-00001");
		}
		// What reached the head-end came with the gateways' service credential, never the engineer's cookies.
		assertThat(headEnd.requestLog().matching(r -> r.path().equals("/api/meters")))
			.hasSize(2)
			.allSatisfy(r -> {
				assertThat(r.principal()).contains(GATEWAY_USER);
				assertThat(r.header("cookie")).isEmpty();
			});

		EventConsoleSocket consoleA = opened(EventConsoleSocket.open(onA, gatewayA.baseUrl()));
		EventConsoleSocket consoleB = opened(EventConsoleSocket.open(onB, gatewayB.baseUrl()));
		for (EventConsoleSocket console : List.of(consoleA, consoleB)) {
			await("live events through the gateway on " + console).atMost(SETTLE)
				.until(() -> console.messages().stream().anyMatch(m -> m.contains("CONNECTED")));
		}

		// The approver revokes the grant in the auth server; Redis carries it to both gateways.
		long revokedAt = System.nanoTime();
		HttpBrowser.Response revoked = approver.postJson("/api/v1/grants/" + grantId + "/revoke",
				Map.of("comment", "vendor laptop reported stolen"));
		assertThat(revoked.status()).as("revoke: %s", revoked).isEqualTo(200);
		assertThat(revoked.json().get("grantIds").toString()).contains(grantId);

		for (EventConsoleSocket console : List.of(consoleA, consoleB)) {
			await("the gateway closes " + console).atMost(SETTLE).until(() -> console.closed() != null);
			assertThat(console.closed().code()).as("close code of %s", console).isEqualTo(1008);
		}
		System.out.printf("TwoGatewayProcessesIT: revocation call to WebSocket close: gateway-a %d ms, gateway-b %d ms%n",
				Duration.ofNanos(consoleA.closed().atNanos() - revokedAt).toMillis(),
				Duration.ofNanos(consoleB.closed().atNanos() - revokedAt).toMillis());

		long reachedBefore = headEnd.requestLog().lastSequence();
		assertRefusedRevoked(onA, gatewayA.baseUrl() + "/t/head-end/api/meters/MTR-00001");
		assertRefusedRevoked(onB, gatewayB.baseUrl() + "/t/head-end/api/meters/MTR-00002");
		assertThat(headEnd.requestLog().since(reachedBefore)).as("nothing reaches the head-end after the revocation")
			.extracting(ReceivedRequest::path)
			.doesNotContain("/api/meters/MTR-00001", "/api/meters/MTR-00002");

		// Each gateway's refusal reaches the auth server's hash chain through the Redis Stream.
		await("both gateways' REVOKED decisions in the auth server's audit chain").atMost(SETTLE).untilAsserted(() -> {
			assertThat(revokedDecisions(vendor, "MTR-00001")).as("gateway-a's refusal").isEqualTo(1);
			assertThat(revokedDecisions(vendor, "MTR-00002")).as("gateway-b's refusal").isEqualTo(1);
		});
		HttpBrowser.Response auditPage = admin.page("/access/admin?action=access.decision");
		assertThat(auditPage.status()).as("audit page: %s", auditPage).isEqualTo(200);
		assertThat(auditPage.body()).contains("Intact:").contains("REVOKED").contains(vendor);
	}

	/**
	 * A security admin disables a vendor engineer who has the event console open through both
	 * gateways: in the same transaction as the status change every grant of theirs is revoked, so
	 * both WebSockets close with 1008, both gateways refuse the next request on the gateway session
	 * they still hold, and the auth server no longer issues them an authorization code.
	 */
	@Test
	void disableThroughAdminWhenEngineerHasEventConsolesOnTwoGatewaysThenBothCloseWith1008BothDenyAndAuthorizeRefused()
			throws Exception {
		String vendor = "dan@itron.example";
		VirtualKey vendorKey = VirtualKey.packed().at(authUrl);
		HttpBrowser vendorPortal = new HttpBrowser(authUrl);
		journey.enroll(vendorPortal, vendorKey, journey.invite(journey.admin(), vendor, "Dan Engineer", "itron", "VENDOR_ENGINEER"));
		String grantId = journey.approvedGrant(vendorPortal, "head-end", "CHG-4712");
		HttpBrowser onA = new HttpBrowser(authUrl);
		HttpBrowser onB = new HttpBrowser(authUrl);
		journey.signInThroughGateway(onA, vendorKey, gatewayA.baseUrl());
		journey.signInThroughGateway(onB, vendorKey, gatewayB.baseUrl());
		EventConsoleSocket consoleA = opened(EventConsoleSocket.open(onA, gatewayA.baseUrl()));
		EventConsoleSocket consoleB = opened(EventConsoleSocket.open(onB, gatewayB.baseUrl()));
		for (EventConsoleSocket console : List.of(consoleA, consoleB)) {
			await("live events through the gateway on " + console).atMost(SETTLE)
				.until(() -> console.messages().stream().anyMatch(m -> m.contains("CONNECTED")));
		}

		long disabledAt = System.nanoTime();
		HttpBrowser.Response disabled = journey.admin().postJson("/admin/users/" + vendor + "/disable", "{}");
		assertThat(disabled.status()).as("disable: %s", disabled).isEqualTo(200);
		assertThat(disabled.json().get("grantsEnded").toString()).contains(grantId);

		for (EventConsoleSocket console : List.of(consoleA, consoleB)) {
			await("the gateway closes " + console).atMost(SETTLE).until(() -> console.closed() != null);
			assertThat(console.closed().code()).as("close code of %s", console).isEqualTo(1008);
		}
		System.out.printf("TwoGatewayProcessesIT: disable call to WebSocket close: gateway-a %d ms, gateway-b %d ms%n",
				Duration.ofNanos(consoleA.closed().atNanos() - disabledAt).toMillis(),
				Duration.ofNanos(consoleB.closed().atNanos() - disabledAt).toMillis());

		long reachedBefore = headEnd.requestLog().lastSequence();
		assertRefusedRevoked(onA, gatewayA.baseUrl() + "/t/head-end/api/meters/MTR-00003");
		assertRefusedRevoked(onB, gatewayB.baseUrl() + "/t/head-end/api/meters/MTR-00004");
		assertThat(headEnd.requestLog().since(reachedBefore)).as("nothing reaches the head-end after the disable")
			.extracting(ReceivedRequest::path)
			.doesNotContain("/api/meters/MTR-00003", "/api/meters/MTR-00004");

		// The auth-server session the engineer still holds gets no code for a gateway.
		HttpBrowser.Response authorize = onA.page(authUrl + "/oauth2/authorize?response_type=code&client_id=keygate-gateway"
				+ "&scope=openid&state=s1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
				+ "&redirect_uri=" + java.net.URLEncoder.encode(gatewayA.baseUrl() + "/login/oauth2/code/keygate",
						StandardCharsets.UTF_8));
		assertThat(authorize.status()).as("authorize after the disable: %s", authorize).isEqualTo(302);
		assertThat(authorize.location()).as("no code, the refusal page").endsWith("/session/ended").doesNotContain("code=");
		HttpBrowser.Response refusal = onA.page(absolute(authUrl, authorize.location()));
		assertThat(refusal.status()).as("the refusal page: %s", refusal).isEqualTo(401);
	}

	/**
	 * The live view across gateway processes (issue 16): the engineer's sessions on both gateways are
	 * listed with their gateway; Terminate closes the one on gateway-a (WebSocket 1008, next request
	 * {@code SESSION_TERMINATED}, then a new sign-in is needed) while gateway-b's stays open and the
	 * grant stands; the engineer sees only their own sessions; a stopped gateway shows as silent.
	 */
	@Test
	void liveViewWhenEngineerOnTwoGatewaysThenBothListedAndTerminateClosesOnlyGatewayAsSession() throws Exception {
		String vendor = "fay@itron.example";
		VirtualKey vendorKey = VirtualKey.packed().at(authUrl);
		HttpBrowser vendorPortal = new HttpBrowser(authUrl);
		journey.enroll(vendorPortal, vendorKey, journey.invite(journey.admin(), vendor, "Fay Engineer", "itron", "VENDOR_ENGINEER"));
		String grantId = journey.approvedGrant(vendorPortal, "head-end", "CHG-4712");
		HttpBrowser onA = new HttpBrowser(authUrl);
		HttpBrowser onB = new HttpBrowser(authUrl);
		journey.signInThroughGateway(onA, vendorKey, gatewayA.baseUrl());
		journey.signInThroughGateway(onB, vendorKey, gatewayB.baseUrl());
		EventConsoleSocket consoleA = opened(EventConsoleSocket.open(onA, gatewayA.baseUrl()));
		EventConsoleSocket consoleB = opened(EventConsoleSocket.open(onB, gatewayB.baseUrl()));
		for (EventConsoleSocket console : List.of(consoleA, consoleB)) {
			await("live events through the gateway on " + console).atMost(SETTLE)
				.until(() -> console.messages().stream().anyMatch(m -> m.contains("CONNECTED")));
		}

		await("both gateways' sessions in the live view").atMost(SETTLE).untilAsserted(() -> {
			List<JsonNode> live = liveSessions(journey.approver().getJson("/api/v1/live"), grantId);
			assertThat(live).extracting(s -> s.get("gateway").asString()).containsExactlyInAnyOrder("gateway-a", "gateway-b");
			assertThat(live).allSatisfy(s -> {
				assertThat(s.get("subject").asString()).isEqualTo(vendor);
				assertThat(s.get("openWebSockets").asInt()).isEqualTo(1);
				assertThat(s.get("gatewaySilent").asBoolean()).isFalse();
			});
		});
		JsonNode onGatewayA = liveSessions(journey.approver().getJson("/api/v1/live"), grantId).stream()
			.filter(s -> s.get("gateway").asString().equals("gateway-a"))
			.findFirst()
			.orElseThrow();
		HttpBrowser.Response vendorAsksAll = vendorPortal.getJson("/api/v1/live");
		assertThat(vendorAsksAll.status()).as("a vendor asks for everyone's sessions: %s", vendorAsksAll).isEqualTo(403);

		long terminatedAt = System.nanoTime();
		HttpBrowser.Response terminated = journey.approver().postJson("/api/v1/live/sessions/gateway-a/"
				+ onGatewayA.get("id").asString() + "/terminate", "{}");
		assertThat(terminated.status()).as("terminate: %s", terminated).isEqualTo(200);

		await("gateway-a closes its console").atMost(SETTLE).until(() -> consoleA.closed() != null);
		assertThat(consoleA.closed().code()).isEqualTo(1008);
		System.out.printf("TwoGatewayProcessesIT: terminate call to WebSocket close on gateway-a: %d ms%n",
				Duration.ofNanos(consoleA.closed().atNanos() - terminatedAt).toMillis());
		HttpBrowser.Response refused = onA.getJson(gatewayA.baseUrl() + "/t/head-end/api/meters/MTR-00005");
		assertThat(refused.status()).as("after terminate: %s", refused).isEqualTo(403);
		assertThat(refused.json().get("code").asString()).isEqualTo("SESSION_TERMINATED");
		// The gateway session ended with it: the next request goes to sign-in again.
		assertThat(onA.page(gatewayA.baseUrl() + "/t/head-end/api/system").status()).isEqualTo(302);
		// gateway-b's session, and the grant, stand.
		assertThat(consoleB.closed()).isNull();
		assertThat(onB.getJson(gatewayB.baseUrl() + "/t/head-end/api/meters/MTR-00006").status()).isEqualTo(200);
		await("gateway-a's session leaves the live view").atMost(SETTLE).untilAsserted(() ->
				assertThat(liveSessions(journey.approver().getJson("/api/v1/live"), grantId)).extracting(s -> s.get("gateway").asString())
					.containsExactly("gateway-b"));
		HttpBrowser.Response mine = vendorPortal.getJson("/api/v1/live/mine");
		assertThat(mine.status()).as("the vendor's own sessions: %s", mine).isEqualTo(200);
		mine.json().get("sessions").forEach(s -> assertThat(s.get("subject").asString()).isEqualTo(vendor));
		assertThat(liveSessions(mine, grantId)).extracting(s -> s.get("gateway").asString()).containsExactly("gateway-b");
	}

	@Test
	void liveViewWhenGatewayProcessStoppedThenShownAsNotHeartbeating() throws Exception {
		Path work = Files.createDirectories(OUTPUT.resolve(keyPrefix + "-c"));
		ApplicationProcess gatewayC = processes.started(gateway("gateway-c", execJar("gateway", "keygate-gateway"), freePort(),
				catalogue(work, Map.of("head-end", headEnd.baseUri().toString())), keyPrefix + ":audit:gateway", "unused", "unused", work));
		gatewayC.awaitHealthy(START);
		await("gateway-c heartbeats").atMost(SETTLE).until(() -> gatewayState("gateway-c").equals("live"));
		gatewayC.stop();
		gatewayC.close();
		await("gateway-c shown as not heartbeating").atMost(SETTLE).until(() -> gatewayState("gateway-c").equals("silent"));
		assertThat(gatewayState("gateway-a")).isEqualTo("live");
		assertThat(gatewayState("gateway-b")).isEqualTo("live");
	}

	private static String gatewayState(String id) {
		HttpBrowser.Response live = journey.approver().getJson("/api/v1/live");
		assertThat(live.status()).as("live view: %s", live).isEqualTo(200);
		for (JsonNode gateway : live.json().get("gateways")) {
			if (gateway.get("id").asString().equals(id)) {
				return gateway.get("silent").asBoolean() ? "silent" : "live";
			}
		}
		return "absent";
	}

	private static List<JsonNode> liveSessions(HttpBrowser.Response view, String grantId) {
		assertThat(view.status()).as("live view: %s", view).isEqualTo(200);
		List<JsonNode> sessions = new ArrayList<>();
		view.json().get("sessions").forEach(s -> {
			if (s.get("grantId").asString().equals(grantId)) {
				sessions.add(s);
			}
		});
		return sessions;
	}

	/**
	 * A security admin declares a breach of a vendor whose engineer has the event console open
	 * through both gateways (issue 15): one key-confirmed action suspends the vendor, both WebSockets
	 * close with 1008, each gateway process writes its receipt to Redis, and the declaration's result
	 * shows both receipts, the grant ended and the engineer's key (first used inside the window, from a
	 * network the vendor never used before) quarantined.
	 */
	@Test
	void declareBreachWhenEngineerHasEventConsolesOnTwoGatewaysThenBothCloseAndBothGatewayReceiptsShown() throws Exception {
		String vendor = "lou@landis.example";
		VirtualKey vendorKey = VirtualKey.packed().at(authUrl);
		HttpBrowser vendorPortal = new HttpBrowser(authUrl);
		journey.enroll(vendorPortal, vendorKey, journey.invite(journey.admin(), vendor, "Lou Engineer", "landis", "VENDOR_ENGINEER"));
		String grantId = journey.approvedGrant(vendorPortal, "head-end", "CHG-4712");
		HttpBrowser onA = new HttpBrowser(authUrl);
		HttpBrowser onB = new HttpBrowser(authUrl);
		journey.signInThroughGateway(onA, vendorKey, gatewayA.baseUrl());
		journey.signInThroughGateway(onB, vendorKey, gatewayB.baseUrl());
		EventConsoleSocket consoleA = opened(EventConsoleSocket.open(onA, gatewayA.baseUrl()));
		EventConsoleSocket consoleB = opened(EventConsoleSocket.open(onB, gatewayB.baseUrl()));
		for (EventConsoleSocket console : List.of(consoleA, consoleB)) {
			await("live events through the gateway on " + console).atMost(SETTLE)
				.until(() -> console.messages().stream().anyMatch(m -> m.contains("CONNECTED")));
		}

		java.time.Instant now = java.time.Instant.now();
		HttpBrowser.Response drafted = journey.admin().postJson("/admin/breach/declarations",
				Map.of("organisation", "landis", "from", now.minus(Duration.ofHours(1)).toString(), "to",
						now.plus(Duration.ofHours(1)).toString(), "reference", "LANDIS-ADV-2026-11"));
		assertThat(drafted.status()).as("draft: %s", drafted).isEqualTo(201);
		String id = drafted.json().get("id").asString();
		HttpBrowser.Response challenge = journey.admin().postJson("/admin/breach/declarations/" + id + "/step-up", "{}");
		assertThat(challenge.status()).as("step-up: %s", challenge).isEqualTo(200);
		long declaredAt = System.nanoTime();
		HttpBrowser.Response declared = journey.admin().postJson("/admin/breach/declarations/" + id + "/confirmation",
				"{\"challengeId\":\"" + challenge.json().get("challengeId").asString() + "\",\"credential\":"
						+ journey.adminKey().get(challenge.json().get("publicKey")) + "}");
		assertThat(declared.status()).as("declaration: %s", declared).isEqualTo(200);
		assertThat(declared.json().get("grantsEnded").asInt()).isEqualTo(1);
		assertThat(declared.json().get("keysQuarantined").asInt()).isEqualTo(1);
		assertThat(declared.json().get("quarantinedPeople").toString()).contains(vendor);

		for (EventConsoleSocket console : List.of(consoleA, consoleB)) {
			await("the gateway closes " + console).atMost(SETTLE).until(() -> console.closed() != null);
			assertThat(console.closed().code()).as("close code of %s", console).isEqualTo(1008);
		}
		System.out.printf("TwoGatewayProcessesIT: breach declaration to WebSocket close: gateway-a %d ms, gateway-b %d ms%n",
				Duration.ofNanos(consoleA.closed().atNanos() - declaredAt).toMillis(),
				Duration.ofNanos(consoleB.closed().atNanos() - declaredAt).toMillis());
		await("both gateway processes' receipts").atMost(SETTLE).untilAsserted(() -> {
			JsonNode receipts = journey.admin().getJson("/admin/breach/declarations/" + id).json().get("receipts");
			// Both running gateways (ids from their heartbeat) have answered. A gateway another test
			// stopped (gateway-c) still owes one and is shown MISSING: that is the point of receipts.
			List<JsonNode> running = new java.util.ArrayList<>();
			receipts.forEach(receipt -> {
				if (List.of("gateway-a", "gateway-b").contains(receipt.get("gatewayInstance").asString())) {
					running.add(receipt);
				}
			});
			assertThat(running).as("receipts: %s", receipts).hasSize(2);
			for (JsonNode receipt : running) {
				assertThat(receipt.get("state").asString()).isEqualTo("RECEIVED");
				assertThat(receipt.get("sessionsClosed").asInt()).as("receipt %s", receipt).isEqualTo(1);
			}
		});
		HttpBrowser.Response result = journey.admin().page("/access/admin/breach/" + id);
		assertThat(result.status()).as("result page: %s", result).isEqualTo(200);
		assertThat(result.body()).contains("data-receipt=\"RECEIVED\"").contains("1 live grant(s) ended");
		for (String url : List.of(gatewayA.baseUrl() + "/t/head-end/api/meters/MTR-00005",
				gatewayB.baseUrl() + "/t/head-end/api/meters/MTR-00006")) {
			HttpBrowser.Response refused = (url.startsWith(gatewayA.baseUrl()) ? onA : onB).getJson(url);
			assertThat(refused.status()).as("after the declaration: %s", refused).isEqualTo(403);
			assertThat(refused.json().get("code").asString()).as("code: %s", refused).isIn("ORG_SUSPENDED", "REVOKED");
		}
		assertThat(grantId).isNotBlank();
	}

	private static EventConsoleSocket opened(EventConsoleSocket socket) {
		sockets.add(socket);
		return socket;
	}

	private static void assertRefusedRevoked(HttpBrowser browser, String url) {
		await("the revoked grant refused at " + url).atMost(SETTLE).untilAsserted(() -> {
			HttpBrowser.Response refused = browser.getJson(url);
			assertThat(refused.status()).as("after revocation: %s", refused).isEqualTo(403);
			assertThat(refused.json().get("code").asString()).as("code: %s", refused).isEqualTo("REVOKED");
		});
	}

	/** The gateways' {@code deny REVOKED} decisions on paths containing {@code pathPart}, read from the chain's table. */
	private static int revokedDecisions(String subject, String pathPart) throws SQLException {
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
				PreparedStatement query = connection.prepareStatement("select count(*) from audit_events where action = ?"
						+ " and actor = ? and outcome = 'deny' and reason = 'REVOKED' and details like ?")) {
			query.setString(1, "access.decision");
			query.setString(2, subject);
			query.setString(3, "%" + pathPart + "%");
			try (ResultSet result = query.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	// ---- set-up helpers ----

	/** The user for the auth server's datasource: the test database's, else the one in its URL. */
	private static String databaseUser() {
		if (database.username() != null) {
			return database.username();
		}
		Matcher user = Pattern.compile("[?&]user=([^&]+)").matcher(database.jdbcUrl());
		return user.find() ? user.group(1) : "postgres";
	}

}
