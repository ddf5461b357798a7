package io.keygate.auth.audit.stream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;

import io.lettuce.core.RedisURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.grantstore.redis.AuditStreamSettings;
import io.keygate.grantstore.redis.RedisTls;
import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.IntegrityKeys;

/**
 * The distributed mode's consumer of gateway decisions, on when
 * {@code keygate.audit-stream.redis-url} is set (the settings every gateway reads too). The embedded mode needs none: there the
 * gateway writes into this process's audit chain directly.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "keygate.audit-stream.redis-url")
class GatewayAuditStreamConfiguration {

	private static final Logger log = LoggerFactory.getLogger(GatewayAuditStreamConfiguration.class);

	/** Entries per block: large enough that the chain's per-commit cost is shared, small enough for one statement. */
	private static final int BATCH = 500;

	// The concrete type on purpose: in the embedded parent context there is a second AuditLog.
	@Bean(initMethod = "start", destroyMethod = "close")
	GatewayAuditStreamConsumer gatewayAuditStreamConsumer(JdbcAuditLog auditLog, AuditStreamSettings properties,
			Clock clock, GrantStoreSettings store) {
		// Required: without the keys the consumer could not tell a gateway's entry from anyone's XADD.
		IntegrityKeys keys = IntegrityKeys.of(store.integrityKeys());
		String name = properties.consumer().isBlank() ? hostName() : properties.consumer();
		log.info("Chaining gateway audit events from Redis stream '{}' (group '{}', consumer '{}', claiming entries idle over {})",
				properties.stream(), properties.group(), name, properties.claimIdle());
		GatewayAuditStreamConsumer.Settings settings = new GatewayAuditStreamConsumer.Settings(properties.stream(),
				properties.group(), name, BATCH, Duration.ofSeconds(1), properties.claimIdle());
		return new GatewayAuditStreamConsumer(RedisURI.create(properties.redisUrl()), RedisTls.of(store), settings,
				(entries, sources) -> auditLog.appendSourcedBlock(entries, sources).size(), clock, keys);
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "auth-server";
		}
	}

}
