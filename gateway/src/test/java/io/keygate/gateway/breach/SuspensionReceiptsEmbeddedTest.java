package io.keygate.gateway.breach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.testsupport.RecordingAuditLog;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.WebSocketProbe;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.breach.InMemorySuspensionReceipts;
import io.keygate.policy.breach.SuspensionReceipt;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.testsupport.EmbeddedParent;

/**
 * The embedded mode: the gateway writes its receipt into the receipts the enclosing (quickstart)
 * context shares with the auth server, under its configured instance id.
 */
class SuspensionReceiptsEmbeddedTest {

	private static RecordingUpstream upstream;

	private static GrantStore store;

	private static InMemorySuspensionReceipts receipts;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		upstream = new RecordingUpstream();
		store = new InMemoryGrantStore(Clock.systemUTC());
		receipts = new InMemorySuspensionReceipts();
		parent = EmbeddedParent.with("clock", Clock.systemUTC())
			.and("grantStore", store)
			.and("gatewayAuditLog", (AuditLog) new RecordingAuditLog())
			.and("suspensionReceipts", receipts)
			.start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of("keygate.gateway.live.instance-id", "embedded-gw")));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		parent.close();
		upstream.close();
	}

	@Test
	void suspendWhenSessionOpenThenClosedAndReceiptInTheSharedReceipts() {
		String organisation = "itron" + UUID.randomUUID().toString().substring(0, 6);
		String subject = "vic@" + organisation;
		store.put(new Grant("g-" + UUID.randomUUID(), subject, organisation, "head-end", "operate", Instant.now().minusSeconds(60),
				Instant.now().plusSeconds(3600), "r-1", List.of("approver")));
		try (WebSocketProbe console = WebSocketProbe.open(gateway.url(), "/t/head-end/ws", subject, organisation)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> console.messages().contains("echo:hello"));

			store.suspend(organisation, "breach d1: ADV");

			await().atMost(Duration.ofSeconds(10)).until(() -> console.closeStatus() != null);
			// The receipt is written after the sessions are closed: wait for it rather than race it.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
					assertThat(receipts.receiptsFor(organisation, "breach d1: ADV")).singleElement().satisfies(receipt -> {
						assertThat(receipt.gatewayInstance()).isEqualTo("embedded-gw");
						assertThat(receipt.sessionsClosed()).isEqualTo(1);
					}));
		}
		assertThat(receipts.receiptsFor(organisation, "another suspension")).isEmpty();
		assertThat(receipts.receiptsFor(organisation, "breach d1: ADV")).extracting(SuspensionReceipt::organisation)
			.containsExactly(organisation);
	}

}
