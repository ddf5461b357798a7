package io.keygate.gateway.live;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.gateway.integrity.StoreIntegrityAlarm;
import io.keygate.gateway.session.LiveSessionRegistry;
import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.RedisTls;
import io.keygate.grantstore.redis.RedisGatewayPresence;
import io.keygate.grantstore.redis.StoreIntegrity;
import io.keygate.policy.Names;
import io.keygate.policy.live.InMemoryLiveSessionBoard;
import io.keygate.policy.live.LiveSessionBoard;
import io.keygate.policy.presence.GatewayInstance;
import io.keygate.policy.presence.GatewayPresence;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gateway presence and live-session reporting. Distributed ({@code keygate.grant-store.kind=redis}):
 * both in the shared Redis. Embedded: in memory, the enclosing context's instances winning so that
 * the auth server beside this gateway reads what it reports.
 */
@Configuration(proxyBeanMethods = false)
public class LiveConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LiveConfiguration.class);

	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = "keygate.grant-store.kind", havingValue = "redis")
	RedisGatewayPresence redisGatewayPresence(GrantStoreSettings settings, LiveProperties properties, DecisionAudit audit,
			MeterRegistry meters, Clock clock) {
		StoreIntegrity integrity = StoreIntegrity.of(settings, new StoreIntegrityAlarm(audit, meters, clock));
		return new RedisGatewayPresence(RedisURI.create(settings.redisUrl()), RedisTls.of(settings), settings.keyPrefix(), properties.forgetAfter(),
				integrity);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "keygate.grant-store.kind", havingValue = "in-memory", matchIfMissing = true)
	GatewayPresence gatewayPresence() {
		return new io.keygate.policy.presence.InMemoryGatewayPresence();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "keygate.grant-store.kind", havingValue = "in-memory", matchIfMissing = true)
	LiveSessionBoard liveSessionBoard() {
		return new InMemoryLiveSessionBoard();
	}

	@Bean
	LiveSessionTracker liveSessionTracker(Clock clock, LiveProperties properties) {
		return new LiveSessionTracker(clock, properties.idle());
	}

	@Bean
	EndWarningNoticeFilter endWarningNoticeFilter(LiveProperties properties, Clock clock) {
		return new EndWarningNoticeFilter(properties.warnings(), clock);
	}

	@Bean(destroyMethod = "close")
	GatewayHeartbeat gatewayHeartbeat(LiveProperties properties, GatewayPresence presence, LiveSessionBoard board,
			LiveSessionTracker tracker, LiveSessionRegistry registry, DecisionAudit audit, Clock clock) {
		String id = properties.instanceId() == null || properties.instanceId().isBlank() ? generatedId() : properties.instanceId();
		String version = LiveConfiguration.class.getPackage().getImplementationVersion();
		GatewayInstance identity = new GatewayInstance(id, version == null ? "dev" : version, clock.instant(), clock.instant());
		log.info("Gateway instance {} (version {}) heartbeats every {}", id, identity.version(), properties.heartbeatInterval());
		return new GatewayHeartbeat(identity, presence, board, tracker, registry, audit, clock).start(properties.heartbeatInterval());
	}

	private static String generatedId() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
		}
		catch (UnknownHostException ex) {
			host = "gateway";
		}
		byte[] suffix = new byte[3];
		new SecureRandom().nextBytes(suffix);
		String id = (host.isEmpty() || !Character.isLetterOrDigit(host.charAt(0)) ? "gateway" : host);
		id = id.length() > 100 ? id.substring(0, 100) : id;
		return Names.requireToken(id + "-" + HexFormat.of().formatHex(suffix), "generated gateway instance id");
	}

}
