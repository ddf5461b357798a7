package io.keygate.auth.live;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.RedisTls;
import io.keygate.grantstore.redis.IntegrityAlarm;
import io.keygate.grantstore.redis.RedisGatewayPresence;
import io.keygate.grantstore.redis.StoreIntegrity;
import io.keygate.policy.live.InMemoryLiveSessionBoard;
import io.keygate.policy.live.LiveSessionBoard;
import io.keygate.policy.presence.GatewayPresence;
import io.keygate.policy.presence.InMemoryGatewayPresence;
import io.lettuce.core.RedisURI;

/**
 * Where the live view reads: the shared Redis in the distributed mode; in the embedded mode the
 * in-memory board and presence the enclosing context shares with its gateway (or, standing alone,
 * empty ones of its own). {@link GatewayPresence} is a bean either way, for every feature that
 * expects a receipt from every gateway.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LiveProperties.class)
class LiveConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = "keygate.grant-store.kind", havingValue = "redis")
	RedisGatewayPresence redisGatewayPresence(GrantStoreSettings settings, LiveProperties properties,
			IntegrityAlarm grantStoreIntegrityAlarm) {
		return new RedisGatewayPresence(RedisURI.create(settings.redisUrl()), RedisTls.of(settings), settings.keyPrefix(), properties.forgetAfter(),
				StoreIntegrity.of(settings, grantStoreIntegrityAlarm));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "keygate.grant-store.kind", havingValue = "in-memory", matchIfMissing = true)
	GatewayPresence gatewayPresence() {
		return new InMemoryGatewayPresence();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "keygate.grant-store.kind", havingValue = "in-memory", matchIfMissing = true)
	LiveSessionBoard liveSessionBoard() {
		return new InMemoryLiveSessionBoard();
	}

}
