package io.keygate.auth.grantstore;

import java.time.Clock;

import io.lettuce.core.RedisURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.RedisTls;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.grantstore.redis.StoreIntegrity;
import io.keygate.policy.grant.GrantStore;

/**
 * The distributed mode's grant store: approvals written here are what every gateway reads, and
 * revocations published here are what every gateway closes sessions on. On only with
 * {@code keygate.grant-store.kind=redis}; the gateways read the same {@code keygate.grant-store.*}
 * settings, so the key prefix is one value for all of them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "keygate.grant-store.kind", havingValue = "redis")
class RedisGrantStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RedisGrantStoreConfiguration.class);

	@Bean(destroyMethod = "close")
	GrantStoreIntegrityAlarm grantStoreIntegrityAlarm(JdbcAuditLog auditLog, Clock clock) {
		return new GrantStoreIntegrityAlarm(auditLog, clock);
	}

	@Bean(destroyMethod = "close")
	GrantStore redisGrantStore(Clock clock, GrantStoreSettings settings, GrantStoreIntegrityAlarm alarm) {
		RedisURI uri = RedisURI.create(settings.redisUrl());
		StoreIntegrity integrity = StoreIntegrity.of(settings, alarm);
		log.info("Grant store: Redis at {}:{} with key prefix '{}' ({}, {}, integrity keys {})", uri.getHost(), uri.getPort(),
				settings.keyPrefix(), uri.isSsl() ? "TLS" : "no TLS", uri.getPassword() == null ? "NO PASSWORD" : "authenticated",
				integrity.keys());
		if (uri.getPassword() == null) {
			log.warn("Redis at {}:{} is used without a password: anyone who reaches it can deny service; use an ACL user"
					+ " (redis://user:password@host) as the deployment files do", uri.getHost(), uri.getPort());
		}
		return new RedisGrantStore(uri, RedisTls.of(settings), clock, settings.keyPrefix(), integrity);
	}

}
