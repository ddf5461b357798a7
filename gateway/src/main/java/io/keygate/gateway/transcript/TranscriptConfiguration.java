package io.keygate.gateway.transcript;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The transcript body capture, with its redaction list and, when configured, the sealing key. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TranscriptProperties.class)
class TranscriptConfiguration {

	private static final Logger log = LoggerFactory.getLogger(TranscriptConfiguration.class);

	@Bean
	TranscriptBodyFilter transcriptBodyFilter(TranscriptProperties properties) {
		Optional<BodySealing> sealing = Optional.ofNullable(properties.sealingPublicKey()).map(BodySealing::fromPem);
		log.info("Transcript bodies: up to {} bytes kept per state-changing request on enabled targets, {} field names redacted, {}",
				properties.maxBody().toBytes(), properties.redactFields().size(),
				sealing.isPresent() ? "sealed to the configured public key" : "stored in clear (no sealing key configured)");
		return new TranscriptBodyFilter((int) properties.maxBody().toBytes(), new BodyRedaction(properties.redactFields()),
				sealing);
	}

}
