package io.keygate.policy.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A signed statement of the chain's head: "at {@code at}, block {@code block} (ending at event
 * {@code lastSequence}) had hash {@code hash}". Signed with a key kept outside the database
 * (Ed25519 through the JDK) and exported beside it (file, webhook), so that someone who rewrites
 * the database and recomputes every hash still cannot match a checkpoint already exported: the
 * recomputed hash at that block differs, and forging a new checkpoint needs the key.
 * <p>
 * The signed payload is one fixed text ({@link #payload}), never a JSON rendering, so that
 * verifiers in any language sign and check the same bytes.
 */
public record AuditCheckpoint(long block, long lastSequence, String hash, Instant at, String keyId, String signature) {

	public static final String ALGORITHM = "Ed25519";

	public AuditCheckpoint {
		if (block < 0 || lastSequence < 0) {
			throw new IllegalArgumentException("block and sequence cannot be negative");
		}
		Objects.requireNonNull(hash, "hash cannot be null");
		Objects.requireNonNull(at, "at cannot be null");
		keyId = keyId == null ? "" : keyId;
		signature = signature == null ? "" : signature;
	}

	/** The exact bytes the signature covers. */
	public static byte[] payload(long block, long lastSequence, String hash, Instant at, String keyId) {
		return ("keygate-audit-checkpoint-v1\nblock=" + block + "\nsequence=" + lastSequence + "\nhash=" + hash + "\nat=" + at
				+ "\nkey=" + keyId + "\n").getBytes(StandardCharsets.UTF_8);
	}

	public static AuditCheckpoint sign(long block, long lastSequence, String hash, Instant at, String keyId,
			PrivateKey key) {
		try {
			Signature signer = Signature.getInstance(ALGORITHM);
			signer.initSign(key);
			signer.update(payload(block, lastSequence, hash, at, keyId));
			return new AuditCheckpoint(block, lastSequence, hash, at, keyId,
					Base64.getEncoder().encodeToString(signer.sign()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot sign an audit checkpoint with " + ALGORITHM, ex);
		}
	}

	/** Whether the signature is {@code key}'s over this checkpoint's payload. */
	public boolean signedBy(PublicKey key) {
		try {
			Signature verifier = Signature.getInstance(ALGORITHM);
			verifier.initVerify(key);
			verifier.update(payload(this.block, this.lastSequence, this.hash, this.at, this.keyId));
			return verifier.verify(Base64.getDecoder().decode(this.signature));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

	/** One line of the export (a flat JSON object; every value is a number or a plain token). */
	public String toJsonLine() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("block", Long.toString(this.block));
		fields.put("sequence", Long.toString(this.lastSequence));
		fields.put("hash", quoted(this.hash));
		fields.put("at", quoted(this.at.toString()));
		fields.put("key", quoted(this.keyId));
		fields.put("algorithm", quoted(ALGORITHM));
		fields.put("signature", quoted(this.signature));
		StringBuilder json = new StringBuilder("{");
		fields.forEach((key, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(key).append("\":").append(value));
		return json.append('}').toString();
	}

	/** Reads a line written by {@link #toJsonLine}; throws {@link IllegalArgumentException} for anything else. */
	public static AuditCheckpoint fromJsonLine(String line) {
		Map<String, String> fields = new LinkedHashMap<>();
		String body = line.strip();
		if (!body.startsWith("{") || !body.endsWith("}")) {
			throw new IllegalArgumentException("not a checkpoint line");
		}
		for (String pair : body.substring(1, body.length() - 1).split(",")) {
			int colon = pair.indexOf(':');
			if (colon < 0) {
				throw new IllegalArgumentException("not a checkpoint line");
			}
			fields.put(unquoted(pair.substring(0, colon)), unquoted(pair.substring(colon + 1)));
		}
		try {
			return new AuditCheckpoint(Long.parseLong(fields.get("block")), Long.parseLong(fields.get("sequence")),
					fields.get("hash"), Instant.parse(fields.get("at")), fields.get("key"), fields.get("signature"));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("not a checkpoint line: " + ex.getMessage());
		}
	}

	private static String quoted(String value) {
		if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0 || value.indexOf(',') >= 0) {
			throw new IllegalArgumentException("checkpoint values are plain tokens");
		}
		return '"' + value + '"';
	}

	private static String unquoted(String value) {
		String v = value.strip();
		return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
	}

}
