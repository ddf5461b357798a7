package io.keygate.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.Resource;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

import io.keygate.gateway.access.AccessDecisionFilter;
import io.keygate.gateway.access.DecisionGrants;
import io.keygate.gateway.access.DenyResponse;
import io.keygate.gateway.access.ForwardDecidedPathFilter;
import io.keygate.gateway.audit.AuditLogDecisionAudit;
import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.gateway.audit.QueuedDecisionAudit;
import io.keygate.gateway.forwarding.AmbiguousFramingFilter;
import io.keygate.gateway.access.RequestShapes;
import io.keygate.gateway.forwarding.ForwardingHeadersFilter;
import io.keygate.gateway.forwarding.KeygateCookieNames;
import io.keygate.gateway.route.ServingOrigins;
import io.keygate.gateway.route.TargetHostRouting;
import io.keygate.policy.shape.ShapeSettings;
import java.util.Set;
import io.keygate.gateway.forwarding.SetCookiePathFilter;
import io.keygate.gateway.forwarding.UpstreamCredential;
import io.keygate.gateway.metrics.GatewayMetrics;
import io.keygate.gateway.route.TargetRouteLookup;
import io.keygate.gateway.route.TargetRoutes;
import io.keygate.gateway.live.LiveSessionTracker;
import io.keygate.gateway.session.BrowserSessionEnd;
import io.keygate.gateway.session.LiveSessionRegistry;
import io.keygate.gateway.session.LiveWebSocketService;
import io.keygate.gateway.session.RevocationWatcher;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.AuditSink;
import io.keygate.policy.audit.InMemoryAuditLog;
import io.keygate.policy.decision.AccessPolicy;
import io.keygate.gateway.integrity.StoreIntegrityAlarm;
import io.keygate.grantstore.redis.AuditStreamSettings;
import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.policy.grant.CachingGrantStore;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.catalog.TargetCatalogFile;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's beans. Clock, target catalogue, grant store and audit log are
 * {@code @ConditionalOnMissingBean}: in the embedded quickstart the parent context supplies them
 * and must win; standing alone, they come from {@code keygate.*} configuration.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

	private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

	@Bean
	static HostPrefixedSessionCookie hostPrefixedSessionCookie(Environment environment) {
		return new HostPrefixedSessionCookie(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	TargetCatalog targetCatalog(KeygateProperties keygate) {
		Resource location = keygate.catalog();
		if (location == null) {
			throw new IllegalStateException("keygate.catalog must name the target catalogue file");
		}
		try (InputStream in = location.getInputStream()) {
			TargetCatalog catalog = TargetCatalogFile.load(in, location.getDescription());
			log.info("Target catalogue {}: {} target(s)", location.getDescription(), catalog.all().size());
			return catalog;
		}
		catch (IOException ex) {
			throw new IllegalStateException("keygate.catalog: cannot read " + location.getDescription() + ": " + ex.getMessage(),
					ex);
		}
	}

	/** Shared with the auth server under the same names ({@code keygate.grant-store.*}). */
	@Bean
	GrantStoreSettings grantStoreSettings(Environment environment) {
		return Binder.get(environment).bindOrCreate(GrantStoreSettings.PREFIX, GrantStoreSettings.class);
	}

	/** Shared with the auth server under the same names ({@code keygate.audit-stream.*}). */
	@Bean
	AuditStreamSettings auditStreamSettings(Environment environment) {
		return Binder.get(environment).bindOrCreate(AuditStreamSettings.PREFIX, AuditStreamSettings.class);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	GrantStore grantStore(GrantStoreSettings settings, Clock clock, ObjectProvider<DecisionAudit> audit, MeterRegistry meters) {
		if (settings.kind() == GrantStoreSettings.Kind.REDIS) {
			return GrantStores.redis(settings, clock, new StoreIntegrityAlarm(audit.getObject(), meters, clock));
		}
		return new InMemoryGrantStore(clock);
	}

	/** Only for the audit-log sink: a distributed gateway writes to the Redis Stream and needs none. */
	@Bean
	@ConditionalOnMissingBean({ AuditLog.class, AuditSink.class })
	@ConditionalOnProperty(name = "keygate.gateway.audit.sink", havingValue = "audit-log", matchIfMissing = true)
	AuditLog auditLog() {
		log.warn("No shared audit log: decisions are kept in this process's memory only (keygate.gateway.audit.sink=audit-log"
				+ " without an enclosing context); use redis-stream in production");
		return new InMemoryAuditLog();
	}

	/** Redis connections this context opened for itself, closed with it. */
	@Bean(destroyMethod = "close")
	OwnedConnections ownedConnections() {
		return new OwnedConnections();
	}

	@Bean
	DecisionAudit decisionAudit(KeygateGatewayProperties properties, AuditStreamSettings stream, GrantStoreSettings store,
			ObjectProvider<AuditSink> auditSink, ObjectProvider<AuditLog> auditLog, OwnedConnections owned, Clock clock) {
		if (properties.audit().sink() == KeygateGatewayProperties.AuditSinkKind.REDIS_STREAM) {
			return GrantStores.redisStreamAudit(stream, store, owned.list, clock);
		}
		// The embedded mode: the auth server's audit queue (never waits for the chain), else a log of our own.
		AuditSink sink = auditSink.getIfAvailable();
		return sink != null ? new QueuedDecisionAudit(sink) : new AuditLogDecisionAudit(auditLog.getObject());
	}

	static final class OwnedConnections implements AutoCloseable {

		private final java.util.List<AutoCloseable> list = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public void close() {
			for (AutoCloseable closeable : this.list) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					log.warn("Closing {} failed", closeable, ex);
				}
			}
		}

	}

	@Bean
	AccessPolicy accessPolicy(TargetCatalog catalog, Clock clock, KeygateGatewayProperties properties) {
		KeygateGatewayProperties.Requests requests = properties.requests();
		ShapeSettings shape = new ShapeSettings(Set.copyOf(requests.overrideHeadersAllowedThrough()),
				Set.copyOf(requests.overrideParametersAllowedThrough()), requests.allowHeaderlessUnsafe());
		if (!shape.headersAllowedThrough().isEmpty() || !shape.parametersAllowedThrough().isEmpty()) {
			log.warn("Override headers {} and parameters {} are let through (and stripped) instead of refused"
					+ " (keygate.gateway.requests.override-*-allowed-through)", shape.headersAllowedThrough(),
					shape.parametersAllowedThrough());
		}
		if (shape.allowHeaderlessUnsafe()) {
			log.warn("Unsafe methods without Origin or Sec-Fetch-Site are allowed (keygate.gateway.requests.allow-headerless-unsafe):"
					+ " non-browser clients can change state without the same-origin check");
		}
		return new AccessPolicy(catalog, clock, shape);
	}

	@Bean
	ServingOrigins servingOrigins(KeygateGatewayProperties properties, TargetCatalog catalog) {
		properties.origins().targets().keySet().forEach(target -> {
			if (catalog.find(target).isEmpty()) {
				throw new IllegalStateException("keygate.gateway.origins.targets." + target + ": no such target in the catalogue");
			}
		});
		return new ServingOrigins(properties.origins().publicOrigin(), properties.origins().targets());
	}

	@Bean
	TargetHostRouting targetHostRouting(KeygateGatewayProperties properties) {
		return new TargetHostRouting(properties.origins().targets());
	}

	@Bean
	RequestShapes requestShapes(KeygateGatewayProperties properties, ServingOrigins origins, TargetCatalog catalog) {
		return new RequestShapes((int) properties.requests().maxFormBody().toBytes(), origins,
				(request, targetId) -> io.keygate.gateway.firmware.FirmwareGateFilter.receivedAsUpload(catalog, request, targetId));
	}

	/**
	 * Every cookie name Keygate uses: anything starting with KEYGATE, the configured extra names,
	 * and whatever the gateway's session cookie is called.
	 */
	@Bean
	KeygateCookieNames keygateCookieNames(KeygateGatewayProperties properties, Environment environment) {
		java.util.List<String> names = new java.util.ArrayList<>(properties.forwarding().keygateCookies());
		names.add(environment.getProperty("server.reactive.session.cookie.name", "SESSION"));
		return new KeygateCookieNames(names);
	}

	@Bean(destroyMethod = "close")
	LiveSessionRegistry liveSessionRegistry(Clock clock, KeygateGatewayProperties properties) {
		return new LiveSessionRegistry(clock, Schedulers.parallel(), properties.sessions().sweepInterval());
	}

	/** Ends a browser session's live sessions here and, in the distributed mode, on every other instance. */
	@Bean
	BrowserSessionEnd browserSessionEnd(LiveSessionRegistry sessions, ObjectProvider<BrowserSessionEnd.Announcement> others) {
		return new BrowserSessionEnd(sessions, others.getIfAvailable(() -> BrowserSessionEnd.Announcement.NONE));
	}

	@Bean(destroyMethod = "close")
	RevocationWatcher revocationWatcher(GrantStore store, LiveSessionRegistry sessions, Clock clock, MeterRegistry meters) {
		return new RevocationWatcher(store, sessions, clock, meters);
	}

	@Bean
	GatewayMetrics gatewayMetrics(MeterRegistry meters, LiveSessionRegistry sessions, GrantStore store) {
		if (store instanceof CachingGrantStore cache) {
			FunctionCounter.builder("keygate.gateway.grant.cache.lookups", cache, CachingGrantStore::hits)
				.tag("result", "hit")
				.description("Grant lookups answered from the near cache (hit ratio = hit / (hit + miss))")
				.register(meters);
			FunctionCounter.builder("keygate.gateway.grant.cache.lookups", cache, CachingGrantStore::misses)
				.tag("result", "miss")
				.description("Grant lookups that went to Redis")
				.register(meters);
		}
		return new GatewayMetrics(meters, sessions);
	}

	@Bean
	DecisionGrants decisionGrants(GrantStore store, RevocationWatcher watcher) {
		return new DecisionGrants(store, watcher::feedLost);
	}

	@Bean
	DenyResponse denyResponse(KeygateProperties keygate) {
		return new DenyResponse(keygate.portalUrl());
	}

	@Bean
	AccessDecisionFilter accessDecisionFilter(KeygateGatewayProperties properties, AccessPolicy policy, TargetCatalog catalog,
			DecisionGrants decisionGrants, DecisionAudit audit, DenyResponse denyResponse, LiveSessionRegistry sessions,
			GatewayMetrics metrics, Clock clock, RequestShapes shapes, LiveSessionTracker live) {
		AccessDecisionFilter.Config config = new AccessDecisionFilter.Config(properties.signin().subjectClaim(),
				properties.signin().organisationClaim());
		return new AccessDecisionFilter(config, policy, catalog, decisionGrants, audit, denyResponse, sessions, metrics,
				clock, shapes, live);
	}

	@Bean
	ForwardDecidedPathFilter forwardDecidedPathFilter() {
		return new ForwardDecidedPathFilter();
	}

	@Bean
	ForwardingHeadersFilter forwardingHeadersFilter(KeygateGatewayProperties properties, TargetCatalog catalog,
			KeygateCookieNames keygateCookies) {
		properties.upstreamCredentials().forEach((target, credential) -> {
			if (catalog.find(target).isEmpty()) {
				throw new IllegalStateException("keygate.gateway.upstream-credentials." + target + ": no such target in the catalogue");
			}
			// Read every secret once now, so a missing file stops start-up instead of the first request.
			credential.headerValue();
		});
		return new ForwardingHeadersFilter(properties.upstreamCredentials(), keygateCookies);
	}

	@Bean
	SetCookiePathFilter setCookiePathFilter(KeygateCookieNames keygateCookies) {
		return new SetCookiePathFilter(keygateCookies);
	}

	@Bean
	AmbiguousFramingFilter ambiguousFramingFilter() {
		return new AmbiguousFramingFilter();
	}

	@Bean
	RouteLocator targetRoutes(RouteLocatorBuilder builder, TargetCatalog catalog) {
		return TargetRoutes.locator(builder, catalog);
	}

	/** Replaces Spring Cloud Gateway's route lookup (it backs off when this bean exists). */
	@Bean
	TargetRouteLookup routePredicateHandlerMapping(FilteringWebHandler webHandler, RouteLocator routes,
			GlobalCorsProperties cors, Environment environment) {
		return new TargetRouteLookup(webHandler, routes, cors, environment);
	}

	@Bean
	@Primary
	WebSocketService liveWebSocketService(ObjectProvider<RequestUpgradeStrategy> upgrade, LiveSessionRegistry sessions,
			DecisionAudit audit, Clock clock) {
		RequestUpgradeStrategy strategy = upgrade.getIfAvailable(ReactorNettyRequestUpgradeStrategy::new);
		return new LiveWebSocketService(new HandshakeWebSocketService(strategy), sessions, audit, clock);
	}

	@Bean
	HealthIndicator grantStoreHealth(GrantStore store, RevocationWatcher watcher) {
		return () -> {
			if (watcher.feedLost() || !store.revocationFeedUp()) {
				return Health.down().withDetail("revocationFeed", "down").build();
			}
			GrantLookup probe = store.lookup("health-probe", "health-probe", "health-probe");
			if (probe instanceof GrantLookup.Unavailable) {
				return Health.down().withDetail("grantStore", "unreachable").build();
			}
			return Health.up().build();
		};
	}

}
