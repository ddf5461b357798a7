package io.keygate.grantstore.redis;

import java.util.List;

import io.keygate.policy.Names;

/**
 * Where live grants are kept: {@code keygate.grant-store.*}, read by the auth server (which writes
 * grants) and by every gateway (which reads them) under the same names, so that the two can never
 * be configured apart by a typo in one of two spellings. Absent values take the defaults; a bad
 * value stops start-up with a message naming the property.
 *
 * @param kind {@code in-memory} (the embedded mode; default) or {@code redis} (the distributed mode)
 * @param redisUrl the Redis the auth server and every gateway share, e.g. {@code redis://127.0.0.1:6379};
 * required with {@code redis}
 * @param keyPrefix the installation's key prefix (a hash tag, {@code {keygate}:...}); default {@code keygate}
 * @param integrityKeys the HMAC keys grant records, suspensions, revocation messages and gateway audit
 * entries are signed with (the first signs, all verify: two during a rotation); required with {@code redis},
 * because without them anyone who can write to Redis could create a grant
 * @param redisCa for a {@code rediss://} URL, a PEM file of the CA Redis's certificate chains to; default the
 * JVM's trust store (see {@link RedisTls})
 */
public record GrantStoreSettings(Kind kind, String redisUrl, String keyPrefix, List<IntegrityKey> integrityKeys,
		String redisCa) {

	/** The property prefix both applications bind. */
	public static final String PREFIX = "keygate.grant-store";

	/** Which grant store backs approvals and decisions. */
	public enum Kind {
		/** The in-process store (the embedded mode; a parent context's store wins). */
		IN_MEMORY,
		/** Redis, shared by every gateway and the auth server. */
		REDIS
	}

	public GrantStoreSettings {
		kind = kind == null ? Kind.IN_MEMORY : kind;
		keyPrefix = keyPrefix == null ? "keygate" : keyPrefix;
		if (!Names.isToken(keyPrefix)) {
			throw new IllegalArgumentException(PREFIX + ".key-prefix must be letters, digits, '.', '_', '@', '+' or '-', was '"
					+ keyPrefix + "'");
		}
		if (kind == Kind.REDIS && (redisUrl == null || redisUrl.isBlank())) {
			throw new IllegalArgumentException(PREFIX + ".redis-url is required when " + PREFIX + ".kind=redis");
		}
		integrityKeys = integrityKeys == null ? List.of() : List.copyOf(integrityKeys);
		if (kind == Kind.REDIS && integrityKeys.isEmpty()) {
			throw new IllegalArgumentException(PREFIX + ".integrity-keys is required when " + PREFIX
					+ ".kind=redis: at least one key (id and a secret of 32 bytes or more, from a secret) shared by the auth"
					+ " server and every gateway, e.g. " + PREFIX + ".integrity-keys[0].id=k1 and "
					+ PREFIX + ".integrity-keys[0].secret=${KEYGATE_INTEGRITY_KEY}");
		}
		// Duplicate ids are refused here too, so the message names the property at start-up.
		if (!integrityKeys.isEmpty()) {
			IntegrityKeys.of(integrityKeys);
		}
	}


	/** The embedded default. */
	public static GrantStoreSettings inMemory() {
		return new GrantStoreSettings(Kind.IN_MEMORY, null, null, null, null);
	}

}
