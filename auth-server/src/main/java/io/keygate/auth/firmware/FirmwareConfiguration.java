package io.keygate.auth.firmware;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.firmware.RedisFirmwareRegister;
import io.keygate.policy.firmware.AllowListEntry;
import io.keygate.policy.firmware.DistrustWindow;
import io.keygate.policy.firmware.FirmwareRegister;
import io.keygate.policy.firmware.FirmwareRegisterUnavailableException;
import io.keygate.policy.firmware.InMemoryFirmwareRegister;

/**
 * The register the portal writes and the gateways read: the parent context's in the embedded
 * quickstart, else Redis when the grant store is Redis (the gateways use the same keys), else an
 * instance of this process's own. At start-up the database's allow-list and windows are published
 * to it again, so a restarted embedded JVM or a flushed Redis does not forget what was decided.
 */
@Configuration(proxyBeanMethods = false)
public class FirmwareConfiguration {

	private static final Logger log = LoggerFactory.getLogger(FirmwareConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	FirmwareRegister firmwareRegister(GrantStoreSettings store) {
		if (store.kind() == GrantStoreSettings.Kind.REDIS) {
			return RedisFirmwareRegister.connect(store.redisUrl(), io.keygate.grantstore.redis.RedisTls.of(store), store.keyPrefix(),
					IntegrityKeys.of(store.integrityKeys()));
		}
		return new InMemoryFirmwareRegister();
	}

	@Bean
	ApplicationRunner firmwareRegisterRepublication(FirmwareLedger ledger, FirmwareRegister register) {
		return (ApplicationArguments args) -> {
			try {
				int entries = 0;
				for (AllowListEntry entry : ledger.allowList()) {
					entries += register.allow(entry) ? 1 : 0;
				}
				java.util.Set<String> known = new java.util.HashSet<>();
				register.windows().forEach(window -> known.add(window.id()));
				int windows = 0;
				for (DistrustWindow window : ledger.windows()) {
					if (known.add(window.id())) {
						register.openWindow(window);
						windows++;
					}
				}
				log.info("Firmware register: {} allow-list entries and {} distrust windows republished", entries, windows);
			}
			catch (FirmwareRegisterUnavailableException ex) {
				// Gateways refuse every upload they cannot check, so an unpublished list fails closed.
				log.error("Firmware register unavailable at start-up: the allow-list and windows were not republished", ex);
			}
		};
	}

}
