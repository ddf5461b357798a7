package io.keygate.infra.quickstart;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.InMemoryAuditLog;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;

/**
 * What the auth server and the gateway share in the embedded mode: one clock, one grant store
 * (which is also the in-process revocation bus) and one audit sink.
 */
@Configuration(proxyBeanMethods = false)
class QuickstartSharedConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean(destroyMethod = "close")
	GrantStore grantStore(Clock clock) {
		return new InMemoryGrantStore(clock);
	}

	@Bean
	AuditLog gatewayAuditLog() {
		return new InMemoryAuditLog();
	}

}
