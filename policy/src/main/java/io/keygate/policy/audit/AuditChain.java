package io.keygate.policy.audit;

import java.util.Objects;

/**
 * Links entries into the chain. Holds the position and hash of the last event; callers that
 * persist events (the JDBC audit log) resume it with {@link #resume} from the last stored event
 * and must append under a lock or transaction of their own so that two writers never both take
 * the same position.
 */
public final class AuditChain {

	private long lastSequence;

	private String lastHash;

	private AuditChain(long lastSequence, String lastHash) {
		this.lastSequence = lastSequence;
		this.lastHash = lastHash;
	}

	public static AuditChain empty() {
		return new AuditChain(0, AuditHashing.GENESIS);
	}

	public static AuditChain resume(AuditEvent last) {
		return new AuditChain(last.sequence(), last.hash());
	}

	/** Chains {@code entry} after the last event. Not thread-safe: callers serialise appends. */
	public AuditEvent append(AuditEntry entry) {
		Objects.requireNonNull(entry, "entry cannot be null");
		long sequence = this.lastSequence + 1;
		String hash = AuditHashing.hash(sequence, entry, this.lastHash);
		AuditEvent event = new AuditEvent(sequence, entry, this.lastHash, hash);
		this.lastSequence = sequence;
		this.lastHash = hash;
		return event;
	}

}
