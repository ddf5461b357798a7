package io.keygate.grantstore.redis;

import java.time.Duration;

/**
 * The gateways' audit stream in the distributed mode: {@code keygate.audit-stream.*}, read by every
 * gateway (which appends its decisions) and by the auth server (which chains them) under the same
 * names. Absent values take the defaults; a bad value stops start-up with a message naming the property.
 * <p>
 * The stream is never trimmed by count: an entry leaves it only after it is in the chain (the
 * consumer trims by {@code MINID} up to the last chained entry). What bounds it instead is
 * {@code maxBacklog}: a gateway that finds more entries waiting denies new requests
 * ({@code AUDIT_BACKLOG_EXCEEDED}) rather than forward what may never be chained.
 *
 * @param redisUrl the Redis the stream lives in; a gateway falls back to {@code keygate.grant-store.redis-url};
 * the auth server consumes the stream only when it is set
 * @param stream the stream key; default {@code keygate:audit:gateway}
 * @param maxBacklog the most entries the stream may hold (waiting to be chained) before gateways
 * deny; at least 1000; default 200,000
 * @param group the consumer group shared by every auth server node; default {@code keygate-auth-server}
 * @param consumer this auth server node's name in the group (empty: the host name). Entries a node
 * read and did not acknowledge are taken over by another node once idle longer than {@code claimIdle},
 * so a name that changes on restart strands nothing
 * @param claimIdle how long an entry read by a node may stay unacknowledged before another node claims
 * it (XAUTOCLAIM); at least 1 s; default 30 s
 */
public record AuditStreamSettings(String redisUrl, String stream, Long maxBacklog, String group, String consumer,
		Duration claimIdle) {

	/** The property prefix both applications bind. */
	public static final String PREFIX = "keygate.audit-stream";

	public AuditStreamSettings {
		stream = blank(stream) ? "keygate:audit:gateway" : stream;
		maxBacklog = maxBacklog == null ? 200_000L : maxBacklog;
		if (maxBacklog < 1000) {
			throw new IllegalArgumentException(PREFIX + ".max-backlog must be at least 1000, was " + maxBacklog);
		}
		group = blank(group) ? "keygate-auth-server" : group;
		consumer = consumer == null ? "" : consumer;
		claimIdle = claimIdle == null ? Duration.ofSeconds(30) : claimIdle;
		if (claimIdle.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException(PREFIX + ".claim-idle must be at least 1s, was " + claimIdle);
		}
	}

	/** The defaults, with no Redis. */
	public static AuditStreamSettings defaults() {
		return new AuditStreamSettings(null, null, null, null, null, null);
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
