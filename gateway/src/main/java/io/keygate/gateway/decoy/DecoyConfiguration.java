package io.keygate.gateway.decoy;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.gateway.KeygateGatewayProperties;
import io.keygate.gateway.access.AccessDecisionFilter;
import io.keygate.gateway.access.DenyResponse;
import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.gateway.metrics.GatewayMetrics;
import io.keygate.gateway.session.LiveSessionRegistry;
import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.RedisTls;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.RedisHoneytokenRegistry;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.decoy.HoneytokenRegistry;
import io.keygate.policy.decoy.InMemoryHoneytokenRegistry;
import io.keygate.policy.grant.GrantStore;
import io.lettuce.core.RedisURI;

/**
 * The decoy and honeytoken tripwire. The honeytoken registry is the embedded parent's when there
 * is one (shared with the auth server), else Redis in the distributed mode, else this process's own.
 */
@Configuration(proxyBeanMethods = false)
public class DecoyConfiguration {

	/** How long this gateway refuses a person it saw trip, on its own authority (the auth server's cut-off lasts). */
	static final Duration TRIPPED_HOLD = Duration.ofMinutes(15);

	/** How soon a honeytoken planted at the auth server trips at a distributed gateway. */
	static final Duration HONEYTOKEN_REFRESH = Duration.ofSeconds(1);

	@Bean
	@ConditionalOnMissingBean
	HoneytokenRegistry honeytokenRegistry(GrantStoreSettings settings) {
		if (settings.kind() == GrantStoreSettings.Kind.REDIS) {
			return new RedisHoneytokenRegistry(RedisURI.create(settings.redisUrl()), RedisTls.of(settings), settings.keyPrefix(),
					IntegrityKeys.of(settings.integrityKeys()), HONEYTOKEN_REFRESH);
		}
		return new InMemoryHoneytokenRegistry();
	}

	@Bean
	TrippedSubjects trippedSubjects(Clock clock) {
		return new TrippedSubjects(TRIPPED_HOLD, clock);
	}

	@Bean
	DecoyTripwire decoyTripwire(TargetCatalog catalog, HoneytokenRegistry honeytokens, DecisionAudit audit, GrantStore grants,
			LiveSessionRegistry sessions, TrippedSubjects tripped, DenyResponse denyResponse,
			KeygateGatewayProperties properties, GatewayMetrics metrics, Clock clock) {
		return new DecoyTripwire(catalog, honeytokens, audit, grants, sessions, tripped, denyResponse,
				new AccessDecisionFilter.Config(properties.signin().subjectClaim(), properties.signin().organisationClaim()),
				metrics, clock);
	}

}
