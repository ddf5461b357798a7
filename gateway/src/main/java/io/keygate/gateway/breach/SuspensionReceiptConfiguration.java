package io.keygate.gateway.breach;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.gateway.session.RevocationWatcher;
import io.keygate.grantstore.redis.GrantStoreSettings;
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
			return new RedisSuspensionReceipts(RedisURI.create(settings.redisUrl()), settings.keyPrefix(), Duration.ofSeconds(2));
		}
		return new InMemorySuspensionReceipts();
	}

	/**
	 * {@code keygate.gateway.instance-id}: this instance's id on receipts; it must be the id the
	 * instance heartbeats with (gateway presence). Default: host name and process id.
	 */
	@Bean
	SuspensionReceiptWriter suspensionReceiptWriter(RevocationWatcher watcher, SuspensionReceipts receipts, Clock clock,
			@Value("${keygate.gateway.instance-id:}") String instanceId) {
		return new SuspensionReceiptWriter(watcher, receipts, instanceId.isBlank() ? defaultInstanceId() : instanceId, clock);
	}

	static String defaultInstanceId() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (java.io.IOException ex) {
			host = "gateway";
		}
		return host + "-" + ProcessHandle.current().pid();
	}

}
