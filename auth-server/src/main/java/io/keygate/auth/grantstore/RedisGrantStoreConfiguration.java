package io.keygate.auth.grantstore;

import java.time.Clock;

import io.lettuce.core.RedisURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.policy.Names;
import io.keygate.policy.grant.GrantStore;
import io.keygate.grantstore.redis.RedisGrantStore;

/**
 * The distributed mode's grant store: approvals written here are what every gateway reads, and
 * revocations published here are what every gateway closes sessions on. On only with
 * {@code keygate.store.kind=redis}; the key prefix must equal the gateways'
 * ({@code keygate.gateway.store.key-prefix}), or approvals would land where no gateway looks.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
@ConditionalOnProperty(name = "keygate.store.kind", havingValue = "redis")
class RedisGrantStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RedisGrantStoreConfiguration.class);

	@Bean(destroyMethod = "close")
	GrantStore redisGrantStore(Clock clock, StoreProperties properties) {
		String redisUrl = properties.redisUrl();
		String keyPrefix = properties.keyPrefix();
		if (redisUrl == null || redisUrl.isBlank()) {
			throw new IllegalStateException("keygate.store.redis-url is required when keygate.store.kind=redis");
		}
		if (!Names.isToken(keyPrefix)) {
			throw new IllegalStateException("keygate.store.key-prefix must be letters, digits, '.', '_', '@', '+' or '-': '"
					+ keyPrefix + "'");
		}
		RedisURI uri = RedisURI.create(redisUrl);
		log.info("Grant store: Redis at {}:{} with key prefix '{}'", uri.getHost(), uri.getPort(), keyPrefix);
		return new RedisGrantStore(uri, clock, keyPrefix);
	}

}
