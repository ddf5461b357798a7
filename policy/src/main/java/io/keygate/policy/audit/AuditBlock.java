package io.keygate.policy.audit;

import java.util.Objects;

/**
 * The header of one block of the chain: its number, the sequence of its first event, how many
 * events it holds, the hash of the block before it and its own hash.
 * <p>
 * Two formats coexist in one chain. {@link Format#SINGLE_EVENT_V1} is an event chained before
 * blocks existed, migrated as a block of one: its block hash is that event's own hash
 * ({@link AuditHashing}), so chains written by earlier versions verify unchanged.
 * {@link Format#BLOCK_V2} hashes the previous block's hash and the hashes of its events in order
 * ({@link AuditBlockHashing}); each event's hash covers its position in the block, so an event
 * moved inside a block is caught as well as one altered.
 */
public record AuditBlock(long number, long firstSequence, int size, String previousHash, String hash, Format format) {

	/** How a block was hashed. */
	public enum Format {
		SINGLE_EVENT_V1, BLOCK_V2
	}

	public AuditBlock {
		if (number < 1 || firstSequence < 1 || size < 1) {
			throw new IllegalArgumentException("block number, first sequence and size start at 1 (" + number + ", "
					+ firstSequence + ", " + size + ")");
		}
		Objects.requireNonNull(previousHash, "previousHash cannot be null");
		Objects.requireNonNull(hash, "hash cannot be null");
		Objects.requireNonNull(format, "format cannot be null");
		if (format == Format.SINGLE_EVENT_V1 && size != 1) {
			throw new IllegalArgumentException("a legacy block holds exactly one event, not " + size);
		}
	}

	public long lastSequence() {
		return this.firstSequence + this.size - 1;
	}

}
