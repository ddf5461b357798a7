package io.keygate.auth.audit.checkpoint;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.policy.audit.AuditChainVerifier.Verification;
import io.keygate.policy.audit.AuditCheckpoint;
import io.keygate.policy.audit.AuditCheckpointVerifier;

/**
 * Signs the chain head and exports it, and verifies the database chain against what was
 * exported. {@link #checkpoint} is run periodically ({@code keygate.audit.checkpoint.interval});
 * it signs only when the head moved since the last checkpoint.
 */
public final class AuditCheckpoints {

	private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

	/** The webhook event type of an exported checkpoint. */
	public static final String WEBHOOK_TYPE = "audit.checkpoint";

	private final JdbcAuditLog chain;

	private final CheckpointKey key;

	private final CheckpointExportFile file;

	private final BiConsumer<String, Map<String, ?>> webhook;

	private final Clock clock;

	private final AtomicReference<AuditCheckpoint> last = new AtomicReference<>();

	public AuditCheckpoints(JdbcAuditLog chain, CheckpointKey key, CheckpointExportFile file,
			BiConsumer<String, Map<String, ?>> webhook, Clock clock) {
		this.chain = Objects.requireNonNull(chain, "chain cannot be null");
		this.key = Objects.requireNonNull(key, "key cannot be null");
		this.file = Objects.requireNonNull(file, "file cannot be null");
		this.webhook = Objects.requireNonNull(webhook, "webhook cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/** Signs and exports the current head, unless it is the one signed last; returns what was exported. */
	public synchronized Optional<AuditCheckpoint> checkpoint() {
		JdbcAuditLog.Head head = this.chain.head();
		AuditCheckpoint previous = this.last.get();
		if (previous == null) {
			previous = this.file.read().stream().reduce((a, b) -> b).orElse(null);
		}
		if (previous != null && previous.block() == head.lastBlock() && previous.hash().equals(head.lastHash())) {
			this.last.set(previous);
			return Optional.empty();
		}
		AuditCheckpoint checkpoint = AuditCheckpoint.sign(head.lastBlock(), head.lastSequence(), head.lastHash(),
				this.clock.instant(), this.key.keyId(), this.key.privateKey());
		this.file.append(checkpoint);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("block", checkpoint.block());
		data.put("sequence", checkpoint.lastSequence());
		data.put("hash", checkpoint.hash());
		data.put("signedAt", checkpoint.at().toString());
		data.put("key", checkpoint.keyId());
		data.put("algorithm", AuditCheckpoint.ALGORITHM);
		data.put("signature", checkpoint.signature());
		try {
			this.webhook.accept(WEBHOOK_TYPE, data);
		}
		catch (RuntimeException ex) {
			// The file holds it; the webhook is a second copy.
			log.warn("Audit checkpoint of block {} not queued for the webhook", checkpoint.block(), ex);
		}
		this.last.set(checkpoint);
		log.info("Audit checkpoint: block {} (event {}) hash {} signed with {}", checkpoint.block(), checkpoint.lastSequence(),
				checkpoint.hash(), checkpoint.keyId());
		return Optional.of(checkpoint);
	}

	/**
	 * Verifies the database chain, then every exported checkpoint against it: a rewritten and
	 * re-hashed chain verifies on its own but fails here.
	 */
	public Verification verify() {
		return AuditCheckpointVerifier.verify(this.chain.verify(), this.file.read(), this.key.publicKey(), this.chain::block);
	}

	/** The checkpoints exported so far, oldest first (the evidence pack lists them). */
	public java.util.List<AuditCheckpoint> exported() {
		return this.file.read();
	}

	public CheckpointKey key() {
		return this.key;
	}

}
