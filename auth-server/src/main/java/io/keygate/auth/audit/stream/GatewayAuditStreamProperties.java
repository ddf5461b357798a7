package io.keygate.auth.audit.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateways' audit stream ({@code keygate.audit.gateway-stream.*}); the consumer runs only
 * when {@code redis-url} is set.
 *
 * @param redisUrl the Redis the gateways XADD to
 * @param stream must equal the gateways' {@code keygate.gateway.audit.stream}
 * @param group the consumer group shared by every auth server node
 * @param consumer this node's name in the group; must be stable across restarts so that entries
 * delivered before a crash are read again from its pending list (empty: the host name)
 */
@ConfigurationProperties("keygate.audit.gateway-stream")
public record GatewayAuditStreamProperties(String redisUrl, @DefaultValue("keygate:audit:gateway") String stream,
		@DefaultValue("keygate-auth-server") String group, @DefaultValue("") String consumer) {
}
