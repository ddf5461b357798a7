package io.keygate.policy.audit;

import java.util.ArrayList;
import java.util.List;

import io.keygate.policy.audit.AuditChainVerifier.Verification;

/**
 * Walks a block chain from its first block and points at the first broken link: the first
 * altered event when an event's content no longer matches its stored hash; the block's first
 * event when an event and its stored hash were both rewritten (the block hash then fails); a
 * gap or reordering by sequence or block number; a block that does not link to the one before.
 * Legacy single-event blocks verify as the old per-event chain did.
 */
public final class AuditBlockVerifier {

	private AuditBlockVerifier() {
	}

	/** Verifies blocks in the order given, which must be the order they were stored in. */
	public static Verification verify(Iterable<SealedBlock> blocks) {
		long expectedBlock = 1;
		long expectedSequence = 1;
		String expectedPrevious = AuditHashing.GENESIS;
		long checked = 0;
		for (SealedBlock sealed : blocks) {
			AuditBlock block = sealed.header();
			if (block.number() != expectedBlock) {
				return Verification.broken(checked, expectedSequence, "expected block " + expectedBlock + " but found block "
						+ block.number() + " (removed or reordered)");
			}
			if (block.firstSequence() != expectedSequence || sealed.events().size() != block.size()) {
				return Verification.broken(checked, expectedSequence, "block " + block.number() + " should start at event "
						+ expectedSequence + " and hold " + block.size() + " events but starts at " + block.firstSequence()
						+ " and holds " + sealed.events().size() + " (events removed, added or renumbered)");
			}
			if (!block.previousHash().equals(expectedPrevious)) {
				return Verification.broken(checked, block.firstSequence(), "block " + block.number()
						+ " does not link to the block before it (an earlier event was removed, altered or reordered)");
			}
			List<String> hashes = new ArrayList<>(block.size());
			for (int position = 0; position < sealed.events().size(); position++) {
				AuditEvent event = sealed.events().get(position);
				checked++;
				if (event.sequence() != block.firstSequence() + position) {
					return Verification.broken(checked, block.firstSequence() + position, "expected event "
							+ (block.firstSequence() + position) + " but found " + event.sequence() + " (removed or reordered)");
				}
				String recomputed = block.format() == AuditBlock.Format.SINGLE_EVENT_V1
						? AuditHashing.hash(event.sequence(), event.entry(), block.previousHash())
						: AuditBlockHashing.eventHash(event.sequence(), block.number(), position, event.entry());
				if (!recomputed.equals(event.hash())) {
					return Verification.broken(checked, event.sequence(), "event " + event.sequence() + " was altered");
				}
				hashes.add(event.hash());
			}
			String blockHash = block.format() == AuditBlock.Format.SINGLE_EVENT_V1 ? hashes.get(0)
					: AuditBlockHashing.blockHash(block.previousHash(), block.number(), block.firstSequence(), hashes);
			if (!blockHash.equals(block.hash())) {
				return Verification.broken(checked, block.firstSequence(), "block " + block.number()
						+ " does not match its events (an event and its hash were rewritten, or the block was)");
			}
			expectedBlock++;
			expectedSequence = block.lastSequence() + 1;
			expectedPrevious = block.hash();
		}
		return Verification.ok(checked);
	}

}
