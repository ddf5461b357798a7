package io.keygate.auth.audit.stream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import io.lettuce.core.RedisURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.grantstore.redis.AuditStreamSettings;
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

	// The concrete type on purpose: in the embedded parent context there is a second AuditLog.
	@Bean(initMethod = "start", destroyMethod = "close")
	GatewayAuditStreamConsumer gatewayAuditStreamConsumer(JdbcAuditLog auditLog, AuditStreamSettings properties,
			GrantStoreSettings store) {
		// Required: without the keys the consumer could not tell a gateway's entry from anyone's XADD.
		IntegrityKeys keys = IntegrityKeys.of(store.integrityKeys());
		String name = properties.consumer().isBlank() ? hostName() : properties.consumer();
		log.info("Chaining gateway audit events from Redis stream '{}' (group '{}', consumer '{}')", properties.stream(),
				properties.group(), name);
		return new GatewayAuditStreamConsumer(RedisURI.create(properties.redisUrl()), properties.stream(), properties.group(),
				name, auditLog, Duration.ofSeconds(1), keys);
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
