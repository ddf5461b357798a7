package io.keygate.infra.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.keygate.infra.simulator.ReceivedRequest;
import io.keygate.infra.simulator.RunningSimulator;
import io.keygate.infra.simulator.SimulatedSystem;
import io.keygate.testsupport.TestTrustStore;
import io.keygate.testsupport.TlsPostgresServer;
import io.keygate.testsupport.TlsRedisServer;
import io.keygate.testsupport.VirtualKey;

import static io.keygate.infra.distributed.DistributedJourney.DEPLOY;
import static io.keygate.infra.distributed.DistributedJourney.MODULE;
import static io.keygate.infra.distributed.DistributedJourney.SETTLE;
import static io.keygate.infra.distributed.DistributedJourney.catalogue;
import static io.keygate.infra.distributed.DistributedJourney.execJar;
import static io.keygate.infra.distributed.DistributedJourney.freePort;
import static io.keygate.infra.distributed.DistributedJourney.randomHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The distributed deployment with TLS on every hop this machine can create, each application its
 * own JVM from the exec jars, configured as Compose configures it: {@code deploy/config/*-distributed.yml}
 * with {@code auth-server-tls.yml} / {@code gateway-tls.yml} layered over them (as deployed, only
 * {@code /etc/keygate/tls/} moved to this run's folder), the certificates made by the project's own
 * {@code deploy/tls/make-local-ca.sh}, and the environment {@code compose.yaml} sets.
 * <ul>
 * <li>browser → auth server and gateway, and their management ports: HTTPS (the SSL bundle
 * {@code keygate-server}); the test's browsers trust only the local CA and verify host names;</li>
 * <li>gateway → auth server (OIDC discovery, keys, token) and auth server → gateway (back-channel
 * logout): HTTPS, the CA in each JVM's trust store (Compose's {@code ca-certificates} binding does the same);</li>
 * <li>both → Redis: {@code rediss://} with {@code keygate.grant-store.redis-ca}, a {@code redis-server}
 * with no plain port ({@code --port 0 --tls-port}) and the deployment's ACL users (one per application,
 * the default user off), so grants, revocations (pub/sub), the audit stream and the live view all cross TLS;</li>
 * <li>auth server → PostgreSQL: compose.yaml's {@code sslmode=verify-full&sslrootcert=...} against a
 * private cluster ({@code initdb}/{@code postgres} from {@code /usr/lib/postgresql/<v>/bin}, as the
 * {@code postgres} OS user when the test runs as root) with {@code ssl=on} and {@code hostssl} lines
 * only; the machine's own PostgreSQL service, which has no TLS, is not touched;</li>
 * <li>gateway → targets: the head-end and MDM simulators over HTTPS, verified against
 * {@code keygate.gateway.upstream-tls.targets.<t>.ca}; the MDM's certificate is from another CA
 * (the same script, run again), which the gateway must refuse with a 502 and forward nothing.</li>
 * </ul>
 * Nothing here is plain text, and the plain-text attempts at each server are refused.
 */
class TlsEveryHopIT {

	/** Two JVMs starting side by side on two cores, with other builds around: generous, never a timing assertion. */
	private static final Duration START = Duration.ofMinutes(4);

	private static final String GATEWAY_USER = "keygate-gw";

	private static final Path OUTPUT = MODULE.resolve("target/tls-every-hop");

	/** Redis's users as the deployment documents them (infra/README.md, redis-users.acl); passwords per run. */
	private static final String REDIS_USERS = """
			user default off
			user keygate-auth on >%s ~{keygate}:* ~keygate:audit:* &{keygate}:revocations &{keygate}:live:* +@all -@dangerous
			user keygate-gateway on >%s %%R~{keygate}:* ~{keygate}:live:* ~{keygate}:session:* ~keygate:audit:* &{keygate}:revocations &{keygate}:live:* &{keygate}:session:* +@all -@dangerous
			""";

	@RegisterExtension
	static final ProcessGroup processes = new ProcessGroup();

	private static final List<EventConsoleSocket> sockets = new ArrayList<>();

	private static LocalCa ca;

	private static TlsRedisServer redis;

	private static TlsPostgresServer postgres;

	private static String databaseUrl;

	private static final Properties databaseLogin = new Properties();

	private static RunningSimulator headEnd;

	private static RunningSimulator mdm;

	private static ApplicationProcess auth;

	private static ApplicationProcess gateway;

	private static DistributedJourney journey;

	@BeforeAll
	static void startDistributedDeploymentWithTls() throws Exception {
		Path authJar = execJar("auth-server", "keygate-auth-server");
		Path gatewayJar = execJar("gateway", "keygate-gateway");
		Path work = Files.createDirectories(OUTPUT.resolve(randomHex(4)));
		ca = LocalCa.make(work.resolve("tls"));
		// Another installation's CA: a certificate from it must not pass for one of ours.
		LocalCa otherCa = LocalCa.make(work.resolve("tls-other"));

		String authRedisPassword = randomHex(16);
		String gatewayRedisPassword = randomHex(16);
		Path users = Files.createDirectories(work.resolve("redis")).resolve("redis-users.acl");
		Files.writeString(users, REDIS_USERS.formatted(authRedisPassword, gatewayRedisPassword), StandardCharsets.UTF_8);
		redis = TlsRedisServer.startWithAclFile(ca.caFile(), ca.certificate("redis"), ca.key("redis"), work.resolve("redis"), users);

		String databasePassword = randomHex(16);
		postgres = TlsPostgresServer.start(ca.certificate("postgres"), ca.key("postgres"), work.resolve("postgres"), "keygate",
				databasePassword);
		databaseLogin.setProperty("user", "keygate");
		databaseLogin.setProperty("password", databasePassword);
		// compose.yaml's own parameters, with its CA path moved here.
		String parameters = composeDatabaseParameters().replace(LocalCa.MOUNT + "ca.crt", ca.caFile().toString());
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("localhost", "postgres", parameters), databaseLogin);
				Statement statement = connection.createStatement()) {
			statement.execute("create database keygate");
		}
		databaseUrl = postgres.jdbcUrl("localhost", "keygate", parameters);

		String headEndPassword = randomHex(16);
		String mdmPassword = randomHex(16);
		headEnd = RunningSimulator.start(SimulatedSystem.HEAD_END, 0, GATEWAY_USER, headEndPassword, null,
				httpsWith(ca, "head-end", work));
		mdm = RunningSimulator.start(SimulatedSystem.MDM, 0, GATEWAY_USER, mdmPassword, null, httpsWith(otherCa, "mdm", work));
		Path catalogue = catalogue(work, Map.of("head-end", "https://localhost:" + headEnd.port(), "mdm",
				"https://localhost:" + mdm.port()));

		int authPort = freePort();
		int authManagementPort = freePort();
		int gatewayPort = freePort();
		int gatewayManagementPort = freePort();
		// As in the other multi-process test, the gateway on another host name than the auth server.
		String authUrl = "https://localhost:" + authPort;
		String gatewayUrl = "https://127.0.0.1:" + gatewayPort;
		String clientSecret = randomHex(16);
		String integrityKey = randomHex(24);

		Path authTls = ca.mount("auth-server", work.resolve("auth-server-tls"));
		Map<String, String> authEnvironment = new LinkedHashMap<>();
		authEnvironment.put("KEYGATE_REDIS_URL", redis.url("localhost", "keygate-auth", authRedisPassword));
		authEnvironment.put("KEYGATE_INTEGRITY_KEY", integrityKey);
		authEnvironment.put("KEYGATE_GATEWAY_CLIENT_SECRET", clientSecret);
		authEnvironment.put("KEYGATE_OIDC_KEY_SECRET", "tls-every-hop-test-signing-key-secret");
		authEnvironment.put("KEYGATE_AUTH_DB_URL", databaseUrl);
		authEnvironment.put("KEYGATE_AUTH_DB_USER", "keygate");
		authEnvironment.put("KEYGATE_AUTH_DB_PASSWORD", databasePassword);
		authEnvironment.put("KEYGATE_COOKIE_SECURE", "true");
		// Portal sign-out reaches the gateway with a signed logout token, over HTTPS (the auth server's JVM trusts the CA).
		authEnvironment.put("KEYGATE_GATEWAY_BACK_CHANNEL_LOGOUT_URIS", gatewayUrl + "/logout/connect/back-channel/keygate");
		auth = processes.started(ApplicationProcess.start("auth-server", authJar, authUrl, "https://localhost:" + authManagementPort,
				ca.jvmTrustOptions(work), List.of(
						"--management.server.port=" + authManagementPort,
						"--spring.profiles.active=postgres",
						"--spring.config.additional-location=file:" + DEPLOY.resolve("config/auth-server-distributed.yml") + ",file:"
								+ LocalCa.deployedConfiguration("auth-server-tls.yml", authTls, work),
						"--server.port=" + authPort, "--server.address=127.0.0.1",
						"--keygate.data-dir=" + work.resolve("auth-data"),
						"--keygate.catalog=file:" + catalogue,
						"--keygate.audit-stream.consumer=auth-server-1",
						"--keygate.gateway.public-url=" + gatewayUrl,
						"--keygate.oidc.issuer=" + authUrl,
						"--keygate.oidc.gateway.redirect-uris=" + gatewayUrl + "/login/oauth2/code/keygate",
						"--keygate.webauthn.origins=" + authUrl,
						"--keygate.webauthn.trust.roots-directory=" + TestTrustStore.rootsDirectory()),
				authEnvironment, work.resolve("auth-server.log"), ca.sslContext()));
		journey = new DistributedJourney(authUrl, auth, ca.sslContext());

		Path gatewayTls = ca.mount("gateway", work.resolve("gateway-tls"));
		Map<String, String> gatewayEnvironment = new LinkedHashMap<>();
		gatewayEnvironment.put("KEYGATE_REDIS_URL", redis.url("localhost", "keygate-gateway", gatewayRedisPassword));
		gatewayEnvironment.put("KEYGATE_INTEGRITY_KEY", integrityKey);
		gatewayEnvironment.put("KEYGATE_HEAD_END_PASSWORD", headEndPassword);
		gatewayEnvironment.put("KEYGATE_MDM_PASSWORD", mdmPassword);
		gatewayEnvironment.put("KEYGATE_GATEWAY_CLIENT_SECRET", clientSecret);
		gatewayEnvironment.put("KEYGATE_ISSUER", authUrl);
		gatewayEnvironment.put("KEYGATE_PORTAL_URL", authUrl);
		gatewayEnvironment.put("KEYGATE_COOKIE_SECURE", "true");
		gateway = processes.started(ApplicationProcess.start("gateway-a", gatewayJar, gatewayUrl,
				"https://127.0.0.1:" + gatewayManagementPort, ca.jvmTrustOptions(work), List.of(
						"--management.server.port=" + gatewayManagementPort,
						"--spring.config.additional-location=file:" + DEPLOY.resolve("config/gateway-distributed.yml") + ",file:"
								+ LocalCa.deployedConfiguration("gateway-tls.yml", gatewayTls, work),
						"--server.port=" + gatewayPort, "--server.address=127.0.0.1",
						"--keygate.catalog=file:" + catalogue,
						"--keygate.gateway.live.instance-id=gateway-a",
						// Both targets' certificates must chain to the deployment's CA (the MDM's does not).
						"--keygate.gateway.upstream-tls.targets.head-end.ca=" + gatewayTls.resolve("ca.crt"),
						"--keygate.gateway.upstream-tls.targets.mdm.ca=" + gatewayTls.resolve("ca.crt")),
				gatewayEnvironment, work.resolve("gateway-a.log"), ca.sslContext()));
		processes.awaitHealthy(START);
	}

	@AfterAll
	static void stopEverything() {
		sockets.forEach(EventConsoleSocket::close);
		processes.stopAll();
		for (AutoCloseable closeable : new AutoCloseable[] { headEnd, mdm, redis, postgres }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					System.err.println("TlsEveryHopIT: closing " + closeable + " failed: " + ex);
				}
			}
		}
	}

	/**
	 * A signed-in engineer with a grant reaches the head-end through the gateway, every hop TLS; the
	 * approver's revocation reaches the gateway over Redis pub/sub (the console's WebSocket closes with
	 * 1008), the next request is refused {@code REVOKED}, and that refusal reaches the audit chain in
	 * PostgreSQL through the Redis stream.
	 */
	@Test
	void engineerWithGrantWhenEveryHopIsTlsThenReachesTargetAndRevocationClosesAndDenies() throws Exception {
		String vendor = "erin@itron.example";
		VirtualKey vendorKey = journey.key();
		HttpBrowser vendorPortal = journey.engineer(vendor, "Erin Engineer", "itron", vendorKey);
		String grantId = journey.approvedGrant(vendorPortal, "head-end", "CHG-5001");
		HttpBrowser browser = journey.browser();
		journey.signInThroughGateway(browser, vendorKey, gateway.baseUrl());

		HttpBrowser.Response meters = browser.getJson(gateway.baseUrl() + "/t/head-end/api/meters");
		assertThat(meters.status()).as("meters through the gateway: %s", meters).isEqualTo(200);
		assertThat(meters.body()).contains("MTR-00001");
		// The head-end listens on HTTPS only: what reached it came over TLS, with the gateway's credential.
		assertThat(headEnd.requestLog().matching(r -> r.path().equals("/api/meters"))).singleElement()
			.satisfies(r -> assertThat(r.principal()).contains(GATEWAY_USER));

		EventConsoleSocket console = EventConsoleSocket.open(browser, gateway.baseUrl());
		sockets.add(console);
		await("live events through the gateway over wss").atMost(SETTLE)
			.until(() -> console.messages().stream().anyMatch(m -> m.contains("CONNECTED")));

		HttpBrowser.Response revoked = journey.approver().postJson("/api/v1/grants/" + grantId + "/revoke",
				Map.of("comment", "vendor laptop reported stolen"));
		assertThat(revoked.status()).as("revoke: %s", revoked).isEqualTo(200);
		// Only the revocation feed (Redis pub/sub, over TLS) closes a live WebSocket.
		await("the gateway closes the console").atMost(SETTLE).until(() -> console.closed() != null);
		assertThat(console.closed().code()).as("close code of %s", console).isEqualTo(1008);

		long reachedBefore = headEnd.requestLog().lastSequence();
		HttpBrowser.Response refused = browser.getJson(gateway.baseUrl() + "/t/head-end/api/meters/MTR-00001");
		assertThat(refused.status()).as("after revocation: %s", refused).isEqualTo(403);
		assertThat(refused.json().get("code").asString()).as("code: %s", refused).isEqualTo("REVOKED");
		assertThat(headEnd.requestLog().since(reachedBefore)).extracting(ReceivedRequest::path)
			.doesNotContain("/api/meters/MTR-00001");
		await("the gateway's REVOKED decision in the audit chain (Redis stream to PostgreSQL)").atMost(SETTLE)
			.until(() -> auditEvents("access.decision", vendor, "REVOKED") == 1);
	}

	/**
	 * A target whose certificate is signed by another CA than the one configured for it: the gateway
	 * refuses the handshake and answers a clean 502 problem ({@code UPSTREAM_TLS}, no stack trace),
	 * nothing reaches the target, and a HIGH {@code upstream.tls.refused} entry reaches the audit chain.
	 */
	@Test
	void targetWhenCertificateFromAnotherCaThenGatewayAnswers502AndForwardsNothing() throws Exception {
		String vendor = "ivy@itron.example";
		VirtualKey vendorKey = journey.key();
		HttpBrowser vendorPortal = journey.engineer(vendor, "Ivy Engineer", "itron", vendorKey);
		journey.approvedGrant(vendorPortal, "head-end", "CHG-5002");
		journey.approvedGrant(vendorPortal, "mdm", "CHG-5003");
		HttpBrowser browser = journey.browser();
		journey.signInThroughGateway(browser, vendorKey, gateway.baseUrl());

		HttpBrowser.Response refused = browser.getJson(gateway.baseUrl() + "/t/mdm/api/meters");
		assertThat(refused.status()).as("a target with another CA's certificate: %s", refused).isEqualTo(502);
		assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
			.startsWith("application/problem+json"));
		assertThat(refused.json().get("code").asString()).isEqualTo("UPSTREAM_TLS");
		assertThat(refused.body()).doesNotContain("Exception", "\tat ", "PKIX", "localhost:" + mdm.port());
		assertThat(mdm.requestLog().matching(r -> true)).as("nothing reaches a target whose certificate does not verify").isEmpty();
		await("upstream.tls.refused in the audit chain").atMost(SETTLE)
			.until(() -> auditEvents("upstream.tls.refused", vendor, "REFUSED") == 1);
		// The same browser still reaches the head-end, whose certificate verifies.
		assertThat(browser.getJson(gateway.baseUrl() + "/t/head-end/api/meters/MTR-00002").status()).isEqualTo(200);
	}

	/**
	 * A portal sign-out tells the gateway over HTTPS (a logout token the gateway verifies against the
	 * auth server's keys, fetched over HTTPS): the engineer's gateway session ends with it.
	 */
	@Test
	void portalSignOutWhenGatewayReachedOverHttpsThenBackChannelLogoutEndsGatewaySession() throws Exception {
		String vendor = "lee@landis.example";
		VirtualKey vendorKey = journey.key();
		HttpBrowser vendorPortal = journey.engineer(vendor, "Lee Engineer", "landis", vendorKey);
		journey.approvedGrant(vendorPortal, "head-end", "CHG-5004");
		HttpBrowser browser = journey.browser();
		journey.signInThroughGateway(browser, vendorKey, gateway.baseUrl());
		String page = gateway.baseUrl() + "/t/head-end/api/meters/MTR-00003";
		assertThat(browser.getJson(page).status()).isEqualTo(200);

		HttpBrowser.Response signedOut = browser.postJson("/logout", "{}");
		assertThat(signedOut.status()).as("portal sign-out: %s", signedOut).isBetween(200, 399);

		await("the gateway told (oidc.back-channel-logout SUCCEEDED)").atMost(SETTLE)
			.until(() -> auditEvents("oidc.back-channel-logout", vendor, "SUCCEEDED") == 1);
		HttpBrowser.Response after = browser.page(page);
		assertThat(after.status()).as("the gateway session after the portal sign-out: %s", after).isEqualTo(302);
		assertThat(after.location()).as("back to sign-in").contains("/oauth2/authorization/");
	}

	/**
	 * No server here speaks plain text: Redis has no plain port and its TLS port does not answer a
	 * plain PING; PostgreSQL refuses a connection without TLS (and the auth server's connections are
	 * TLS); the applications' HTTPS and management ports serve nothing over plain HTTP.
	 */
	@Test
	void plainTextWhenSentToAnyServerThenRefused() throws Exception {
		assertThat(plainRedisPing(redis.port())).as("a plain PING on Redis's TLS port").doesNotContain("PONG", "NOAUTH");

		String plain = postgres.jdbcUrl("localhost", "keygate", "sslmode=disable&connectTimeout=5");
		assertThatThrownBy(() -> DriverManager.getConnection(plain, databaseLogin).close()).isInstanceOf(SQLException.class)
			.hasMessageContaining("no encryption");
		try (Connection connection = DriverManager.getConnection(databaseUrl, databaseLogin);
				PreparedStatement query = connection.prepareStatement("select count(*) filter (where s.ssl), count(*)"
						+ " from pg_stat_activity a join pg_stat_ssl s on s.pid = a.pid"
						+ " where a.backend_type = 'client backend' and a.pid <> pg_backend_pid()");
				ResultSet result = query.executeQuery()) {
			result.next();
			assertThat(result.getInt(2)).as("the auth server's connections").isPositive();
			assertThat(result.getInt(1)).as("of them over TLS").isEqualTo(result.getInt(2));
		}

		// And the applications say so themselves.
		for (ApplicationProcess process : List.of(auth, gateway)) {
			assertThat(process.output()).as("%s's output", process.name())
				.contains("Grant store: Redis at localhost:" + redis.port()).contains("TLS, authenticated")
				.containsPattern("started on port " + URI.create(process.baseUrl()).getPort() + " \\(https\\)")
				.containsPattern("started on port " + URI.create(process.managementUrl()).getPort() + " \\(https\\)");
		}
		for (String url : List.of(gateway.baseUrl(), gateway.managementUrl(), auth.baseUrl(), auth.managementUrl())) {
			String plainUrl = url.replaceFirst("^https:", "http:");
			assertThat(plainHttpStatus(plainUrl + "/actuator/health")).as("plain HTTP to %s", plainUrl)
				.matches(status -> status < 200 || status >= 400, "no page (a refusal or a closed connection)");
		}
	}

	// ---- helpers ----

	/** The parameters of compose.yaml's JDBC URL for the auth server. */
	private static String composeDatabaseParameters() throws IOException {
		Matcher url = Pattern.compile("KEYGATE_AUTH_DB_URL: jdbc:postgresql://postgres:5432/keygate\\?(\\S+)")
			.matcher(Files.readString(DEPLOY.resolve("compose.yaml"), StandardCharsets.UTF_8));
		assertThat(url.find()).as("compose.yaml's KEYGATE_AUTH_DB_URL has parameters").isTrue();
		assertThat(url.group(1)).contains("sslmode=verify-full").contains("sslrootcert=" + LocalCa.MOUNT + "ca.crt");
		return url.group(1);
	}

	/** A simulator's properties for HTTPS with {@code service}'s certificate from {@code ca}. */
	private static Map<String, Object> httpsWith(LocalCa ca, String service, Path work) throws IOException {
		Path mount = ca.mount(service, work.resolve(service + "-tls"));
		// The simulator imports a fixed list of auto-configurations, without SSL bundles: the server's own PEM settings.
		return Map.of("server.ssl.certificate", "file:" + mount.resolve("tls.crt"), "server.ssl.certificate-private-key",
				"file:" + mount.resolve("tls.key"));
	}

	/** Audit entries of {@code action} by {@code actor} with {@code reason} (a decision) or outcome (an event), read over TLS. */
	private static int auditEvents(String action, String actor, String reasonOrOutcome) throws SQLException {
		try (Connection connection = DriverManager.getConnection(databaseUrl, databaseLogin);
				PreparedStatement query = connection.prepareStatement("select count(*) from audit_events where action = ?"
						+ " and actor = ? and (reason = ? or outcome = ?)")) {
			query.setString(1, action);
			query.setString(2, actor);
			query.setString(3, reasonOrOutcome);
			query.setString(4, reasonOrOutcome);
			try (ResultSet result = query.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	/** What a plain-text {@code PING} to {@code port} gets back before the server closes or 3 s pass. */
	private static String plainRedisPing(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
			socket.setSoTimeout(3000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[256];
			int read = in.read(answer);
			return read < 0 ? "" : new String(answer, 0, read, StandardCharsets.ISO_8859_1);
		}
		catch (java.net.SocketTimeoutException | java.net.SocketException ex) {
			return ex.toString();
		}
	}

	/** The status a plain-HTTP GET gets, or -1 when the server closes the connection without one. */
	private static int plainHttpStatus(String url) {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
		try {
			return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

}
