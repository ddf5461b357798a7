package io.keygate.policy.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Seals entries into blocks. Holds the last block's number and hash and the last event's
 * sequence; a store resumes it from its head row and seals under a lock or transaction of its own
 * so that two writers never take the same block number.
 */
public final class AuditBlockChain {

	private long lastBlock;

	private long lastSequence;

	private String lastHash;

	private AuditBlockChain(long lastBlock, long lastSequence, String lastHash) {
		this.lastBlock = lastBlock;
		this.lastSequence = lastSequence;
		this.lastHash = Objects.requireNonNull(lastHash, "lastHash cannot be null");
	}

	public static AuditBlockChain empty() {
		return new AuditBlockChain(0, 0, AuditHashing.GENESIS);
	}

	public static AuditBlockChain resume(long lastBlock, long lastSequence, String lastHash) {
		return new AuditBlockChain(lastBlock, lastSequence, lastHash);
	}

	/** Seals {@code entries} (at least one) as the next block. Not thread-safe: callers serialise. */
	public SealedBlock seal(List<AuditEntry> entries) {
		if (entries.isEmpty()) {
			throw new IllegalArgumentException("a block holds at least one entry");
		}
		long block = this.lastBlock + 1;
		long first = this.lastSequence + 1;
		List<AuditEvent> events = new ArrayList<>(entries.size());
		List<String> hashes = new ArrayList<>(entries.size());
		for (int position = 0; position < entries.size(); position++) {
			AuditEntry entry = Objects.requireNonNull(entries.get(position), "entry cannot be null");
			String hash = AuditBlockHashing.eventHash(first + position, block, position, entry);
			hashes.add(hash);
			events.add(new AuditEvent(first + position, entry, this.lastHash, hash));
		}
		String blockHash = AuditBlockHashing.blockHash(this.lastHash, block, first, hashes);
		AuditBlock header = new AuditBlock(block, first, entries.size(), this.lastHash, blockHash, AuditBlock.Format.BLOCK_V2);
		this.lastBlock = block;
		this.lastSequence = first + entries.size() - 1;
		this.lastHash = blockHash;
		return new SealedBlock(header, events);
	}

	public long lastBlock() {
		return this.lastBlock;
	}

	public long lastSequence() {
		return this.lastSequence;
	}

	public String lastHash() {
		return this.lastHash;
	}

}
