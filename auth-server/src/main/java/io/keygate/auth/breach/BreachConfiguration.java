package io.keygate.auth.breach;

import java.time.Clock;
import java.time.Duration;


import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.OrganisationSuspension;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.account.AccountRepository;
import io.keygate.grantstore.redis.GrantStoreSettings;
import io.keygate.grantstore.redis.RedisTls;
import io.keygate.grantstore.redis.RedisSuspensionReceipts;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.breach.InMemorySuspensionReceipts;
import io.keygate.policy.breach.SuspensionReceipts;
import io.keygate.policy.presence.GatewayPresence;
import io.keygate.policy.request.ApprovalTerms;
import io.lettuce.core.RedisURI;

/**
 * The breach declaration's parts. Gateway presence is the live view's ({@code live.LiveConfiguration});
 * the firmware distrust windows are the firmware gate's ({@code firmware.BreachFirmwareDistrust});
 * receipts come from the quickstart's parent context or the distributed store when present,
 * otherwise an in-memory stand-in that is right for one process.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BreachProperties.class)
class BreachConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SuspensionReceipts suspensionReceipts(Environment environment) {
		GrantStoreSettings settings = org.springframework.boot.context.properties.bind.Binder.get(environment)
			.bindOrCreate(GrantStoreSettings.PREFIX, GrantStoreSettings.class);
		if (settings.kind() == GrantStoreSettings.Kind.REDIS) {
			return new RedisSuspensionReceipts(RedisURI.create(settings.redisUrl()), RedisTls.of(settings), settings.keyPrefix(), Duration.ofSeconds(2));
		}
		return new InMemorySuspensionReceipts();
	}

	@Bean
	ApprovalTerms approvalTerms(BreachRepository repository) {
		return new JdbcApprovalTerms(repository);
	}

	@Bean
	BreachEffects breachEffects(OrganisationSuspension suspension, KeyQuarantine quarantine, HuntReport hunt,
			FirmwareDistrustWindows firmware, GatewayPresence presence, BreachRepository repository, AuditLog audit,
			PlatformTransactionManager transactions, BreachProperties properties, Clock clock) {
		return new BreachEffects(suspension, quarantine, hunt, firmware, presence, repository, audit,
				new TransactionTemplate(transactions), properties, clock);
	}

	@Bean
	BreachDesk breachDesk(BreachRepository repository, BreachEffects effects, AccountRepository accounts, StepUpVerifier stepUp,
			OrganisationSuspension suspension, AuditLog audit, BreachProperties properties, Clock clock) {
		return new BreachDesk(repository, effects, accounts, stepUp, suspension, audit, properties, clock);
	}

	@Bean
	BreachReceipts breachReceipts(BreachRepository repository, SuspensionReceipts receipts, AuditLog audit,
			BreachProperties properties, Clock clock) {
		return new BreachReceipts(repository, receipts, audit, properties, clock);
	}

}
