package io.keygate.auth.alert;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.AccountCutoff;
import io.keygate.auth.access.GrantRevocation;
import io.keygate.auth.access.OrganisationSuspension;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.access.webhook.WebhookOutbox;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.RedisTls;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.RedisHoneytokenRegistry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.decoy.HoneytokenRegistry;
import io.keygate.policy.decoy.InMemoryHoneytokenRegistry;
import io.keygate.policy.detection.AlertingEventDetector;
import io.keygate.policy.detection.Detector;
import io.lettuce.core.RedisURI;

/**
 * Alerts, the detection runner, decoy and honeytoken responses. The honeytoken registry is the
 * embedded parent's when there is one (shared with the gateway), Redis in the distributed mode.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertProperties.class)
public class AlertConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AlertConfiguration.class);

	@Bean
	AlertRepository alertRepository(JdbcClient jdbc) {
		return new AlertRepository(jdbc);
	}

	@Bean
	DetectionCursor detectionCursor(JdbcClient jdbc) {
		return new DetectionCursor(jdbc);
	}

	@Bean
	JdbcStrictOrganisations strictOrganisations(JdbcClient jdbc) {
		return new JdbcStrictOrganisations(jdbc);
	}

	/** First of the detectors: the convention every feature raises alerts by. */
	@Bean
	@Order(0)
	AlertingEventDetector alertingEventDetector() {
		return new AlertingEventDetector();
	}

	@Bean
	AlertRaising alertRaising(AuditLog audit, ObjectProvider<WebhookOutbox> webhook) {
		return new AlertRaising(audit, webhook);
	}

	@Bean
	IntruderResponse intruderResponse(AccountRepository accounts, AccountCutoff cutoff, OrganisationSuspension suspension,
			TargetCatalog catalog) {
		return new IntruderResponse(accounts, cutoff, suspension, catalog);
	}

	@Bean
	DetectionRunner detectionRunner(JdbcAuditLog chain, DetectionCursor cursor, AlertRepository alerts, AlertRaising raising,
			IntruderResponse response, JdbcStrictOrganisations strict, ObjectProvider<Detector> detectors,
			PlatformTransactionManager transactions, AlertProperties properties, Clock clock) {
		return new DetectionRunner(chain, cursor, alerts, raising, response, strict, detectors.orderedStream().toList(),
				new TransactionTemplate(transactions), properties, clock);
	}

	/**
	 * The runner's own thread rather than Spring's scheduler (one thread shared by every job): a
	 * slow webhook pass must not hold a decoy trip back, nor the runner the jobs.
	 */
	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService detectionSchedule() {
		return Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "keygate-detection");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	DetectionStart detectionStart(DetectionRunner runner, ScheduledExecutorService detectionSchedule,
			AlertProperties properties) {
		return new DetectionStart(runner, detectionSchedule, properties);
	}

	/** Starts tailing the chain once the application is ready (migrations done, the stream consumer up). */
	static final class DetectionStart {

		private final DetectionRunner runner;

		private final ScheduledExecutorService schedule;

		private final AlertProperties properties;

		DetectionStart(DetectionRunner runner, ScheduledExecutorService schedule, AlertProperties properties) {
			this.runner = runner;
			this.schedule = schedule;
			this.properties = properties;
		}

		@EventListener(ApplicationReadyEvent.class)
		void start() {
			if (!this.properties.enabled()) {
				log.warn("Detection runner off (keygate.alerts.enabled=false): no alerts are raised by this replica");
				return;
			}
			long every = this.properties.pollInterval().toMillis();
			this.schedule.scheduleWithFixedDelay(this.runner::tick, 0, Math.max(every, 1), TimeUnit.MILLISECONDS);
		}

	}

	@Bean
	AlertDesk alertDesk(AlertRepository alerts, StepUpVerifier stepUp, GrantRevocation revocation,
			GrantHistoryRepository history, AccountRepository accounts, AccountCutoff cutoff, OrganisationSuspension suspension,
			AuditLog audit, Clock clock) {
		return new AlertDesk(alerts, stepUp, revocation, history, accounts, cutoff, suspension, audit, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	HoneytokenRegistry honeytokenRegistry(GrantStoreSettings settings) {
		if (settings.kind() == GrantStoreSettings.Kind.REDIS) {
			return new RedisHoneytokenRegistry(RedisURI.create(settings.redisUrl()), RedisTls.of(settings), settings.keyPrefix(),
					IntegrityKeys.of(settings.integrityKeys()), java.time.Duration.ofSeconds(1));
		}
		return new InMemoryHoneytokenRegistry();
	}

	@Bean
	HoneytokenRepository honeytokenRepository(JdbcClient jdbc) {
		return new HoneytokenRepository(jdbc);
	}

	@Bean
	HoneytokenDesk honeytokenDesk(HoneytokenRepository repository, HoneytokenRegistry registry, AuditLog audit,
			PlatformTransactionManager transactions, Clock clock) {
		return new HoneytokenDesk(repository, registry, audit, new TransactionTemplate(transactions), clock);
	}

	@Bean
	HoneytokenTripwire honeytokenTripwire(HoneytokenRegistry registry, AuditLog audit, Clock clock) {
		return new HoneytokenTripwire(registry, audit, clock);
	}

}
