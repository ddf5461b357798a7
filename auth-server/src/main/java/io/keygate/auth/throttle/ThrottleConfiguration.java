package io.keygate.auth.throttle;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.policy.audit.AuditLog;

/**
 * {@code keygate.audit.unauthenticated.interval} (default one minute) and
 * {@code keygate.audit.unauthenticated.max-sources} (default 10 000).
 */
@Configuration(proxyBeanMethods = false)
public class ThrottleConfiguration {

	@Bean(destroyMethod = "close")
	UnauthenticatedAuditThrottle unauthenticatedAuditThrottle(AuditLog audit, Clock clock,
			@Value("${keygate.audit.unauthenticated.interval:PT1M}") Duration interval,
			@Value("${keygate.audit.unauthenticated.max-sources:10000}") int maxSources) {
		return new UnauthenticatedAuditThrottle(audit, clock, interval, maxSources);
	}

}
