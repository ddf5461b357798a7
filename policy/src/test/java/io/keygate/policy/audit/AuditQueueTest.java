package io.keygate.policy.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.keygate.policy.decision.DenyReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AuditQueueTest {

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

	/** What the "store" committed, block by block. */
	private final List<List<AuditEntry>> blocks = Collections.synchronizedList(new ArrayList<>());

	private AuditQueue queue;

	@AfterEach
	void close() {
		if (this.queue != null) {
			this.queue.close(Duration.ofSeconds(5));
		}
	}

	private static AuditEntry entry(String path) {
		return AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.parse("2026-11-27T10:00:00Z")).detail("path", path).build();
	}

	private List<String> chainedPaths() {
		synchronized (this.blocks) {
			return this.blocks.stream().flatMap(List::stream).map(e -> e.details().getOrDefault("path", e.action())).toList();
		}
	}

	@Test
	void submitWhenManyEntriesThenChainedInBlocksOfAtMostMaxBlockInOrder() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.queue = new AuditQueue(new AuditQueue.Settings(1000, 50, Duration.ofMillis(20)), block -> {
			hold(release);
			this.blocks.add(block);
		}, this.clock);
		for (int i = 0; i < 300; i++) {
			this.queue.submit(entry("/" + i));
		}
		release.countDown();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.queue.chained() == 300);
		assertThat(chainedPaths()).hasSize(300).startsWith("/0", "/1", "/2").endsWith("/299");
		assertThat(this.blocks).allSatisfy(block -> assertThat(block).hasSizeLessThanOrEqualTo(50));
		// Batching happened: far fewer blocks than entries.
		assertThat(this.blocks.size()).isLessThan(30);
	}

	@Test
	void submitWhenQueueFullThenRefusedWithItsOwnReasonAndOverflowChainedLater() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.queue = new AuditQueue(new AuditQueue.Settings(5, 10, Duration.ZERO), block -> {
			hold(release);
			this.blocks.add(block);
		}, this.clock);
		// The writer takes the first entry and blocks on the store; five more fill the queue.
		this.queue.submit(entry("/first"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.queue.depth() == 0);
		for (int i = 0; i < 5; i++) {
			this.queue.submit(entry("/" + i));
		}

		assertThatThrownBy(() -> this.queue.submit(entry("/refused")))
			.isInstanceOfSatisfying(AuditBackpressureException.class,
					ex -> assertThat(ex.reason()).isEqualTo(DenyReason.AUDIT_QUEUE_FULL));
		assertThatThrownBy(() -> this.queue.submit(entry("/refused-too"))).isInstanceOf(AuditBackpressureException.class);

		release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> chainedPaths().contains("audit.queue.overflow"));
		assertThat(chainedPaths()).containsSubsequence("/first", "/0", "/1", "/2", "/3", "/4").doesNotContain("/refused");
		AuditEntry overflow = this.blocks.stream().flatMap(List::stream)
			.filter(e -> e.action().equals("audit.queue.overflow")).findFirst().orElseThrow();
		assertThat(overflow.severity()).isEqualTo(Severity.HIGH);
		assertThat(overflow.details()).containsEntry("denied", "2");
	}

	@Test
	void writeWhenOneEntryRefusedByStoreThenQuarantinedAndTheNextEntriesStillChained() {
		this.queue = new AuditQueue(new AuditQueue.Settings(100, 10, Duration.ofMillis(50)), block -> {
			for (AuditEntry entry : block) {
				if (entry.details().getOrDefault("path", "").length() > 100) {
					throw new IllegalStateException("value too long for column");
				}
			}
			this.blocks.add(block);
		}, this.clock);
		this.queue.submit(entry("/before"));
		this.queue.submit(entry("/" + "p".repeat(4100)));
		this.queue.submit(entry("/after"));

		await().atMost(Duration.ofSeconds(10)).until(() -> this.queue.chained() == 3);
		assertThat(chainedPaths()).containsExactly("/before", "audit.entry.quarantined", "/after");
		AuditEntry quarantine = this.blocks.stream().flatMap(List::stream)
			.filter(e -> e.action().equals("audit.entry.quarantined")).findFirst().orElseThrow();
		assertThat(quarantine.severity()).isEqualTo(Severity.HIGH);
		assertThat(quarantine.reason()).contains("value too long");
		assertThat(quarantine.details().get("raw.detail.path")).startsWith("/ppp").hasSizeLessThanOrEqualTo(256);
		assertThat(this.queue.quarantined()).isEqualTo(1);
	}

	@Test
	void writeWhenStoreDownThenNothingDroppedAndAllChainedOnceItIsBack() {
		AtomicBoolean down = new AtomicBoolean(true);
		this.queue = new AuditQueue(new AuditQueue.Settings(100, 10, Duration.ZERO), block -> {
			if (down.get()) {
				throw new IllegalStateException("connection refused");
			}
			this.blocks.add(block);
		}, this.clock);
		for (int i = 0; i < 20; i++) {
			this.queue.submit(entry("/" + i));
		}
		await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(this.blocks).isEmpty();
		assertThat(this.queue.quarantined()).isZero();

		down.set(false);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.queue.chained() == 20);
		assertThat(chainedPaths()).hasSize(20).startsWith("/0").endsWith("/19");
	}

	@Test
	void closeWhenEntriesQueuedThenFlushedIntoTheChainAndLaterSubmitsRefused() {
		CountDownLatch slow = new CountDownLatch(1);
		this.queue = new AuditQueue(new AuditQueue.Settings(1000, 7, Duration.ofMillis(5)), block -> {
			hold(slow, 20);
			this.blocks.add(block);
		}, this.clock);
		for (int i = 0; i < 100; i++) {
			this.queue.submit(entry("/" + i));
		}
		this.queue.close(Duration.ofSeconds(20));

		assertThat(chainedPaths()).hasSize(100);
		assertThatThrownBy(() -> this.queue.submit(entry("/late"))).isInstanceOf(IllegalStateException.class);
		this.queue = null;
	}

	private static void hold(CountDownLatch latch) {
		hold(latch, 10_000);
	}

	private static void hold(CountDownLatch latch, long millis) {
		try {
			latch.await(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
