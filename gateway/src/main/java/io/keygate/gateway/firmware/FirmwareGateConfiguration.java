package io.keygate.gateway.firmware;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.gateway.access.DenyResponse;
import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.firmware.RedisFirmwareRegister;
import io.keygate.policy.firmware.FirmwareGate;
import io.keygate.policy.firmware.FirmwareRegister;
import io.keygate.policy.firmware.InMemoryFirmwareRegister;

/**
 * The firmware gate's beans. The register is {@code @ConditionalOnMissingBean}: in the embedded
 * quickstart the parent context's instance, shared with the auth server's portal, must win; standing
 * alone, the gateway uses Redis when its grant store does (the auth server writes the same keys).
 */
@Configuration(proxyBeanMethods = false)
public class FirmwareGateConfiguration {

	private static final Logger log = LoggerFactory.getLogger(FirmwareGateConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	FirmwareRegister firmwareRegister(GrantStoreSettings store) {
		if (store.kind() == GrantStoreSettings.Kind.REDIS) {
			return RedisFirmwareRegister.connect(store.redisUrl(), io.keygate.grantstore.redis.RedisTls.of(store), store.keyPrefix(),
					IntegrityKeys.of(store.integrityKeys()));
		}
		log.warn("Firmware register in this process's memory only: the allow-list starts empty, so every firmware upload"
				+ " is refused until one is added (use the shared store with more than one process)");
		return new InMemoryFirmwareRegister();
	}

	@Bean
	FirmwareGateFilter firmwareGateFilter(FirmwareRegister register, FirmwareGateProperties properties, DecisionAudit audit,
			DenyResponse denyResponse, Clock clock) {
		log.info("Firmware gate: spool {}, held images {} (up to {})", properties.spoolDirectory(), properties.holdDirectory(),
				properties.holdCapacity());
		return new FirmwareGateFilter(new FirmwareGate(register, clock), new UploadSpool(properties.spoolDirectory()),
				new HeldImageStore(properties.holdDirectory(), properties.holdCapacity().toBytes()), audit, denyResponse,
				properties.instanceId(), clock, properties.concurrentUploads());
	}

}
