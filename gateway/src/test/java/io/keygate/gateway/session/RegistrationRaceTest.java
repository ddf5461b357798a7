package io.keygate.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.gateway.testsupport.WebSocketProbe;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.InMemoryAuditLog;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.grant.RevocationEvent;
import io.keygate.policy.grant.RevocationListener;
import io.keygate.testsupport.EmbeddedParent;

/**
 * The registration race, forced: the audit log holds the allow decision of a grant until that
 * grant has been revoked <em>and</em> the revocation has been delivered to the gateway's watcher
 * (the test's listener subscribes after the gateway's, and the dispatch calls listeners one after
 * the other). Only then is the live session registered. It must still end at once: the WebSocket
 * closed with 1008, the streaming response refused.
 */
class RegistrationRaceTest {

	private static final AtomicInteger people = new AtomicInteger();

	private static RecordingUpstream upstream;

	private static GrantStore store;

	private static RevokingAuditLog audit;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	private static AutoCloseable lateListener;

	@BeforeAll
	static void start() {
		upstream = new RecordingUpstream();
		store = new InMemoryGrantStore(java.time.Clock.systemUTC());
		audit = new RevokingAuditLog();
		parent = EmbeddedParent.with("grantStore", store).and("gatewayAuditLog", (AuditLog) audit).start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of()));
		// After the gateway's watcher: when this hears a revocation, the watcher has already acted on it.
		lateListener = store.subscribe(audit);
	}

	@AfterAll
	static void stop() throws Exception {
		lateListener.close();
		gateway.close();
		parent.close();
		upstream.close();
	}

	/**
	 * Revokes the armed grant while its allow decision is being recorded, and returns only once
	 * the revocation has gone past the gateway's watcher.
	 */
	static final class RevokingAuditLog implements AuditLog, RevocationListener {

		private final InMemoryAuditLog delegate = new InMemoryAuditLog();

		private volatile String armedGrant;

		private volatile CountDownLatch delivered = new CountDownLatch(1);

		void arm(String grantId) {
			this.delivered = new CountDownLatch(1);
			this.armedGrant = grantId;
		}

		@Override
		public AuditEvent append(AuditEntry entry) {
			String armed = this.armedGrant;
			if (armed != null && AuditAction.ACCESS_DECISION.action().equals(entry.action()) && "allow".equals(entry.outcome())
					&& armed.equals(entry.grantId())) {
				this.armedGrant = null;
				store.revoke(armed, "revoked while the decision was being audited");
				try {
					assertThat(this.delivered.await(10, TimeUnit.SECONDS)).as("revocation delivered").isTrue();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return this.delegate.append(entry);
		}

		@Override
		public void revoked(RevocationEvent event) {
			this.delivered.countDown();
		}

		@Override
		public void feedLost() {
		}

		@Override
		public void feedRestored() {
		}

	}

	private static Grant grant(String subject) {
		Grant grant = new Grant("g-race-" + people.incrementAndGet(), subject, "itron", "head-end", "read",
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "r-1", List.of("approver"));
		assertThat(store.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
		return grant;
	}

	@Test
	void webSocketWhenGrantRevokedBetweenDecisionAndRegistrationThenClosedWith1008() {
		String subject = "race-ws" + people.incrementAndGet() + "@itron";
		Grant grant = grant(subject);
		audit.arm(grant.id());
		try (WebSocketProbe probe = WebSocketProbe.open(gateway.url(), "/t/head-end/ws", subject, "itron")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> probe.closeStatus() != null || probe.error() != null);
			assertThat(probe.error()).isNull();
			assertThat(probe.closeStatus().getCode()).isEqualTo(1008);
			assertThat(probe.closeStatus().getReason()).isEqualTo("Your access grant was revoked.");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> upstream.openWebSockets() == 0);
	}

	@Test
	void streamingResponseWhenGrantRevokedBetweenDecisionAndRegistrationThenRefused() throws Exception {
		String subject = "race-http" + people.incrementAndGet() + "@itron";
		Grant grant = grant(subject);
		audit.arm(grant.id());
		HttpResponse<String> response = HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url() + "/t/head-end/stream"))
				.header(TestSignin.SUBJECT, subject)
				.header(TestSignin.ORGANISATION, "itron")
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString())
			// The endless stream of today's code never completes: bound the wait.
			.get(20, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("REVOKED");
	}

}
