package io.keygate.gateway;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.gateway.audit.RedisStreamDecisionAudit;
import io.keygate.policy.grant.CachingGrantStore;
import io.keygate.policy.grant.GrantStore;
import io.keygate.grantstore.redis.AuditStreamSettings;
import io.keygate.grantstore.redis.RedisTls;
import io.keygate.grantstore.redis.AuditStreamSignature;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.IntegrityAlarm;
import io.keygate.grantstore.redis.StoreIntegrity;
import io.keygate.grantstore.redis.RedisClients;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/** The Redis-backed pieces of the distributed mode, kept apart so that the embedded mode never touches Lettuce. */
final class GrantStores {

	private static final Logger log = LoggerFactory.getLogger(GrantStores.class);

	/** How long an audit XADD may take before the request it records is denied. */
	static final Duration AUDIT_TIMEOUT = Duration.ofMillis(500);

	private GrantStores() {
	}

	/**
	 * The Redis store behind the near cache. Each gateway instance has its own, and with it its own
	 * subscription to the revocation channel, so a revocation reaches every instance.
	 */
	static GrantStore redis(GrantStoreSettings store, Clock clock, IntegrityAlarm alarm) {
		RedisURI uri = RedisURI.create(store.redisUrl());
		StoreIntegrity integrity = StoreIntegrity.of(store, alarm);
		RedisGrantStore redis = new RedisGrantStore(uri, RedisTls.of(store), clock, store.keyPrefix(), integrity);
		log.info("Grant store: Redis at {}:{} (key prefix '{}', {}{}, integrity keys {}) behind a near cache", uri.getHost(),
				uri.getPort(), store.keyPrefix(), uri.isSsl() ? "TLS" : "no TLS",
				uri.getPassword() == null ? ", NO PASSWORD" : ", authenticated", integrity.keys());
		if (uri.getPassword() == null) {
			log.warn("Redis at {}:{} is used without a password: anyone who reaches it can deny service; use an ACL user"
					+ " (redis://user:password@host) as the deployment files do", uri.getHost(), uri.getPort());
		}
		return new CachingGrantStore(redis, clock);
	}

	static DecisionAudit redisStreamAudit(AuditStreamSettings stream, GrantStoreSettings store,
			java.util.List<AutoCloseable> closeables, Clock clock) {
		String url = stream.redisUrl() != null ? stream.redisUrl() : store.redisUrl();
		if (url == null || url.isBlank()) {
			throw new IllegalStateException(
					"keygate.audit-stream.redis-url (or keygate.grant-store.redis-url) is required when keygate.gateway.audit.sink=redis-stream");
		}
		// Reject rather than queue while disconnected: a queued XADD would hold the request until timeout.
		RedisClient client = RedisClients.create(RedisURI.create(url), RedisTls.of(store), AUDIT_TIMEOUT);
		StatefulRedisConnection<String, String> connection = client.connect();
		closeables.add(connection);
		closeables.add(client::shutdown);
		log.info("Gateway audit: Redis Stream '{}' (denying when over {} unchained entries)", stream.stream(),
				stream.maxBacklog());
		return new RedisStreamDecisionAudit(connection, stream.stream(), stream.maxBacklog(), AUDIT_TIMEOUT, clock,
				new AuditStreamSignature(IntegrityKeys.of(store.integrityKeys()), stream.stream()));
	}

}
