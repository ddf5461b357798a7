package io.keygate.grantstore.redis;

/**
 * The gateways' audit stream in the distributed mode: {@code keygate.audit-stream.*}, read by every
 * gateway (which appends its decisions) and by the auth server (which chains them) under the same
 * names. Absent values take the defaults; a bad value stops start-up with a message naming the property.
 *
 * @param redisUrl the Redis the stream lives in; a gateway falls back to {@code keygate.grant-store.redis-url};
 * the auth server consumes the stream only when it is set
 * @param stream the stream key; default {@code keygate:audit:gateway}
 * @param maxLength approximate cap of the stream (XADD MAXLEN ~), so a dead consumer cannot fill
 * Redis; at least 1000; default 1,000,000
 * @param group the consumer group shared by every auth server node; default {@code keygate-auth-server}
 * @param consumer this auth server node's name in the group; must be stable across restarts so that
 * entries delivered before a crash are read again from its pending list (empty: the host name)
 */
public record AuditStreamSettings(String redisUrl, String stream, Long maxLength, String group, String consumer) {

	/** The property prefix both applications bind. */
	public static final String PREFIX = "keygate.audit-stream";

	public AuditStreamSettings {
		stream = blank(stream) ? "keygate:audit:gateway" : stream;
		maxLength = maxLength == null ? 1_000_000L : maxLength;
		if (maxLength < 1000) {
			throw new IllegalArgumentException(PREFIX + ".max-length must be at least 1000, was " + maxLength);
		}
		group = blank(group) ? "keygate-auth-server" : group;
		consumer = consumer == null ? "" : consumer;
	}

	/** The defaults, with no Redis. */
	public static AuditStreamSettings defaults() {
		return new AuditStreamSettings(null, null, null, null, null);
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
