package io.keygate.policy.audit;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The hashes of a {@link AuditBlock.Format#BLOCK_V2} block. An event's hash covers its sequence,
 * its block and its position in the block and every field of the entry; the block's hash covers
 * the previous block's hash, the block's number, first sequence and size, and its events' hashes
 * in order. Each input starts with a domain label so that an event hash can never be passed off as
 * a block hash (or a legacy event hash) and the other way round.
 */
public final class AuditBlockHashing {

	private static final String EVENT_DOMAIN = "keygate.audit.event.v2";

	private static final String BLOCK_DOMAIN = "keygate.audit.block.v2";

	private AuditBlockHashing() {
	}

	public static String eventHash(long sequence, long block, int position, AuditEntry entry) {
		MessageDigest sha256 = AuditHashing.sha256();
		AuditHashing.field(sha256, EVENT_DOMAIN);
		sha256.update(ByteBuffer.allocate(20).putLong(sequence).putLong(block).putInt(position).array());
		AuditHashing.entryFields(sha256, entry);
		return HexFormat.of().formatHex(sha256.digest());
	}

	public static String blockHash(String previousHash, long block, long firstSequence, List<String> eventHashes) {
		MessageDigest sha256 = AuditHashing.sha256();
		AuditHashing.field(sha256, BLOCK_DOMAIN);
		AuditHashing.field(sha256, previousHash);
		sha256.update(ByteBuffer.allocate(20).putLong(block).putLong(firstSequence).putInt(eventHashes.size()).array());
		for (String eventHash : eventHashes) {
			AuditHashing.field(sha256, eventHash);
		}
		return HexFormat.of().formatHex(sha256.digest());
	}

}
