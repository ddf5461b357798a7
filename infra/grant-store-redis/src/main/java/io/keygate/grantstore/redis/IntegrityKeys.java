package io.keygate.grantstore.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 key ring that makes records in Redis trustworthy: anyone who can reach Redis can
 * write to it, so the gateway believes only what the auth server (or, for audit entries, a gateway)
 * signed with a key they share. The first key signs; every key verifies, so a rotation adds the new
 * key second, then moves it first once every process has it, then drops the old one.
 * <p>
 * The MAC covers a canonical encoding: a purpose (so a MAC of one kind of record is never valid for
 * another), then each value with its length in front (so no separator can be smuggled to make two
 * different records encode alike).
 */
public final class IntegrityKeys {

	/** The answer of {@link #verify}: only {@link #VALID} may be acted on. */
	public enum Verdict {
		VALID, MISSING, UNKNOWN_KEY, BAD_MAC
	}

	/** A MAC with the id of the key that made it. */
	public record Signature(String keyId, String mac) {
		public Signature {
			Objects.requireNonNull(keyId, "keyId cannot be null");
			Objects.requireNonNull(mac, "mac cannot be null");
		}
	}

	private static final String ALGORITHM = "HmacSHA256";

	private final Map<String, SecretKeySpec> keys;

	private final String signingKeyId;

	private IntegrityKeys(List<IntegrityKey> keys) {
		if (keys == null || keys.isEmpty()) {
			throw new IllegalArgumentException(GrantStoreSettings.PREFIX + ".integrity-keys must name at least one key");
		}
		Map<String, SecretKeySpec> byId = new LinkedHashMap<>();
		for (IntegrityKey key : keys) {
			Objects.requireNonNull(key, "integrity key cannot be null");
			if (byId.put(key.id(), new SecretKeySpec(key.secret().getBytes(StandardCharsets.UTF_8), ALGORITHM)) != null) {
				throw new IllegalArgumentException(GrantStoreSettings.PREFIX + ".integrity-keys names key '" + key.id() + "' twice");
			}
		}
		this.keys = Map.copyOf(byId);
		this.signingKeyId = keys.get(0).id();
	}

	/** The ring of {@code keys}; the first signs. Throws IllegalArgumentException naming the property when empty or duplicated. */
	public static IntegrityKeys of(List<IntegrityKey> keys) {
		return new IntegrityKeys(keys);
	}

	public static IntegrityKeys of(IntegrityKey... keys) {
		return new IntegrityKeys(List.of(keys));
	}

	/** The id of the key that signs. */
	public String signingKeyId() {
		return this.signingKeyId;
	}

	/** Signs {@code values} for {@code purpose} with the first key. */
	public Signature sign(String purpose, List<String> values) {
		return new Signature(this.signingKeyId, mac(this.keys.get(this.signingKeyId), purpose, values));
	}

	/** Checks a MAC made by {@link #sign}; never throws for bad input (a forged record is an answer, not an error). */
	public Verdict verify(String purpose, List<String> values, String keyId, String mac) {
		if (keyId == null || mac == null || keyId.isEmpty() || mac.isEmpty()) {
			return Verdict.MISSING;
		}
		SecretKeySpec key = this.keys.get(keyId);
		if (key == null) {
			return Verdict.UNKNOWN_KEY;
		}
		byte[] expected = mac(key, purpose, values).getBytes(StandardCharsets.US_ASCII);
		// Constant time: a timing difference would let an attacker who can write Redis and time the gateway forge bytewise.
		return MessageDigest.isEqual(expected, mac.getBytes(StandardCharsets.US_ASCII)) ? Verdict.VALID : Verdict.BAD_MAC;
	}

	private static String mac(SecretKeySpec key, String purpose, List<String> values) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			update(mac, purpose);
			for (String value : values) {
				update(mac, value == null ? "" : value);
			}
			return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 unavailable (this is a bug)", ex);
		}
	}

	private static void update(Mac mac, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
		mac.update(bytes);
	}

	@Override
	public String toString() {
		return "IntegrityKeys[signing=" + this.signingKeyId + ", verifying=" + this.keys.keySet() + "]";
	}

}
