package io.keygate.policy.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.policy.decision.DenyReason;

/**
 * The embedded mode's audit spool: a bounded in-memory queue drained by one chain writer, so that
 * the request path never waits for the chain's lock. {@link #submit} only offers to the queue; the
 * writer takes up to {@code maxBlock} entries or whatever arrived within {@code maxDelay} of the
 * first, whichever comes first, and writes them as one block.
 * <p>
 * Fail closed: when the queue is full {@link #submit} throws {@link AuditBackpressureException}
 * ({@link DenyReason#AUDIT_QUEUE_FULL}) and the caller denies; nothing accepted is dropped. The
 * denials themselves are counted and chained as one {@code audit.queue.overflow} event once the
 * writer has room, rather than one event each (which the full queue could not take).
 * <p>
 * Poison: a block the store refuses is retried entry by entry; an entry refused alone is chained
 * as a quarantine ({@link AuditQuarantine}) and the writer moves on. If even the quarantine is
 * refused the store itself is failing: the writer keeps the entries and retries with back-off
 * while the queue fills and requests are denied.
 * <p>
 * Durability: an entry is in memory between {@link #submit} and its block's commit (normally a
 * few milliseconds, at most the queue's depth at the store's rate). A clean shutdown ({@link #close})
 * stops accepting and flushes the queue into the chain; a crash of the JVM loses what was queued
 * and not yet written. OPERATING.md says so.
 */
public final class AuditQueue implements AuditSink, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AuditQueue.class);

	/** Writes one block durably, or throws. */
	@FunctionalInterface
	public interface BlockWriter {

		void write(List<AuditEntry> block);

	}

	/** Told after each block commits: when each of its entries was submitted ({@link System#nanoTime}). */
	@FunctionalInterface
	public interface Listener {

		void chained(long[] submittedNanos, long chainedNanos);

	}

	/** Queue capacity, the most entries in one block, and how long the writer waits to fill a block. */
	public record Settings(int capacity, int maxBlock, Duration maxDelay) {

		public Settings {
			if (capacity < 1 || maxBlock < 1) {
				throw new IllegalArgumentException("capacity and maxBlock must be positive");
			}
			Objects.requireNonNull(maxDelay, "maxDelay cannot be null");
		}

	}

	private record Pending(AuditEntry entry, long submittedNanos) {
	}

	private final ArrayBlockingQueue<Pending> queue;

	private final Settings settings;

	private final BlockWriter writer;

	private final Clock clock;

	private final AtomicReference<Listener> listener = new AtomicReference<>((submitted, chained) -> {
	});

	private final AtomicLong overflowed = new AtomicLong();

	private final AtomicReference<Instant> firstOverflow = new AtomicReference<>();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong chained = new AtomicLong();

	private final AtomicLong quarantined = new AtomicLong();

	private final Thread thread;

	private volatile boolean accepting = true;

	private volatile boolean running = true;

	public AuditQueue(Settings settings, BlockWriter writer, Clock clock) {
		this.settings = Objects.requireNonNull(settings, "settings cannot be null");
		this.writer = Objects.requireNonNull(writer, "writer cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.queue = new ArrayBlockingQueue<>(settings.capacity());
		this.thread = new Thread(this::run, "audit-chain-writer");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	public void listener(Listener listener) {
		this.listener.set(Objects.requireNonNull(listener, "listener cannot be null"));
	}

	/**
	 * Accepts {@code entry} into the queue without waiting. Throws {@link AuditBackpressureException}
	 * when the queue is full and {@link IllegalStateException} once the queue is closing.
	 */
	@Override
	public void submit(AuditEntry entry) {
		Objects.requireNonNull(entry, "entry cannot be null");
		if (!this.accepting) {
			throw new IllegalStateException("the audit queue is shutting down");
		}
		if (!this.queue.offer(new Pending(entry, System.nanoTime()))) {
			if (this.overflowed.getAndIncrement() == 0) {
				this.firstOverflow.compareAndSet(null, this.clock.instant());
			}
			throw new AuditBackpressureException(DenyReason.AUDIT_QUEUE_FULL,
					"audit queue full (" + this.settings.capacity() + " entries waiting for the chain)");
		}
		this.accepted.incrementAndGet();
	}

	public int depth() {
		return this.queue.size();
	}

	public long accepted() {
		return this.accepted.get();
	}

	public long chained() {
		return this.chained.get();
	}

	public long quarantined() {
		return this.quarantined.get();
	}

	/** Requests denied because the queue was full and not yet chained as an overflow event. */
	public long overflowPending() {
		return this.overflowed.get();
	}

	private void run() {
		List<Pending> block = new ArrayList<>(this.settings.maxBlock());
		long backoff = 50;
		while (this.running || !this.queue.isEmpty() || !block.isEmpty()) {
			try {
				if (block.isEmpty()) {
					fill(block);
				}
				if (!block.isEmpty()) {
					writeOrQuarantine(block);
				}
				chainOverflow();
				backoff = 50;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// The store itself fails (not one entry): keep the block, retry; the queue fills meanwhile.
				log.error("Audit chain writer cannot write ({} entries held, {} queued); retrying in {} ms", block.size(),
						this.queue.size(), backoff, ex);
				try {
					Thread.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				backoff = Math.min(backoff * 2, 2000);
			}
		}
	}

	private void fill(List<Pending> block) throws InterruptedException {
		Pending first = this.queue.poll(100, TimeUnit.MILLISECONDS);
		if (first == null) {
			return;
		}
		block.add(first);
		long deadline = System.nanoTime() + this.settings.maxDelay().toNanos();
		while (block.size() < this.settings.maxBlock()) {
			if (this.queue.drainTo(block, this.settings.maxBlock() - block.size()) > 0) {
				continue;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0 || !this.running) {
				return;
			}
			Pending next = this.queue.poll(left, TimeUnit.NANOSECONDS);
			if (next == null) {
				return;
			}
			block.add(next);
		}
	}

	/** Writes {@code block} and clears it; throws (keeping what is unwritten) when the store fails. */
	private void writeOrQuarantine(List<Pending> block) {
		try {
			this.writer.write(block.stream().map(Pending::entry).toList());
			done(block, block.size());
			return;
		}
		catch (RuntimeException ex) {
			if (block.size() == 1 && !quarantine(block.get(0), ex)) {
				throw ex;
			}
			if (block.size() == 1) {
				done(block, 1);
				return;
			}
		}
		// One entry may be poison: write them one by one, quarantining what the store refuses alone.
		while (!block.isEmpty()) {
			Pending one = block.get(0);
			try {
				this.writer.write(List.of(one.entry()));
			}
			catch (RuntimeException ex) {
				if (!quarantine(one, ex)) {
					throw ex;
				}
			}
			done(block, 1);
		}
	}

	private boolean quarantine(Pending refused, RuntimeException problem) {
		AuditEntry quarantine = AuditQuarantine.of(refused.entry(), String.valueOf(problem.getMessage()), "embedded audit queue",
				this.clock.instant());
		try {
			this.writer.write(List.of(quarantine));
		}
		catch (RuntimeException ex) {
			return false;
		}
		this.quarantined.incrementAndGet();
		log.error("Audit entry {} refused by the store; chained as a quarantine", refused.entry().action(), problem);
		return true;
	}

	private void done(List<Pending> block, int count) {
		List<Pending> written = block.subList(0, count);
		long[] submitted = new long[count];
		for (int i = 0; i < count; i++) {
			submitted[i] = written.get(i).submittedNanos();
		}
		written.clear();
		this.chained.addAndGet(count);
		this.listener.get().chained(submitted, System.nanoTime());
	}

	private void chainOverflow() {
		long denied = this.overflowed.get();
		if (denied == 0) {
			return;
		}
		Instant first = this.firstOverflow.get();
		this.writer.write(List.of(AuditEntry.builder(AuditAction.AUDIT_QUEUE_OVERFLOW, this.clock.instant())
			.severity(Severity.HIGH)
			.outcome("deny")
			.reason(DenyReason.AUDIT_QUEUE_FULL.name())
			.detail("denied", denied)
			.detail("since", first == null ? "" : first.toString())
			.detail("capacity", this.settings.capacity())
			.build()));
		this.overflowed.addAndGet(-denied);
		this.firstOverflow.compareAndSet(first, null);
		log.error("Audit queue was full: {} requests denied since {}", denied, first);
	}

	/**
	 * Stops accepting, writes everything already accepted into the chain (waiting at most
	 * {@code timeout}) and stops the writer. What is still queued after the timeout is logged as lost.
	 */
	public void close(Duration timeout) {
		this.accepting = false;
		this.running = false;
		try {
			this.thread.join(Math.max(1, timeout.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.thread.isAlive()) {
			this.thread.interrupt();
			log.error("Audit queue closed with {} entries not chained (the store did not take them within {})",
					this.queue.size(), timeout);
		}
	}

	@Override
	public void close() {
		close(Duration.ofSeconds(30));
	}

}
