package io.keygate.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.audit.DecisionEvents;
import io.keygate.gateway.testsupport.RecordingAuditLog;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.testsupport.EmbeddedParent;

/**
 * A real Chromium, signed in to the gateway with an {@code operate} grant, opens a page on another
 * site (served by a second upstream) that tries to send a command POST and to open the console's
 * WebSocket through the gateway: both are refused, with the {@code Origin} Chromium itself sent, and
 * the target's upstream receives nothing. The same script on a page of the target (through the
 * gateway, same origin) gets through: the refusal is about where the request came from.
 * <p>
 * Sign-in is stood in for by {@link TestSignin}'s headers, added to every request by Chromium
 * itself ({@code Network.setExtraHTTPHeaders}); the origin, the fetch and the WebSocket are the
 * browser's own.
 */
class CrossSiteBrowserTest {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	/** Tries both things a page can do against a target, reporting into {@code window.results}. */
	private static final String ATTACK = """
			<!DOCTYPE html><html><head><meta charset="utf-8"><title>page</title></head><body><script>
			window.results = {};
			fetch('%1$s/api/commands/disconnect', { method: 'POST', mode: '%3$s', credentials: 'include',
			    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'meter=42' })
			  .then(r => { results.post = r.type + ':' + r.status; })
			  .catch(e => { results.post = 'error:' + e; });
			const ws = new WebSocket('%2$s/ws');
			ws.onopen = () => { results.wsOpen = true; ws.send('disconnect 42'); };
			ws.onmessage = e => { results.wsMessage = e.data; ws.close(1000); };
			ws.onclose = e => { results.wsClose = e.code; };
			</script></body></html>
			""";

	private static RecordingUpstream upstream;

	private static RecordingUpstream otherSite;

	private static RecordingAuditLog audit;

	private static InMemoryGrantStore store;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	private static ChromeDriver chromium;

	private static Path profile;

	private static int people;

	private String subject;

	@BeforeAll
	static void start() throws Exception {
		boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
		if (!present) {
			String message = "this browser test needs Debian's chromium and chromium-driver";
			if ("true".equals(System.getenv("CI"))) {
				fail(message);
			}
			Assumptions.abort(message);
		}
		upstream = new RecordingUpstream();
		otherSite = new RecordingUpstream();
		store = new InMemoryGrantStore(java.time.Clock.systemUTC());
		audit = new RecordingAuditLog();
		parent = EmbeddedParent.with("grantStore", (GrantStore) store).and("gatewayAuditLog", (AuditLog) audit).start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of()));
		profile = Files.createTempDirectory("keygate-gateway-profile");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
				"--user-data-dir=" + profile);
		chromium = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.build(), options);
		chromium.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
	}

	@AfterAll
	static void stop() {
		if (chromium != null) {
			chromium.quit();
		}
		if (gateway != null) {
			gateway.close();
			parent.close();
			otherSite.close();
			upstream.close();
		}
	}

	@BeforeEach
	void signIn() {
		this.subject = "browser" + (++people) + "@itron";
		Grant grant = new Grant("g-" + this.subject.replace('@', '-'), this.subject, "itron", "head-end", "operate",
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "r-1", List.of("approver"));
		assertThat(store.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
		chromium.executeCdpCommand("Network.enable", Map.of());
		chromium.executeCdpCommand("Network.setExtraHTTPHeaders",
				Map.of("headers", Map.of(TestSignin.SUBJECT, this.subject, TestSignin.ORGANISATION, "itron")));
		upstream.clear();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> results() {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Boolean.TRUE.equals(chromium.executeScript("return window.results !== undefined"
					+ " && window.results.post !== undefined && window.results.wsClose !== undefined")));
		return (Map<String, Object>) chromium.executeScript("return window.results");
	}

	private List<String> decisionReasons() {
		return audit.entries()
			.stream()
			.filter(entry -> entry.action().equals(DecisionEvents.DECISION) && entry.actor().equals(this.subject))
			.map(AuditEntry::reason)
			.toList();
	}

	@Test
	void crossSitePageWhenPostingACommandAndOpeningTheConsoleSocketThenBothRefusedAndUpstreamGetsNothing() {
		String target = gateway.url() + "/t/head-end";
		// localhost is another site than 127.0.0.1: the page is cross-site to the gateway.
		otherSite.page(ATTACK.formatted(target, target.replace("http://", "ws://"), "no-cors"));
		chromium.get("http://localhost:" + otherSite.url().substring(otherSite.url().lastIndexOf(':') + 1) + "/page");

		Map<String, Object> results = results();

		assertThat(results).doesNotContainKey("wsOpen").doesNotContainKey("wsMessage");
		assertThat(((Number) results.get("wsClose")).intValue()).isEqualTo(1006);
		assertThat(upstream.received()).as("the target received nothing").isEmpty();
		assertThat(upstream.webSocketHandshakes()).isZero();
		assertThat(upstream.webSocketFrames()).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> decisionReasons().size() >= 2);
		assertThat(decisionReasons()).containsOnly("CROSS_ORIGIN");
	}

	@Test
	void targetsOwnPageWhenPostingACommandAndUsingTheConsoleSocketThenBothForwarded() {
		String wsBase = gateway.url().replace("http://", "ws://") + "/t/head-end";
		upstream.page(ATTACK.formatted(gateway.url() + "/t/head-end", wsBase, "same-origin"));
		chromium.get(gateway.url() + "/t/head-end/page");

		Map<String, Object> results = results();

		assertThat(results.get("post")).isEqualTo("basic:200");
		assertThat(results.get("wsMessage")).isEqualTo("echo:disconnect 42");
		assertThat(upstream.received()).anyMatch(received -> received.method().equals("POST")
				&& received.uri().equals("/api/commands/disconnect") && received.body().equals("meter=42"));
		assertThat(upstream.webSocketFrames()).containsExactly("disconnect 42");
	}

}
