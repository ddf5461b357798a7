package io.keygate.auth.evidence;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.policy.audit.AuditLog;

/**
 * The evidence signing key and the pack generator. A configured key file is read (and, only when
 * {@code signing-key-generate} is set, created); without one the generator still makes HTML and
 * CSV reports but refuses signed bundles: a bundle signed with a key nobody provisioned would prove
 * nothing, so there is no silent default.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EvidenceProperties.class)
class EvidenceConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EvidenceConfiguration.class);

	@Bean
	EvidencePacks evidencePacks(EvidenceCollector collector, EvidenceProperties properties, AuditLog audit, Clock clock) {
		Optional<EvidenceSigningKey> key = Optional.empty();
		if (properties.signingKeyFile() != null) {
			boolean existed = java.nio.file.Files.exists(properties.signingKeyFile());
			EvidenceSigningKey loaded = EvidenceSigningKey.load(properties.signingKeyFile(), properties.signingKeyGenerate());
			if (!existed) {
				log.warn("""

						********************************************************************************
						* A NEW evidence signing key was generated (keygate.evidence.signing-key-generate)
						* and saved to {}
						* Auditors trust bundles signed by it only if you publish its fingerprint:
						*   {}
						* Back the file up: bundles signed before a new key cannot be re-signed.
						********************************************************************************""",
						properties.signingKeyFile().toAbsolutePath(), loaded.fingerprint());
			}
			else {
				log.info("Evidence bundles are signed with the key in {} (fingerprint {})", properties.signingKeyFile(),
						loaded.fingerprint());
			}
			key = Optional.of(loaded);
		}
		else {
			log.warn("No evidence signing key (keygate.evidence.signing-key-file): signed evidence bundles are refused");
		}
		return new EvidencePacks(collector, key, properties, audit, clock);
	}

}
