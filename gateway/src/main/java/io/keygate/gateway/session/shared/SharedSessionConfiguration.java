package io.keygate.gateway.session.shared;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.session.data.redis.ReactiveRedisSessionRepository;
import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionIdResolver;
import org.springframework.web.server.session.WebSessionManager;

import io.keygate.gateway.KeygateGatewayProperties;
import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.gateway.integrity.StoreIntegrityAlarm;
import io.keygate.gateway.session.LiveSessionRegistry;
import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.RedisClients;
import io.keygate.grantstore.redis.RedisTls;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The distributed mode's browser sessions ({@code keygate.grant-store.kind=redis}), all under the
 * installation's key base {@code {prefix}:session:} (the gateways' ACL user may read and write
 * {@code ~{prefix}:session:*} and use the channel {@code &{prefix}:session:*}, nothing more for this):
 * <ul>
 * <li>the web session (its security context and Keygate's attributes) in Spring Session's Redis
 * repository, {@code {prefix}:session:sessions:<id>}, signed values, expiring with the idle limit;</li>
 * <li>the OIDC session registry, {@code {prefix}:session:oidc:*}, for back-channel logout on any pod;</li>
 * <li>the signed "browser session ended" channel {@code {prefix}:session:ended};</li>
 * <li>the idle limit of live sessions read from the shared session's expiry ({@link SharedIdleLimit}).</li>
 * </ul>
 * Wired here rather than by the Spring Session starter, so that the embedded mode (no Redis) keeps
 * Boot's in-memory session manager and never opens a Redis connection. The session cookie is still
 * the one Boot's resolver makes ({@code HostPrefixedSessionCookie} included).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "keygate.grant-store.kind", havingValue = "redis")
class SharedSessionConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SharedSessionConfiguration.class);

	static String base(GrantStoreSettings settings) {
		return "{" + settings.keyPrefix() + "}:session:";
	}

	@Bean(destroyMethod = "close")
	SessionRedis sessionRedis(GrantStoreSettings settings) {
		return SessionRedis.open(settings);
	}

	@Bean(name = WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
	WebSessionManager webSessionManager(SessionRedis redis, GrantStoreSettings settings, KeygateGatewayProperties properties,
			ObjectProvider<WebSessionIdResolver> resolver, DecisionAudit audit, MeterRegistry meters, Clock clock) {
		RedisSerializer<Object> values = new SignedSessionValues(IntegrityKeys.of(settings.integrityKeys()),
				new StoreIntegrityAlarm(audit, meters, clock), SharedSessionConfiguration.class.getClassLoader());
		RedisSerializationContext<String, Object> serialization = RedisSerializationContext
			.<String, Object>newSerializationContext(values)
			.key(RedisSerializer.string())
			.hashKey(RedisSerializer.string())
			.hashValue(values)
			.build();
		ReactiveRedisSessionRepository repository = new ReactiveRedisSessionRepository(
				new ReactiveRedisTemplate<>(redis.factory(), serialization));
		repository.setRedisKeyNamespace(base(settings).substring(0, base(settings).length() - 1));
		// Redis expires a session key after this much idleness; SessionTimeoutFilter keeps it equal to the idle limit.
		repository.setDefaultMaxInactiveInterval(properties.signin().idleTimeout());
		SpringSessionWebSessionStore<?> store = new SpringSessionWebSessionStore<>(new ThrottledTouchRepository<>(repository,
				ThrottledTouchRepository.interval(properties.signin().idleTimeout())));
		store.setClock(clock);
		DefaultWebSessionManager manager = new DefaultWebSessionManager();
		manager.setSessionStore(new FailClosedWebSessionStore(store));
		resolver.ifAvailable(manager::setSessionIdResolver);
		log.info("Gateway browser sessions in Redis under '{}' (idle limit {}), shared by every gateway instance",
				base(settings), properties.signin().idleTimeout());
		return manager;
	}

	@Bean
	ReactiveOidcSessionRegistry oidcSessionRegistry(SessionRedis redis, GrantStoreSettings settings,
			KeygateGatewayProperties properties) {
		return new RedisOidcSessionRegistry(new ReactiveStringRedisTemplate(redis.factory()), base(settings),
				properties.signin().absoluteTimeout());
	}

	/** Live sessions here end at the shared session's idle limit, not at the last request this instance saw. */
	@Bean
	SharedIdleLimit sharedIdleLimit(SessionRedis redis, GrantStoreSettings settings, LiveSessionRegistry registry, Clock clock) {
		SharedIdleLimit limit = new SharedIdleLimit(new ReactiveStringRedisTemplate(redis.factory()),
				base(settings) + "sessions:", clock);
		registry.renewIdleFrom(limit);
		return limit;
	}

	@Bean(destroyMethod = "close")
	BrowserSessionEndFeed browserSessionEndFeed(GrantStoreSettings settings, LiveSessionRegistry registry, DecisionAudit audit,
			MeterRegistry meters, Clock clock) {
		RedisURI uri = RedisURI.create(settings.redisUrl());
		return new BrowserSessionEndFeed(RedisClients.create(uri, RedisTls.of(settings), SessionRedis.COMMAND_TIMEOUT),
				base(settings) + "ended", IntegrityKeys.of(settings.integrityKeys()), registry,
				new StoreIntegrityAlarm(audit, meters, clock), clock)
			.start();
	}

}
