package io.keygate.auth.audit.stream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import io.lettuce.core.RedisURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.auth.audit.JdbcAuditLog;

/**
 * The distributed mode's consumer of gateway decisions, on when
 * {@code keygate.audit.gateway-stream.redis-url} is set. The embedded mode needs none: there the
 * gateway writes into this process's audit chain directly.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "keygate.audit.gateway-stream.redis-url")
class GatewayAuditStreamConfiguration {

	private static final Logger log = LoggerFactory.getLogger(GatewayAuditStreamConfiguration.class);

	// The concrete type on purpose: in the embedded parent context there is a second AuditLog.
	@Bean(initMethod = "start", destroyMethod = "close")
	GatewayAuditStreamConsumer gatewayAuditStreamConsumer(JdbcAuditLog auditLog,
			@Value("${keygate.audit.gateway-stream.redis-url}") String redisUrl,
			@Value("${keygate.audit.gateway-stream.stream:keygate:audit:gateway}") String stream,
			@Value("${keygate.audit.gateway-stream.group:keygate-auth-server}") String group,
			@Value("${keygate.audit.gateway-stream.consumer:}") String consumer) {
		String name = consumer.isBlank() ? hostName() : consumer;
		log.info("Chaining gateway audit events from Redis stream '{}' (group '{}', consumer '{}')", stream, group, name);
		return new GatewayAuditStreamConsumer(RedisURI.create(redisUrl), stream, group, name, auditLog, Duration.ofSeconds(1));
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
