package io.keygate.infra.distributed;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import io.keygate.testsupport.VirtualKey;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product's journey against a started distributed deployment, one copy for the multi-process
 * tests: the first security admin enrolls from the one-time link the auth server printed and invites
 * people, who enroll their own (emulated) hardware keys; an engineer's request is approved with an
 * approver's key step-up; an engineer signs in on a gateway through the OIDC round trip, hop by hop.
 * Over plain HTTP, or over HTTPS with browsers that trust only what {@code tls} trusts.
 */
final class DistributedJourney {

	/** How long a step that crosses processes (Redis, the audit stream) may take: generous, never a timing assertion. */
	static final Duration SETTLE = Duration.ofSeconds(30);

	/** This module (infra/e2e). */
	static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();

	/** infra/deploy: the deployment's own configuration files, beside this module. */
	static final Path DEPLOY = MODULE.resolveSibling("deploy");

	/** The repository's top level, where auth-server/ and gateway/ are. */
	static final Path TOP = MODULE.getParent().getParent();

	private static final Pattern ENROLLMENT_TOKEN = Pattern.compile("/enroll\\?token=([A-Za-z0-9_-]{20,})");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String authUrl;

	private final ApplicationProcess auth;

	private final SSLContext tls;

	/** The first security admin and an approver, enrolled once (the first admin's link works once). */
	private HttpBrowser admin;

	private HttpBrowser approver;

	private VirtualKey adminKey;

	private VirtualKey approverKey;

	/** {@code tls}: what the browsers trust for {@code https} URLs, or null for plain HTTP. */
	DistributedJourney(String authUrl, ApplicationProcess auth, SSLContext tls) {
		this.authUrl = authUrl;
		this.auth = auth;
		this.tls = tls;
	}

	String authUrl() {
		return this.authUrl;
	}

	/** A new browser profile (a cookie jar of its own). */
	HttpBrowser browser() {
		return new HttpBrowser(this.authUrl, this.tls);
	}

	/** A new packed-attestation key under the test CA, for the auth server's origin. */
	VirtualKey key() {
		return VirtualKey.packed().at(this.authUrl);
	}

	/** The first security admin's browser, enrolled on first use from the link the auth server printed at start. */
	synchronized HttpBrowser admin() {
		if (this.admin == null) {
			HttpBrowser browser = browser();
			this.adminKey = key();
			enroll(browser, this.adminKey, firstAdminToken());
			this.admin = browser;
		}
		return this.admin;
	}

	synchronized VirtualKey adminKey() {
		admin();
		return this.adminKey;
	}

	/** An approver of the utility, invited by the admin and enrolled on first use. */
	synchronized HttpBrowser approver() {
		if (this.approver == null) {
			VirtualKey key = key();
			HttpBrowser browser = browser();
			enroll(browser, key, invite(admin(), "ann@utility.example", "Ann Approver", "utility", "APPROVER"));
			this.approverKey = key;
			this.approver = browser;
		}
		return this.approver;
	}

	synchronized VirtualKey approverKey() {
		approver();
		return this.approverKey;
	}

	/** A vendor engineer invited by the admin and enrolled with {@code key}; returns their portal browser, signed in. */
	HttpBrowser engineer(String email, String name, String organisation, VirtualKey key) {
		HttpBrowser portal = browser();
		enroll(portal, key, invite(admin(), email, name, organisation, "VENDOR_ENGINEER"));
		return portal;
	}

	/**
	 * A request of {@code vendorPortal} for {@code read} on {@code targetId} (a STANDARD target: one
	 * approval grants it), approved by the approver with a key step-up bound to the request; returns the grant id.
	 */
	String approvedGrant(HttpBrowser vendorPortal, String targetId, String ticket) {
		HttpBrowser.Response asked = vendorPortal.postJson("/api/v1/requests", Map.of("targetId", targetId, "level", "read",
				"durationMinutes", 30, "reason", "read meter events for the firmware rollout", "ticket", ticket));
		assertThat(asked.status()).as("access request: %s", asked).isEqualTo(201);
		String requestId = asked.json().get("id").asString();
		HttpBrowser.Response challenge = approver().postJson("/api/v1/requests/" + requestId + "/step-up", "{}");
		assertThat(challenge.status()).as("step-up: %s", challenge).isEqualTo(200);
		String assertion = approverKey().get(challenge.json().get("publicKey"));
		HttpBrowser.Response approved = approver().postJson("/api/v1/requests/" + requestId + "/approvals",
				"{\"challengeId\":\"" + challenge.json().get("challengeId").asString() + "\",\"comment\":\"ok for " + ticket
						+ "\",\"credential\":" + assertion + "}");
		assertThat(approved.status()).as("approval: %s", approved).isEqualTo(200);
		JsonNode grant = approved.json().get("grant");
		assertThat(grant.isObject()).as("one approval grants read on a STANDARD target: %s", approved).isTrue();
		return grant.get("id").asString();
	}

	/** The token of the first admin's one-time link, from the auth server's output. */
	String firstAdminToken() {
		await("the first admin's enrollment link in " + this.auth.log()).atMost(SETTLE)
			.until(() -> ENROLLMENT_TOKEN.matcher(this.auth.output()).find());
		Matcher link = ENROLLMENT_TOKEN.matcher(this.auth.output());
		assertThat(link.find()).isTrue();
		return link.group(1);
	}

	/** Registers {@code key} from an invitation link's token, as the enrollment page's script does; signs the browser in. */
	void enroll(HttpBrowser browser, VirtualKey key, String token) {
		HttpBrowser.Response options = browser.postJson("/enroll/options", Map.of("token", token));
		assertThat(options.status()).as("enroll options: %s", options).isEqualTo(200);
		String credential = key.create(options.json());
		HttpBrowser.Response finished = browser.postJson("/enroll/finish",
				"{\"token\":\"" + token + "\",\"label\":\"test key\",\"credential\":" + credential + "}");
		assertThat(finished.status()).as("enroll finish: %s", finished).isEqualTo(200);
	}

	/** The admin's invitation; returns the token of its one-time link. */
	String invite(HttpBrowser admin, String email, String name, String organisation, String role) {
		HttpBrowser.Response invited = admin.postJson("/admin/invitations",
				// One security admin in these tests: an approver is created under the explicit single-admin bootstrap.
				Map.of("email", email, "displayName", name, "organisation", organisation, "roles", List.of(role),
						"singleAdminBootstrap", true));
		assertThat(invited.status()).as("invitation of %s: %s", email, invited).isEqualTo(200);
		Matcher token = ENROLLMENT_TOKEN.matcher(invited.json().get("link").asString());
		assertThat(token.find()).as("invitation link %s", invited.body()).isTrue();
		return token.group(1);
	}

	/**
	 * The gateway's sign-in, hop by hop: gateway → auth server's authorize endpoint → its sign-in
	 * with the hardware key → back to authorize → code to the gateway's callback → the page asked for.
	 */
	void signInThroughGateway(HttpBrowser browser, VirtualKey key, String gatewayUrl) {
		String target = gatewayUrl + "/t/head-end/api/system";
		HttpBrowser.Response toSignIn = browser.page(target);
		assertThat(toSignIn.status()).as("unsigned request on %s: %s", gatewayUrl, toSignIn).isEqualTo(302);
		HttpBrowser.Response toAuthorize = browser.page(absolute(gatewayUrl, toSignIn.location()));
		assertThat(toAuthorize.location()).as("to the auth server: %s", toAuthorize).startsWith(this.authUrl + "/oauth2/authorize?");
		HttpBrowser.Response toLogin = browser.page(toAuthorize.location());
		assertThat(toLogin.location()).as("authorize without a session: %s", toLogin).endsWith("/login");
		browser.page(absolute(this.authUrl, toLogin.location()));
		HttpBrowser.Response options = browser.postJson("/webauthn/authenticate/options", "{}");
		assertThat(options.status()).as("sign-in options: %s", options).isEqualTo(200);
		HttpBrowser.Response signedIn = browser.postJson("/login/webauthn", key.get(options.json()));
		assertThat(signedIn.status()).as("hardware-key sign-in: %s", signedIn).isEqualTo(200);
		HttpBrowser.Response code = browser.page(absolute(this.authUrl, signedIn.json().get("redirectUrl").asString()));
		assertThat(code.location()).as("authorization code: %s", code).startsWith(gatewayUrl + "/login/oauth2/code/keygate?");
		HttpBrowser.Response callback = browser.page(code.location());
		assertThat(callback.status()).as("gateway callback: %s", callback).isEqualTo(302);
		assertThat(absolute(gatewayUrl, callback.location())).as("back to the page asked for").isEqualTo(target);
		HttpBrowser.Response page = browser.getJson(target);
		assertThat(page.status()).as("signed in on %s: %s", gatewayUrl, page).isEqualTo(200);
	}

	// ---- set-up helpers ----

	/**
	 * The repackaged jar the reactor built before this module's tests (both applications come earlier
	 * in the reactor); its absence is a failure, never a skip.
	 */
	static Path execJar(String module, String artifact) throws IOException {
		Path target = TOP.resolve(module).resolve("target");
		List<Path> jars = new ArrayList<>();
		if (Files.isDirectory(target)) {
			try (DirectoryStream<Path> found = Files.newDirectoryStream(target, artifact + "-*-exec.jar")) {
				found.forEach(jars::add);
			}
		}
		assertThat(jars).as("%s/%s-*-exec.jar: build it first (./mvnw -B -ntp -DskipTests install, or the whole reactor)",
				target, artifact).hasSize(1);
		return jars.get(0);
	}

	/**
	 * {@code deploy/config/targets.yml} as deployed, written to {@code work}, with the upstream of each
	 * target in {@code upstreams} (target id to URL) pointing at this run's server instead of its
	 * in-cluster name ({@code http://<id>:9100}).
	 */
	static Path catalogue(Path work, Map<String, String> upstreams) throws IOException {
		String local = Files.readString(DEPLOY.resolve("config/targets.yml"), StandardCharsets.UTF_8);
		for (Map.Entry<String, String> upstream : upstreams.entrySet()) {
			String deployed = "upstream: http://" + upstream.getKey() + ":9100";
			assertThat(local).as("the deployed catalogue names %s's upstream", upstream.getKey()).contains(deployed);
			local = local.replace(deployed, "upstream: " + upstream.getValue());
		}
		return Files.writeString(work.resolve("targets.yml"), local, StandardCharsets.UTF_8);
	}

	static String absolute(String base, String location) {
		assertThat(location).as("a redirect from %s", base).isNotNull();
		return location.startsWith("/") ? base + location : location;
	}

	static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
