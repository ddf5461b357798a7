package io.keygate.auth.grantstore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the auth server keeps live grants ({@code keygate.store.*}).
 *
 * @param kind {@code in-memory} (the embedded mode; a parent context's store wins) or
 * {@code redis} (the distributed mode)
 * @param redisUrl the Redis every gateway reads; required with {@code redis}
 * @param keyPrefix must equal the gateways' {@code keygate.gateway.store.key-prefix}
 */
@ConfigurationProperties("keygate.store")
public record StoreProperties(@DefaultValue("in-memory") String kind, String redisUrl,
		@DefaultValue("keygate") String keyPrefix) {
}
