package io.keygate.infra.quickstart;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.policy.decoy.HoneytokenRegistry;
import io.keygate.policy.decoy.InMemoryHoneytokenRegistry;
import io.keygate.policy.breach.InMemorySuspensionReceipts;
import io.keygate.policy.breach.SuspensionReceipts;
import io.keygate.policy.firmware.FirmwareRegister;
import io.keygate.policy.firmware.InMemoryFirmwareRegister;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.live.InMemoryLiveSessionBoard;
import io.keygate.policy.live.LiveSessionBoard;
import io.keygate.policy.presence.GatewayPresence;
import io.keygate.policy.presence.InMemoryGatewayPresence;

/**
 * What the auth server and the gateway share in the embedded mode: one clock, one grant store
 * (which is also the in-process revocation bus), the honeytoken registry, the firmware register, gateway
 * presence, live sessions, suspension receipts and the relay that carries the gateway's
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

	/** The live honeytoken hashes: the auth server plants them, the gateway trips on them. */
	@Bean
	HoneytokenRegistry honeytokenRegistry() {
		return new InMemoryHoneytokenRegistry();
	}

	/** Where the gateway leaves its receipt for a suspension and the auth server reads it (breach declarations). */
	@Bean
	SuspensionReceipts suspensionReceipts() {
		return new InMemorySuspensionReceipts();
	}

	/** Where the gateway heartbeats and the auth server's live view (and breach receipts) look. */
	@Bean
	GatewayPresence gatewayPresence() {
		return new InMemoryGatewayPresence();
	}

	/** Where the gateway reports its live sessions and the live view's Terminate reaches it. */
	@Bean
	LiveSessionBoard liveSessionBoard() {
		return new InMemoryLiveSessionBoard();
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
