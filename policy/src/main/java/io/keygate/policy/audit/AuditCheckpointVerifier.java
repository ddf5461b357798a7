package io.keygate.policy.audit;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

import io.keygate.policy.audit.AuditChainVerifier.Verification;

/**
 * Checks a stored chain against exported checkpoints: every checkpoint must carry a valid
 * signature of the checkpoint key, and the stored block at its number must have exactly its hash.
 * A database rewritten and re-hashed from some block on verifies as a chain on its own, but no
 * longer matches the first checkpoint at or after that block; a chain cut short no longer has the
 * checkpoint's block at all.
 */
public final class AuditCheckpointVerifier {

	private AuditCheckpointVerifier() {
	}

	/**
	 * {@code storedBlockHash} answers the stored hash of a block number (empty when there is no such
	 * block); {@code chain} is the result of verifying the stored chain itself.
	 */
	public static Verification verify(Verification chain, List<AuditCheckpoint> checkpoints, PublicKey key,
			LongFunction<Optional<AuditBlock>> storedBlock) {
		if (!chain.intact()) {
			return chain;
		}
		for (AuditCheckpoint checkpoint : checkpoints) {
			if (!checkpoint.signedBy(key)) {
				return Verification.broken(chain.eventsChecked(), checkpoint.lastSequence(), "the checkpoint of block "
						+ checkpoint.block() + " at " + checkpoint.at() + " is not signed by the checkpoint key");
			}
			if (checkpoint.block() == 0) {
				continue;
			}
			Optional<AuditBlock> stored = storedBlock.apply(checkpoint.block());
			if (stored.isEmpty()) {
				return Verification.broken(chain.eventsChecked(), checkpoint.lastSequence(), "block " + checkpoint.block()
						+ ", signed at " + checkpoint.at() + ", is missing from the database (events removed)");
			}
			if (!stored.get().hash().equals(checkpoint.hash()) || stored.get().lastSequence() != checkpoint.lastSequence()) {
				return Verification.broken(chain.eventsChecked(), stored.get().firstSequence(), "block " + checkpoint.block()
						+ " does not match the checkpoint signed at " + checkpoint.at()
						+ " (the chain up to it was rewritten and re-hashed)");
			}
		}
		return chain;
	}

}
