package io.keygate.policy.audit;

import java.util.Objects;

/**
 * An audit entry fixed in the chain: its position, the hash of the event before it and its own
 * hash over both. Editing, removing or reordering any event breaks a link that
 * {@link AuditChainVerifier} points at.
 */
public record AuditEvent(long sequence, AuditEntry entry, String previousHash, String hash) {

	public AuditEvent {
		if (sequence < 1) {
			throw new IllegalArgumentException("sequence starts at 1, was " + sequence);
		}
		Objects.requireNonNull(entry, "entry cannot be null");
		Objects.requireNonNull(previousHash, "previousHash cannot be null");
		Objects.requireNonNull(hash, "hash cannot be null");
	}

}
