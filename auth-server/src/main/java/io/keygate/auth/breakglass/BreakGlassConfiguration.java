package io.keygate.auth.breakglass;

import java.time.Clock;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.AccessConfiguration;
import io.keygate.auth.access.AccountCutoff;
import io.keygate.auth.access.OrganisationSuspension;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.notify.Notifications;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.grant.GrantStore;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BreakGlassProperties.class)
public class BreakGlassConfiguration {

	@Bean
	BreakGlassRepository breakGlassRepository(JdbcClient jdbc) {
		return new BreakGlassRepository(jdbc);
	}

	@Bean
	BreakGlassEligibilities breakGlassEligibilities(BreakGlassRepository repository, AccountRepository accounts,
			TargetCatalog catalog, StepUpVerifier stepUp, ObjectProvider<AuditLog> audits, ListableBeanFactory beans,
			Clock clock) {
		return new BreakGlassEligibilities(repository, accounts, catalog, stepUp, AccessConfiguration.localFirst(beans, audits),
				clock);
	}

	@Bean
	BreakGlassDesk breakGlassDesk(BreakGlassRepository repository, AccountRepository accounts, TargetCatalog catalog,
			OrganisationSuspension suspension, GrantHistoryRepository history, GrantStore grantStore, AccountCutoff cutoff,
			Notifications notifications, ObjectProvider<AuditLog> audits, ListableBeanFactory beans,
			BreakGlassProperties properties, PlatformTransactionManager transactions, Clock clock) {
		return new BreakGlassDesk(repository, accounts, catalog, suspension, history, grantStore, cutoff, notifications,
				AccessConfiguration.localFirst(beans, audits), properties, new TransactionTemplate(transactions), clock);
	}

	/** Brings ended, unreviewed openings to the security admins, on the reminder sweep's interval. */
	@Bean
	BreakGlassReviewJob breakGlassReviewJob(BreakGlassRepository repository, Notifications notifications,
			ObjectProvider<AuditLog> audits, ListableBeanFactory beans, PlatformTransactionManager transactions, Clock clock) {
		return new BreakGlassReviewJob(repository, notifications, AccessConfiguration.localFirst(beans, audits),
				new TransactionTemplate(transactions), clock);
	}

}
