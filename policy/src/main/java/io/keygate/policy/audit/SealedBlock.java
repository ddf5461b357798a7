package io.keygate.policy.audit;

import java.util.List;
import java.util.Objects;

/**
 * A block with its events, in position order. For {@link AuditBlock.Format#BLOCK_V2} each event's
 * {@code previousHash} is the block's previous hash and its {@code hash} is the event's own hash
 * inside the block; for a legacy block they are the old per-event chain values.
 */
public record SealedBlock(AuditBlock header, List<AuditEvent> events) {

	public SealedBlock {
		Objects.requireNonNull(header, "header cannot be null");
		events = List.copyOf(events);
	}

}
