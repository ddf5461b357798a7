package io.keygate.auth.detection;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.policy.detection.CounterRegressionDetector;
import io.keygate.policy.detection.Detector;
import io.keygate.policy.detection.DetectorHistory;
import io.keygate.policy.detection.FailedAssertionsDetector;
import io.keygate.policy.detection.GrantlessProbeDetector;
import io.keygate.policy.detection.PathProbeDetector;
import io.keygate.policy.detection.SharedKeyDetector;
import io.keygate.policy.detection.SignInNewNetworkDetector;
import io.keygate.policy.detection.SignInOffHoursDetector;
import io.keygate.policy.detection.UnusualReasonTargetDetector;

/**
 * Every detector as a {@link Detector} bean: the detection runner (issue 14's alert store) feeds
 * each bean every chained event. Detectors with memory are wrapped so that they rebuild it from
 * the chain at start. A bad threshold stops start-up with the property's name.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DetectionProperties.class)
public class DetectionConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DetectionConfiguration.class);

	private static final String PREFIX = "keygate.detection.";

	@Bean
	ChainHistory detectionChainHistory(JdbcClient jdbc) {
		return new ChainHistory(jdbc);
	}

	@Bean
	@ConditionalOnProperty(name = PREFIX + "new-network.enabled", havingValue = "true", matchIfMissing = true)
	Detector signInNewNetworkDetector(DetectionProperties properties, ChainHistory chain) {
		DetectionProperties.NewNetwork config = properties.newNetwork();
		return replaying(properties, chain, named("new-network",
				() -> new SignInNewNetworkDetector(config.normal(), config.strict())));
	}

	@Bean
	@ConditionalOnProperty(name = PREFIX + "off-hours.enabled", havingValue = "true", matchIfMissing = true)
	Detector signInOffHoursDetector(DetectionProperties properties) {
		DetectionProperties.OffHours config = properties.offHours();
		SignInOffHoursDetector detector = named("off-hours",
				() -> new SignInOffHoursDetector(config.calendars(), config.fallbackHours(), config.normal(), config.strict()));
		if (detector.calendarOrganisations().isEmpty()) {
			log.warn("keygate.detection.off-hours has no organisation calendars: every organisation is judged by the fallback "
					+ "calendar {}", config.fallbackHours());
		}
		return detector;
	}

	@Bean
	@ConditionalOnProperty(name = PREFIX + "failed-assertions.enabled", havingValue = "true", matchIfMissing = true)
	Detector failedAssertionsDetector(DetectionProperties properties, ChainHistory chain) {
		DetectionProperties.FailedAssertions config = properties.failedAssertions();
		return replaying(properties, chain, named("failed-assertions",
				() -> new FailedAssertionsDetector(config.normal(), config.strict())));
	}

	@Bean
	@ConditionalOnProperty(name = PREFIX + "keys.enabled", havingValue = "true", matchIfMissing = true)
	Detector counterRegressionDetector(DetectionProperties properties, ChainHistory chain) {
		return replaying(properties, chain, named("keys", () -> new CounterRegressionDetector(properties.keys().thresholds())));
	}

	@Bean
	@ConditionalOnProperty(name = PREFIX + "keys.enabled", havingValue = "true", matchIfMissing = true)
	Detector sharedKeyDetector(DetectionProperties properties, ChainHistory chain) {
		return replaying(properties, chain, named("keys", () -> new SharedKeyDetector(properties.keys().thresholds())));
	}

	@Bean
	@ConditionalOnProperty(name = PREFIX + "grantless-probe.enabled", havingValue = "true", matchIfMissing = true)
	Detector grantlessProbeDetector(DetectionProperties properties, ChainHistory chain) {
		DetectionProperties.GrantlessProbe config = properties.grantlessProbe();
		return replaying(properties, chain, named("grantless-probe",
				() -> new GrantlessProbeDetector(config.normal(), config.strict())));
	}

	@Bean
	@ConditionalOnProperty(name = PREFIX + "path-probe.enabled", havingValue = "true", matchIfMissing = true)
	Detector pathProbeDetector(DetectionProperties properties, ChainHistory chain) {
		DetectionProperties.PathProbe config = properties.pathProbe();
		return replaying(properties, chain, named("path-probe", () -> new PathProbeDetector(config.normal(), config.strict())));
	}

	@Bean
	@ConditionalOnProperty(name = PREFIX + "reason-target.enabled", havingValue = "true", matchIfMissing = true)
	Detector unusualReasonTargetDetector(DetectionProperties properties, ChainHistory chain) {
		DetectionProperties.ReasonTarget config = properties.reasonTarget();
		return replaying(properties, chain, named("reason-target",
				() -> new UnusualReasonTargetDetector(config.normal(), config.strict())));
	}

	private static <D extends Detector & DetectorHistory> Detector replaying(DetectionProperties properties, ChainHistory chain,
			D detector) {
		return new ReplayingDetector(detector, properties.replay() ? chain : null);
	}

	/** Builds a detector from its properties; a value out of range names the property that holds it. */
	private static <T> T named(String property, Supplier<T> build) {
		try {
			return build.get();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(PREFIX + property + ": " + ex.getMessage(), ex);
		}
	}

}
