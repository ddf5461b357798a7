package io.keygate.infra.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.access.Rows;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.enrollment.InvitationService;
import io.keygate.auth.transcript.Transcript;
import io.keygate.auth.transcript.TranscriptReader;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.TestTrustStore;
import io.keygate.testsupport.VirtualKey;
import tools.jackson.databind.JsonNode;

/**
 * A session transcript end to end on the real embedded applications: a vendor signed in with an
 * emulated hardware key and through the gateway's real OIDC flow sends a command with a password in
 * its body to the head-end simulator (the quickstart catalogue keeps head-end bodies); the
 * transcript the portal reads back from the audit chain lists the session's requests with the
 * password redacted.
 */
class QuickstartTranscriptTest {

	@TempDir
	static Path data;

	private static RunningQuickstart keygate;

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

	/** A vendor with a key and a live head-end "operate" grant (recorded in the history), signed in at the portal and the gateway. */
	private static TestClient signedInEverywhere(String grantId) {
		String email = "vic@itron.example";
		InvitationService.Issued issued = keygate.auth().getBean(InvitationService.class)
			.invite("test", email, "Vic Vendor", "itron", Set.of(Role.VENDOR_ENGINEER), "127.0.0.1");
		TestClient browser = new TestClient(URI.create(keygate.settings().authUrl()).getPort());
		VirtualKey key = VirtualKey.packedAt(keygate.settings().authUrl());
		TestClient.Response options = browser.post("/enroll/options", Map.of("token", issued.token()));
		assertThat(options.status()).as(options.body()).isEqualTo(200);
		assertThat(browser.post("/enroll/finish", "{\"token\":\"" + issued.token() + "\",\"label\":\"key\",\"credential\":"
				+ key.create(options.json()) + "}").status()).isEqualTo(200);
		JsonNode challenge = browser.post("/webauthn/authenticate/options", "{}").json();
		assertThat(browser.post("/login/webauthn", key.get(challenge)).status()).isEqualTo(200);
		Instant now = Instant.now();
		Grant grant = new Grant(grantId, email, "itron", "head-end", "operate", now.minusSeconds(60), now.plusSeconds(3600),
				"r-" + grantId, List.of("otto@utility.example"));
		keygate.auth().getBean(JdbcClient.class).sql("""
				insert into access_request (id, requester, organisation, target_id, level_name, duration_sec, reason, ticket,
				  created_at, expires_at, state, grant_id, client_address, row_version)
				values (?, ?, 'itron', 'head-end', 'operate', 3600, 'reconnect meters', 'CHG-1', ?, ?, 'APPROVED', ?, '', 0)""")
			.params(grant.requestId(), email, Rows.at(now.minusSeconds(600)), Rows.at(now.plusSeconds(3600)), grantId)
			.update();
		keygate.auth().getBean(GrantHistoryRepository.class).insert(grant, now.minusSeconds(60), true);
		keygate.auth().getBean(GrantStore.class).put(grant);
		String console = keygate.settings().gatewayUrl() + "/t/head-end/";
		String next = console;
		for (int hop = 0; hop < 6; hop++) {
			TestClient.Response answer = browser.get(next);
			if (answer.status() == 200) {
				return browser;
			}
			assertThat(answer.status()).as("hop %d to %s: %s", hop, next, answer.body()).isBetween(300, 399);
			next = URI.create(next).resolve(answer.header("Location")).toString();
		}
		throw new AssertionError("the gateway sign-in did not land on the console; last hop " + next);
	}

	@Test
	void transcriptWhenVendorSendsACommandWithAPasswordThroughTheGatewayThenItListsTheSessionsRequestsWithThePasswordRedacted() {
		TestClient browser = signedInEverywhere("g-transcript");
		String gateway = keygate.settings().gatewayUrl();
		assertThat(browser.get(gateway + "/t/head-end/api/meters").status()).isEqualTo(200);

		TestClient.Response command = browser.send(HttpRequest.newBuilder(URI.create(gateway + "/t/head-end/api/commands/connect"))
			.header("Content-Type", "application/json")
			.header("Origin", gateway)
			.POST(HttpRequest.BodyPublishers.ofString("{\"meter\":\"MTR-0001\",\"password\":\"hunter2\"}"))
			.build());
		assertThat(command.status()).as(command.body()).isLessThan(500);

		TranscriptReader reader = keygate.auth().getBean(TranscriptReader.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> reader.ofGrant("g-transcript")
			.map(t -> t.sessions().stream().flatMap(s -> s.lines().stream()).anyMatch(l -> l.body() != null))
			.orElse(false));
		Transcript transcript = reader.ofGrant("g-transcript").orElseThrow();
		List<Transcript.Line> lines = transcript.sessions().stream()
			.filter(s -> !s.id().isEmpty())
			.flatMap(s -> s.lines().stream())
			.toList();
		assertThat(transcript.sessions()).filteredOn(s -> !s.id().isEmpty()).hasSize(1);
		assertThat(lines).extracting(Transcript.Line::method, Transcript.Line::path)
			.contains(org.assertj.core.groups.Tuple.tuple("GET", "/api/meters"),
					org.assertj.core.groups.Tuple.tuple("POST", "/api/commands/connect"));
		Optional<Transcript.Line> post = lines.stream().filter(l -> l.method().equals("POST")).findFirst();
		assertThat(post).get().satisfies(line -> {
			assertThat(line.status()).isEqualTo(Integer.toString(command.status()));
			assertThat(line.body().text()).contains("\"meter\":\"MTR-0001\"", "\"password\":\"[REDACTED]\"")
				.doesNotContain("hunter2");
		});
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
