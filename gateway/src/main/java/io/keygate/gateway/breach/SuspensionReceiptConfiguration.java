package io.keygate.gateway.breach;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.gateway.live.GatewayHeartbeat;
import io.keygate.gateway.session.RevocationWatcher;
import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.RedisTls;
import io.keygate.grantstore.redis.RedisSuspensionReceipts;
import io.keygate.policy.breach.InMemorySuspensionReceipts;
import io.keygate.policy.breach.SuspensionReceipts;
import io.lettuce.core.RedisURI;

/**
 * Where this gateway leaves its suspension receipts: the shared Redis in the distributed mode, the
 * enclosing context's store in the embedded mode (the quickstart's parent supplies one and wins),
 * else its own memory.
 */
@Configuration(proxyBeanMethods = false)
class SuspensionReceiptConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SuspensionReceipts suspensionReceipts(GrantStoreSettings settings) {
		if (settings.kind() == GrantStoreSettings.Kind.REDIS) {
			return new RedisSuspensionReceipts(RedisURI.create(settings.redisUrl()), RedisTls.of(settings), settings.keyPrefix(), Duration.ofSeconds(2));
		}
		return new InMemorySuspensionReceipts();
	}

	/**
	 * The receipt carries the id this instance heartbeats with ({@code keygate.gateway.live.instance-id}),
	 * so that the auth server can match every receipt to a gateway it expects one from: one id, one
	 * source, no second setting that could disagree.
	 */
	@Bean
	SuspensionReceiptWriter suspensionReceiptWriter(RevocationWatcher watcher, SuspensionReceipts receipts, Clock clock,
			GatewayHeartbeat heartbeat) {
		return new SuspensionReceiptWriter(watcher, receipts, heartbeat.instanceId(), clock);
	}

}
