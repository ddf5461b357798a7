package io.keygate.policy.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The chain's hash: SHA-256 over the previous hash, the sequence and every field of the entry.
 * Each field is length-prefixed so that no two different entries share an input ("ab"+"c" vs
 * "a"+"bc"); the time is hashed as epoch seconds and nanos so that formatting cannot change it.
 */
public final class AuditHashing {

	/** The "previous hash" of the first event. */
	public static final String GENESIS = "0".repeat(64);

	private AuditHashing() {
	}

	public static String hash(long sequence, AuditEntry entry, String previousHash) {
		MessageDigest sha256 = sha256();
		field(sha256, previousHash);
		sha256.update(ByteBuffer.allocate(8).putLong(sequence).array());
		entryFields(sha256, entry);
		return HexFormat.of().formatHex(sha256.digest());
	}

	/** Every field of {@code entry}, length-prefixed; shared with the block hashing of {@link AuditBlockHashing}. */
	static void entryFields(MessageDigest sha256, AuditEntry entry) {
		sha256.update(ByteBuffer.allocate(12).putLong(entry.at().getEpochSecond()).putInt(entry.at().getNano()).array());
		field(sha256, entry.actor());
		field(sha256, entry.organisation());
		field(sha256, entry.action());
		field(sha256, entry.targetId());
		field(sha256, entry.grantId());
		field(sha256, entry.requestId());
		field(sha256, entry.outcome());
		field(sha256, entry.reason());
		field(sha256, entry.clientAddress());
		field(sha256, entry.severity().name());
		sha256.update(ByteBuffer.allocate(4).putInt(entry.details().size()).array());
		for (Map.Entry<String, String> detail : entry.details().entrySet()) {
			field(sha256, detail.getKey());
			field(sha256, detail.getValue());
		}
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	static void field(MessageDigest digest, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
		digest.update(bytes);
	}

}
