package io.keygate.auth.audit;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code keygate.audit.*}: the embedded audit queue and the signed checkpoints of the chain.
 *
 * @param queue the embedded mode's queue between the gateway and the chain
 * @param checkpoint the periodic signed statement of the chain head
 */
@ConfigurationProperties("keygate.audit")
public record AuditProperties(Queue queue, Checkpoint checkpoint) {

	public AuditProperties {
		queue = queue == null ? new Queue(null, null, null) : queue;
		checkpoint = checkpoint == null ? new Checkpoint(null, null, null, null, null) : checkpoint;
	}

	/**
	 * @param capacity entries the queue holds before requests are denied ({@code AUDIT_QUEUE_FULL}); default 50,000
	 * @param maxBlock the most entries in one block; default 500
	 * @param maxDelay how long the writer waits for a block to fill once it holds one entry; default 10 ms
	 */
	public record Queue(Integer capacity, Integer maxBlock, Duration maxDelay) {

		public Queue {
			capacity = capacity == null ? 50_000 : capacity;
			maxBlock = maxBlock == null ? 500 : maxBlock;
			maxDelay = maxDelay == null ? Duration.ofMillis(10) : maxDelay;
			if (capacity < 1) {
				throw new IllegalArgumentException("keygate.audit.queue.capacity must be positive, was " + capacity);
			}
			if (maxBlock < 1 || maxBlock > 5000) {
				throw new IllegalArgumentException("keygate.audit.queue.max-block must be 1..5000, was " + maxBlock);
			}
			if (maxDelay.isNegative() || maxDelay.compareTo(Duration.ofSeconds(1)) > 0) {
				throw new IllegalArgumentException("keygate.audit.queue.max-delay must be 0..1s, was " + maxDelay);
			}
		}

	}

	/**
	 * @param interval how often the chain head is signed and exported (only when it moved); default 1 minute
	 * @param keyFile the Ed25519 key (PEM: PRIVATE KEY, then PUBLIC KEY); created on first start when
	 * absent. Keep it outside the database and its backups
	 * @param privateKey the same key as an environment secret instead of a file (base64 PKCS#8), with
	 * {@code publicKey} (base64 X.509)
	 * @param publicKey see {@code privateKey}
	 * @param exportFile where signed checkpoints are appended, one JSON line each; required when
	 * checkpoints are on
	 */
	public record Checkpoint(Duration interval, Path keyFile, String privateKey, String publicKey, Path exportFile) {

		public Checkpoint {
			interval = interval == null ? Duration.ofMinutes(1) : interval;
			if (interval.compareTo(Duration.ofMillis(100)) < 0) {
				throw new IllegalArgumentException("keygate.audit.checkpoint.interval must be at least 100ms, was " + interval);
			}
		}

		public boolean enabled() {
			return this.keyFile != null || (this.privateKey != null && !this.privateKey.isBlank());
		}

	}

}
