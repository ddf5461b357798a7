package io.keygate.infra.quickstart;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.policy.firmware.FirmwareRegister;
import io.keygate.policy.firmware.InMemoryFirmwareRegister;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;

/**
 * What the auth server and the gateway share in the embedded mode: one clock, one grant store
 * (which is also the in-process revocation bus), the firmware register and the relay that carries the gateway's
 * decisions into the auth server's audit chain.
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

	/** The firmware allow-list, windows and holds: written by the portal, read and reported by the gateway. */
	@Bean
	FirmwareRegister firmwareRegister() {
		return new InMemoryFirmwareRegister();
	}

	/**
	 * Not an autowire candidate: the auth server context injects its own durable log by type, and
	 * a second candidate inherited from here would make that ambiguous. The gateway gets the relay
	 * as a bean of its own (see {@link Quickstart}).
	 */
	@Bean(autowireCandidate = false)
	AuditLogRelay auditLogRelay() {
		return new AuditLogRelay();
	}

}
