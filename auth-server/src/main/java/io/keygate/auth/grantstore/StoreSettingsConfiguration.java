package io.keygate.auth.grantstore;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.keygate.grantstore.redis.AuditStreamSettings;
import io.keygate.grantstore.redis.GrantStoreSettings;

/**
 * The settings the auth server shares with every gateway, bound from the same property names the
 * gateways read ({@code keygate.grant-store.*}, {@code keygate.audit-stream.*}). The records live
 * beside the Redis store, without Spring; a bad value stops start-up naming the property.
 */
@Configuration(proxyBeanMethods = false)
public class StoreSettingsConfiguration {

	@Bean
	GrantStoreSettings grantStoreSettings(Environment environment) {
		return Binder.get(environment).bindOrCreate(GrantStoreSettings.PREFIX, GrantStoreSettings.class);
	}

	@Bean
	AuditStreamSettings auditStreamSettings(Environment environment) {
		return Binder.get(environment).bindOrCreate(AuditStreamSettings.PREFIX, AuditStreamSettings.class);
	}

}
