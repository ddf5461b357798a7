package io.keygate.auth.notify;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.AccessConfiguration;
import io.keygate.auth.access.ApproverQueue;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.auth.access.webhook.OutboxChannel;
import io.keygate.auth.access.webhook.WebhookOutbox;
import io.keygate.auth.account.AccountRepository;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.catalog.TargetCatalog;

/** Wires the mail and chat channels, the notifier the access events call, and the reminder job. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifyProperties.class)
public class NotifyConfiguration {

	@Bean
	MailChannel mailChannel(NotifyProperties properties) {
		return new MailChannel(properties.mail());
	}

	@Bean
	ChatChannel slackChannel(NotifyProperties properties) {
		return new ChatChannel(ChatChannel.SLACK, properties.slack());
	}

	@Bean
	ChatChannel teamsChannel(NotifyProperties properties) {
		return new ChatChannel(ChatChannel.TEAMS, properties.teams());
	}

	@Bean
	Recipients notificationRecipients(AccountRepository accounts) {
		return new Recipients(accounts);
	}

	@Bean
	Notifications notifications(WebhookOutbox outbox, Recipients recipients, TargetCatalog catalog,
			ObjectProvider<ApproverQueue> queue, GrantHistoryRepository history, JdbcClient jdbc, NotifyProperties properties,
			List<OutboxChannel> channels, Clock clock) {
		return new Notifications(outbox, recipients, catalog, queue, history, jdbc, properties, channels, clock);
	}

	@Bean
	ReminderJob reminderJob(AccessRequestRepository requests, TargetCatalog catalog, Notifications notifications,
			ObjectProvider<AuditLog> audits, ListableBeanFactory beans, GrantHistoryRepository history, JdbcClient jdbc, NotifyProperties properties,
			PlatformTransactionManager transactions, Clock clock) {
		return new ReminderJob(requests, catalog, notifications, AccessConfiguration.localFirst(beans, audits), history, jdbc, properties,
				new TransactionTemplate(transactions), clock);
	}

}
