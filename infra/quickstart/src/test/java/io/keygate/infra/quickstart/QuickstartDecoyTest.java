package io.keygate.infra.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.alert.Alert;
import io.keygate.auth.alert.AlertFilter;
import io.keygate.auth.alert.AlertRepository;
import io.keygate.auth.enrollment.InvitationService;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.TestTrustStore;
import io.keygate.testsupport.VirtualKey;
import tools.jackson.databind.JsonNode;

/**
 * Decoys and honeytokens end to end on the real embedded applications (auth server, gateway and
 * head-end simulator in this JVM, the shared in-memory store, the H2 audit chain and the running
 * detection runner): the head-end console shows the bait; a signed-in vendor who follows the decoy
 * link, or presents the console's API key at the gateway, is refused like an unknown target, and
 * within the bound has no grant at any gateway, a disabled account and a CRITICAL alert.
 */
class QuickstartDecoyTest {

	/** What "at once" means here: the revocation bound is 100 ms at the gateway; the account cut-off rides the runner's poll. */
	static final Duration BOUND = Duration.ofSeconds(2);

	@TempDir
	static Path data;

	private static RunningQuickstart keygate;

	private static int people;

	@BeforeAll
	static void start() throws IOException {
		QuickstartSettings settings = new QuickstartSettings(data, freePort(), freePort(), 0, 0, 0)
			.withArguments("--auth.keygate.webauthn.trust.roots-directory=" + TestTrustStore.rootsDirectory());
		keygate = Quickstart.start(settings);
	}

	@AfterAll
	static void stop() {
		if (keygate != null) {
			keygate.close();
		}
	}

	record Vendor(String subject, String organisation, TestClient browser) {
	}

	/** A vendor engineer with a key and a live head-end grant, signed in at the portal and at the gateway. */
	private static Vendor signedInEverywhere() {
		people++;
		String organisation = "itron" + people;
		String email = "vic" + people + "@" + organisation + ".example";
		InvitationService.Issued issued = keygate.auth().getBean(InvitationService.class)
			.invite("test", email, "Vic Vendor", organisation, Set.of(Role.VENDOR_ENGINEER), "127.0.0.1");
		TestClient browser = new TestClient(URI.create(keygate.settings().authUrl()).getPort());
		VirtualKey key = VirtualKey.packedAt(keygate.settings().authUrl());
		TestClient.Response options = browser.post("/enroll/options", Map.of("token", issued.token()));
		assertThat(options.status()).as(options.body()).isEqualTo(200);
		TestClient.Response enrolled = browser.post("/enroll/finish",
				"{\"token\":\"" + issued.token() + "\",\"label\":\"key\",\"credential\":" + key.create(options.json()) + "}");
		assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
		JsonNode challenge = browser.post("/webauthn/authenticate/options", "{}").json();
		assertThat(browser.post("/login/webauthn", key.get(challenge)).status()).isEqualTo(200);
		keygate.auth().getBean(GrantStore.class).put(new Grant("g-decoy-" + people, email, organisation, "head-end", "read",
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "r-" + people, List.of("approver")));
		String console = keygate.settings().gatewayUrl() + "/t/head-end/";
		String next = console;
		for (int hop = 0; hop < 6; hop++) {
			TestClient.Response answer = browser.get(next);
			if (answer.status() == 200) {
				return new Vendor(email, organisation, browser);
			}
			assertThat(answer.status()).as("hop %d to %s: %s", hop, next, answer.body()).isBetween(300, 399);
			next = URI.create(next).resolve(answer.header("Location")).toString();
		}
		throw new AssertionError("the gateway sign-in did not land on the console; last hop " + next);
	}

	private static Alert awaitAlertAbout(String subject) {
		AlertRepository alerts = keygate.auth().getBean(AlertRepository.class);
		return await().atMost(BOUND)
			.until(() -> alerts.list(AlertFilter.NOT_CLOSED, 500).stream().filter(a -> a.actor().equals(subject)).findFirst().orElse(null),
					a -> a != null);
	}

	private static void awaitCutOff(Vendor vendor) {
		GrantStore store = keygate.gateway().getBean(GrantStore.class);
		AccountRepository accounts = keygate.auth().getBean(AccountRepository.class);
		await().atMost(BOUND)
			.until(() -> !(store.lookup(vendor.subject(), vendor.organisation(), "head-end") instanceof GrantLookup.Live)
					&& accounts.findBySubject(vendor.subject()).orElseThrow().status() == UserStatus.DISABLED);
	}

	@Test
	void consoleWhenOpenedThroughGatewayThenShowsRegisteredHoneytokenAndDecoyLink() throws IOException {
		Vendor vendor = signedInEverywhere();
		String token = Files.readString(data.resolve(QuickstartBait.FILE), StandardCharsets.US_ASCII).strip();

		String console = vendor.browser().get(keygate.settings().gatewayUrl() + "/t/head-end/").body();

		assertThat(console).contains("id=\"bait-api-key\">" + token + "<").contains("href=\"../scada-historian/\"");
		assertThat(keygate.auth().getBean(io.keygate.auth.alert.HoneytokenRepository.class).live())
			.anyMatch(h -> h.hash().equals(io.keygate.policy.decoy.HoneytokenFormat.hash(token)));
	}

	@Test
	void decoyLinkWhenFollowedBySignedInVendorThenRefusedAsUnknownAndCutOffWithCriticalAlertWithinBound() {
		Vendor vendor = signedInEverywhere();
		long started = System.nanoTime();

		TestClient.Response touched = vendor.browser()
			.getJson(URI.create(keygate.settings().gatewayUrl() + "/t/head-end/").resolve("../scada-historian/").toString());

		assertThat(touched.status()).isEqualTo(403);
		assertThat(touched.body()).contains("UNKNOWN_TARGET").doesNotContain("DECOY");
		awaitCutOff(vendor);
		System.out.println("measured: quickstart decoy touch -> grant gone at the gateway and account disabled in "
				+ (System.nanoTime() - started) / 1_000_000 + " ms");
		Alert alert = awaitAlertAbout(vendor.subject());
		assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(alert.techniqueId()).isEqualTo("T1021");
		assertThat(alert.targetId()).isEqualTo("scada-historian");
		assertThat(vendor.browser().getJson(keygate.settings().gatewayUrl() + "/t/head-end/api/meters").status())
			.isNotEqualTo(200);
	}

	@Test
	void honeytokenWhenPresentedAtGatewayBySignedInVendorThenRefusedCutOffAndAlertNamesToken() throws IOException {
		Vendor vendor = signedInEverywhere();
		String token = Files.readString(data.resolve(QuickstartBait.FILE), StandardCharsets.US_ASCII).strip();
		long started = System.nanoTime();

		TestClient.Response presented = vendor.browser()
			.send(HttpRequest.newBuilder(URI.create(keygate.settings().gatewayUrl() + "/t/head-end/api/meters"))
				.header("X-Api-Key", token)
				.header("Accept", "application/json")
				.GET()
				.build());

		assertThat(presented.status()).isEqualTo(403);
		assertThat(presented.body()).contains("UNKNOWN_TARGET").doesNotContain("HONEYTOKEN");
		awaitCutOff(vendor);
		System.out.println("measured: quickstart honeytoken at the gateway -> grant gone and account disabled in "
				+ (System.nanoTime() - started) / 1_000_000 + " ms");
		Alert alert = awaitAlertAbout(vendor.subject());
		assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(alert.explanation()).containsPattern("honeytoken ht-[0-9a-f]{8}");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
