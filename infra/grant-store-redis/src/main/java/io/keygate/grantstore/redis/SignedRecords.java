package io.keygate.grantstore.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.keygate.policy.grant.Grant;

/**
 * The MACs of what the grant store keeps in Redis and publishes: grant hashes, suspension records and
 * revocation messages. Every MAC also covers the installation's key base, so a record signed for one
 * installation (or test run) sharing the keys is not valid in another.
 * <p>
 * Verification re-encodes what was parsed and requires the stored hash to be exactly that encoding
 * plus {@code kid} and {@code mac}: a field added, dropped or changed beside a valid MAC is refused,
 * so nothing the scripts read (e.g. {@code nam}) can differ from what the MAC covers.
 */
final class SignedRecords {

	static final String GRANT = "keygate.grant.v1";

	static final String SUSPENSION = "keygate.suspension.v1";

	static final String REVOCATION = "keygate.revocation.v1";

	static final String KEY_ID = "kid";

	static final String MAC = "mac";

	/** Suspension states: a lift is a signed record too, never a deletion (a deletion cannot carry a MAC). */
	static final String SUSPENDED = "SUSPENDED";

	static final String RESUMED = "RESUMED";

	/** A record that failed verification; the message is the problem, for the alert. */
	static final class TamperedException extends Exception {

		private static final long serialVersionUID = 1L;

		TamperedException(String problem) {
			super(problem, null, false, false);
		}

	}

	private final IntegrityKeys keys;

	private final String base;

	SignedRecords(IntegrityKeys keys, String base) {
		this.keys = Objects.requireNonNull(keys, "keys cannot be null");
		this.base = Objects.requireNonNull(base, "base cannot be null");
	}

	/** The grant hash's field/value pairs with {@code kid} and {@code mac} appended. */
	List<String> signedGrant(Grant grant) {
		List<String> fields = new ArrayList<>(RedisGrantCodec.fields(grant));
		IntegrityKeys.Signature signature = this.keys.sign(GRANT, covered(fields));
		fields.add(KEY_ID);
		fields.add(signature.keyId());
		fields.add(MAC);
		fields.add(signature.mac());
		return fields;
	}

	/** The grant in a flat HGETALL reply, only if its MAC verifies and nothing beside it was changed. */
	Grant verifiedGrant(Object flatReply) throws TamperedException {
		Map<String, String> stored;
		Grant grant;
		try {
			stored = RedisGrantCodec.map(flatReply);
			grant = RedisGrantCodec.grant(stored);
		}
		catch (IllegalStateException ex) {
			throw new TamperedException("unreadable grant record: " + ex.getMessage());
		}
		List<String> canonical = RedisGrantCodec.fields(grant);
		requireExactly(stored, canonical, "grant record");
		verify(GRANT, canonical, stored);
		return grant;
	}

	/** HSET arguments of a suspension record of {@code organisation} in {@code state}. */
	List<String> signedSuspension(String organisation, String state, String reason, long atMillis) {
		List<String> fields = List.of("org", organisation, "state", state, "reason", reason, "at", Long.toString(atMillis));
		List<String> out = new ArrayList<>(fields);
		IntegrityKeys.Signature signature = this.keys.sign(SUSPENSION, covered(fields));
		out.addAll(List.of(KEY_ID, signature.keyId(), MAC, signature.mac()));
		return out;
	}

	/** The verified state ({@link #SUSPENDED} or {@link #RESUMED}) of a suspension record of {@code organisation}. */
	String verifiedSuspensionState(Object flatReply, String organisation) throws TamperedException {
		Map<String, String> stored;
		try {
			stored = RedisGrantCodec.map(flatReply);
		}
		catch (IllegalStateException ex) {
			throw new TamperedException("unreadable suspension record: " + ex.getMessage());
		}
		String state = stored.get("state");
		List<String> canonical = List.of("org", String.valueOf(stored.get("org")), "state", String.valueOf(state), "reason",
				String.valueOf(stored.get("reason")), "at", String.valueOf(stored.get("at")));
		requireExactly(stored, canonical, "suspension record");
		verify(SUSPENSION, canonical, stored);
		if (!organisation.equals(stored.get("org"))) {
			// A genuine record copied under another organisation's key: e.g. a lift of org A replayed to lift org B.
			throw new TamperedException("suspension record of '" + stored.get("org") + "' stored for '" + organisation + "'");
		}
		if (!SUSPENDED.equals(state) && !RESUMED.equals(state)) {
			throw new TamperedException("unknown suspension state");
		}
		return state;
	}

	/** A revocation message: {@code v2}, key id, MAC, then the body (the v1 format, see common.lua / RedisGrantCodec). */
	String signedMessage(String body) {
		IntegrityKeys.Signature signature = this.keys.sign(REVOCATION, List.of(this.base, body));
		return "v2\n" + signature.keyId() + "\n" + signature.mac() + "\n" + body;
	}

	/** The body of a signed revocation message, only if its MAC verifies. */
	String verifiedMessageBody(String message) throws TamperedException {
		String[] parts = message.split("\n", 4);
		if (parts.length < 4 || !"v2".equals(parts[0])) {
			throw new TamperedException("unsigned revocation message");
		}
		IntegrityKeys.Verdict verdict = this.keys.verify(REVOCATION, List.of(this.base, parts[3]), parts[1], parts[2]);
		if (verdict != IntegrityKeys.Verdict.VALID) {
			throw new TamperedException("revocation message MAC: " + verdict);
		}
		return parts[3];
	}

	private List<String> covered(List<String> fields) {
		List<String> covered = new ArrayList<>(fields.size() + 1);
		covered.add(this.base);
		covered.addAll(fields);
		return covered;
	}

	private void verify(String purpose, List<String> canonical, Map<String, String> stored) throws TamperedException {
		IntegrityKeys.Verdict verdict = this.keys.verify(purpose, covered(canonical), stored.get(KEY_ID), stored.get(MAC));
		if (verdict != IntegrityKeys.Verdict.VALID) {
			throw new TamperedException(purpose + " MAC: " + verdict + (verdict == IntegrityKeys.Verdict.UNKNOWN_KEY
					? " (key id '" + IntegrityViolation.truncate(stored.get(KEY_ID)) + "')" : ""));
		}
	}

	private static void requireExactly(Map<String, String> stored, List<String> canonical, String what)
			throws TamperedException {
		Map<String, String> expected = new HashMap<>();
		for (int i = 0; i < canonical.size(); i += 2) {
			expected.put(canonical.get(i), canonical.get(i + 1));
		}
		Map<String, String> rest = new HashMap<>(stored);
		rest.remove(KEY_ID);
		rest.remove(MAC);
		if (!rest.equals(expected)) {
			throw new TamperedException(what + " has fields beside its signed form (added, changed or non-canonical)");
		}
	}

}
