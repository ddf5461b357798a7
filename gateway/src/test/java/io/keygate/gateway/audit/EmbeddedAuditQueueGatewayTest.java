package io.keygate.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditFieldLimits;
import io.keygate.policy.audit.AuditQueue;
import io.keygate.policy.audit.AuditSink;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.testsupport.EmbeddedParent;

/**
 * The embedded mode's gateway in front of the real bounded audit queue: it forwards only once its
 * decision is in the queue, and denies with {@code AUDIT_QUEUE_FULL} (never forwards, never drops
 * silently) when the chain writer is behind and the queue is full.
 */
class EmbeddedAuditQueueGatewayTest {

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<AuditEntry> chained = Collections.synchronizedList(new ArrayList<>());

	private final CountDownLatch storeStalled = new CountDownLatch(1);

	private RecordingUpstream upstream;

	private AuditQueue queue;

	private GenericApplicationContext parent;

	private TestGateway gateway;

	@BeforeEach
	void start() {
		this.upstream = new RecordingUpstream();
		InMemoryGrantStore store = new InMemoryGrantStore(Clock.systemUTC());
		assertThat(store.put(new Grant("g-1", "vic@itron", "itron", "head-end", "read", Instant.now().minusSeconds(60),
				Instant.now().plusSeconds(3600), "r-1", List.of("approver")))).isEqualTo(GrantStore.PutResult.STORED);
		// A chain writer whose store stalls until the test releases it; capacity 3.
		this.queue = new AuditQueue(new AuditQueue.Settings(3, 100, Duration.ZERO), block -> {
			try {
				this.storeStalled.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.chained.addAll(block);
		}, Clock.systemUTC());
		this.parent = EmbeddedParent.with("clock", Clock.systemUTC())
			.and("grantStore", store)
			.and("auditQueue", (AuditSink) this.queue)
			.start();
		this.gateway = TestGateway.start(this.parent, TestGateway.properties(this.upstream, Map.of()));
	}

	@AfterEach
	void stop() {
		this.storeStalled.countDown();
		this.gateway.close();
		this.parent.close();
		this.queue.close(Duration.ofSeconds(5));
		this.upstream.close();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.gateway.url() + path))
			.header(TestSignin.SUBJECT, "vic@itron")
			.header(TestSignin.ORGANISATION, "itron")
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void requestWhenAuditQueueFullThenDeniedWithItsOwnReasonNotForwardedAndTheDenialsChainedOnceTheStoreRecovers()
			throws Exception {
		// Denials to fill it: one entry each (an allowed request adds its completion too). The first is
		// taken by the stalled writer, the next three fill the queue.
		assertThat(get("/t/nowhere/0").statusCode()).isEqualTo(403);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.queue.depth() == 0);
		for (int i = 1; i <= 3; i++) {
			assertThat(get("/t/nowhere/" + i).statusCode()).isEqualTo(403);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.queue.depth() == 3);

		HttpResponse<String> refused = get("/t/head-end/api/meters/4");

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("\"code\":\"AUDIT_QUEUE_FULL\"").doesNotContain("queue full (");
		assertThat(this.upstream.received()).isEmpty();

		this.storeStalled.countDown();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.chained.stream().anyMatch(e -> e.action().equals("audit.queue.overflow")));
		assertThat(this.chained).filteredOn(e -> e.action().equals("access.decision"))
			.extracting(e -> e.reason())
			.containsExactly("UNKNOWN_TARGET", "UNKNOWN_TARGET", "UNKNOWN_TARGET", "UNKNOWN_TARGET");
		assertThat(this.chained).filteredOn(e -> e.action().equals("audit.queue.overflow"))
			.singleElement()
			.satisfies(e -> assertThat(e.details()).containsEntry("denied", "1"));
		assertThat(get("/t/head-end/api/meters/5").statusCode()).isEqualTo(200);
	}

	@Test
	void requestWhenTargetSegmentOverLongThenDecisionQueuedWithinFieldLimits() throws Exception {
		this.storeStalled.countDown();
		String target = "x".repeat(4000);

		HttpResponse<String> response = get("/t/" + target + "/api");

		assertThat(response.statusCode()).isEqualTo(403);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.chained.isEmpty());
		AuditEntry entry = this.chained.get(0);
		assertThat(entry.reason()).isEqualTo("UNKNOWN_TARGET");
		assertThat(entry.targetId()).startsWith("xxx").hasSizeLessThanOrEqualTo(AuditFieldLimits.MAX_FIELD);
		assertThat(AuditFieldLimits.within(entry)).isTrue();
		assertThat(entry.details()).containsEntry(AuditFieldLimits.TRUNCATED_DETAIL, "true");
	}

}
