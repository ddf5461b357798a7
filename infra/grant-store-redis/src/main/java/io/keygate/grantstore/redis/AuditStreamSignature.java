package io.keygate.grantstore.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The MAC of a gateway audit-stream entry: the gateway signs every entry it XADDs, the auth server
 * verifies before it chains one, so that whoever can XADD to the stream cannot put a decision into
 * the chain as genuine. The MAC covers the stream's name and every field (sorted by name, each
 * length-prefixed), and is carried in the entry as {@code kid} and {@code mac}.
 */
public final class AuditStreamSignature {

	static final String PURPOSE = "keygate.audit-stream.v1";

	public static final String KEY_ID = "kid";

	public static final String MAC = "mac";

	private final IntegrityKeys keys;

	private final String stream;

	public AuditStreamSignature(IntegrityKeys keys, String stream) {
		this.keys = Objects.requireNonNull(keys, "keys cannot be null");
		this.stream = Objects.requireNonNull(stream, "stream cannot be null");
	}

	/** {@code fields} with {@code kid} and {@code mac} added (insertion order kept). */
	public Map<String, String> sign(Map<String, String> fields) {
		Objects.requireNonNull(fields, "fields cannot be null");
		if (fields.containsKey(KEY_ID) || fields.containsKey(MAC)) {
			throw new IllegalArgumentException("audit stream fields must not already carry kid or mac (this is a bug)");
		}
		IntegrityKeys.Signature signature = this.keys.sign(PURPOSE, covered(fields));
		Map<String, String> signed = new LinkedHashMap<>(fields);
		signed.put(KEY_ID, signature.keyId());
		signed.put(MAC, signature.mac());
		return signed;
	}

	/** Whether the entry's MAC verifies; never throws for any input. */
	public IntegrityKeys.Verdict verify(Map<String, String> entry) {
		if (entry == null) {
			return IntegrityKeys.Verdict.MISSING;
		}
		Map<String, String> fields = new TreeMap<>(entry);
		String keyId = fields.remove(KEY_ID);
		String mac = fields.remove(MAC);
		return this.keys.verify(PURPOSE, covered(fields), keyId, mac);
	}

	private List<String> covered(Map<String, String> fields) {
		List<String> covered = new ArrayList<>(fields.size() * 2 + 1);
		covered.add(this.stream);
		new TreeMap<>(fields).forEach((name, value) -> {
			covered.add(name);
			covered.add(value);
		});
		return covered;
	}

}
