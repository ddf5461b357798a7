package io.keygate.auth.grantstore;

import java.time.Clock;

import io.lettuce.core.RedisURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.RedisGrantStore;
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
	GrantStore redisGrantStore(Clock clock, GrantStoreSettings settings) {
		RedisURI uri = RedisURI.create(settings.redisUrl());
		log.info("Grant store: Redis at {}:{} with key prefix '{}'", uri.getHost(), uri.getPort(), settings.keyPrefix());
		return new RedisGrantStore(uri, clock, settings.keyPrefix());
	}

}
