package io.keygate.auth.access;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.oidc.OidcAuthorizationRevocation;
import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.auth.access.stepup.StepUpPurgeJob;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.access.webhook.ChannelHealth;
import io.keygate.auth.access.webhook.OutboxChannel;
import io.keygate.auth.access.webhook.SignedWebhookChannel;
import io.keygate.auth.access.webhook.WebhookDispatcher;
import io.keygate.auth.access.webhook.WebhookOutbox;
import io.keygate.auth.access.webhook.WebhookProperties;
import io.keygate.auth.webauthn.KeyAssertions;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.InMemoryAuditLog;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.catalog.TargetCatalogFile;

/**
 * Wires access requests. Shared things (grant store, audit log) are taken from the context when
 * it has them — the quickstart's parent context, the identity feature's audit log — and made here
 * only when it does not. The Redis grant store is selected by configuration elsewhere.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({ AccessProperties.class, GatewayLinkProperties.class, WebhookProperties.class,
		io.keygate.auth.access.portal.PortalProperties.class })
public class AccessConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AccessConfiguration.class);

	/** The embedded store, unless the context already has one (quickstart parent, or Redis by configuration). */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(GrantStore.class)
	// Explicit, not only "missing bean": with keygate.grant-store.kind=redis an in-memory fallback would
	// silently cut the auth server off from the gateways.
	@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "keygate.grant-store.kind",
			havingValue = "in-memory", matchIfMissing = true)
	GrantStore accessGrantStore(Clock clock) {
		log.info("Grant store: in-memory (embedded mode); live grants do not survive a restart");
		return new InMemoryGrantStore(clock);
	}

	@Bean
	@ConditionalOnMissingBean(AuditLog.class)
	AuditLog accessAuditLog() {
		log.warn("No persistent audit log in this context: access events are chained IN MEMORY only and lost on restart");
		return new InMemoryAuditLog();
	}

	/**
	 * The target catalogue from {@code keygate.catalog} (a Spring resource location). A bad file
	 * stops start-up with the entry named; no file means no requestable target (nothing to grant).
	 */
	@Bean
	@ConditionalOnMissingBean(TargetCatalog.class)
	TargetCatalog accessTargetCatalog(@Value("${keygate.catalog:}") String location, ResourceLoader resources)
			throws IOException {
		if (location.isBlank()) {
			log.warn("keygate.catalog is not set: the target catalogue is empty and nothing can be requested");
			return TargetCatalog.of();
		}
		Resource resource = resources.getResource(location);
		if (!resource.exists()) {
			throw new IllegalStateException("keygate.catalog points at " + location + ", which does not exist");
		}
		try (InputStream in = resource.getInputStream()) {
			TargetCatalog catalog = TargetCatalogFile.load(in, location);
			log.info("Target catalogue {}: {} targets", location, catalog.all().size());
			return catalog;
		}
	}

	@Bean
	StepUpVerifier stepUpVerifier(JdbcClient jdbc, KeyAssertions keys, AccessProperties properties, Clock clock) {
		return new StepUpVerifier(jdbc, keys, properties.stepUp().challengeLifetime(), clock);
	}

	@Bean
	WebhookOutbox webhookOutbox(JdbcClient jdbc, WebhookProperties properties, Clock clock) {
		return new WebhookOutbox(jdbc, properties, clock);
	}

	@Bean
	SignedWebhookChannel signedWebhookChannel(WebhookProperties properties, Clock clock) {
		return new SignedWebhookChannel(properties, clock);
	}

	@Bean
	ChannelHealth channelHealth(JdbcClient jdbc) {
		return new ChannelHealth(jdbc);
	}

	/** Sends the outbox on every channel there is a bean for (the webhook here; mail and chat in notify). */
	@Bean
	WebhookDispatcher webhookDispatcher(WebhookOutbox outbox, WebhookProperties properties, List<OutboxChannel> channels,
			ChannelHealth health, Clock clock) {
		return new WebhookDispatcher(outbox, properties, channels, health, clock);
	}

	/** The one writer of access audit entries and webhook events; mail and chat when notify is wired. */
	@Bean
	AccessEvents accessEvents(ObjectProvider<AuditLog> audits, ListableBeanFactory beans, WebhookOutbox webhook,
			ObjectProvider<AccessNotifications> notifications) {
		return new AccessEvents(localFirst(beans, audits), webhook, notifications.getIfAvailable(() -> AccessNotifications.NONE));
	}

	@Bean
	AccessSupport accessSupport(AccessRequestRepository requests, TargetCatalog catalog, GrantStore grantStore,
			AccessEvents events, PlatformTransactionManager transactions, AccessProperties properties, Clock clock) {
		return new AccessSupport(requests, catalog, grantStore, events, new TransactionTemplate(transactions), properties,
				clock);
	}

	@Bean
	GrantOverlapCheck grantOverlapCheck(GrantHistoryRepository history, AccessSupport support) {
		return new GrantOverlapCheck(history, support);
	}

	@Bean
	RequestSubmission requestSubmission(AccessSupport support, AccessRequestRepository requests, TargetCatalog catalog,
			AccessEvents events, PlatformTransactionManager transactions, AccessProperties properties, Clock clock) {
		return new RequestSubmission(support, requests, catalog, events, new TransactionTemplate(transactions), properties,
				clock);
	}

	@Bean
	RequestApproval requestApproval(AccessSupport support, GrantOverlapCheck overlaps, AccessRequestRepository requests,
			GrantHistoryRepository history, GrantStore grantStore, StepUpVerifier stepUp, AccountRepository accounts,
			AccessEvents events, PlatformTransactionManager transactions, AccessProperties properties, Clock clock,
			io.keygate.auth.account.AccountOrigins origins, ObjectProvider<io.keygate.policy.request.ApprovalTerms> terms) {
		return new RequestApproval(support, overlaps, requests, history, grantStore, stepUp, accounts, events,
				new TransactionTemplate(transactions), properties, clock, origins,
				terms.getIfAvailable(() -> io.keygate.policy.request.ApprovalTerms.NONE));
	}

	@Bean
	GrantRevocation grantRevocation(AccessSupport support, GrantHistoryRepository history, GrantStore grantStore,
			AccessEvents events, PlatformTransactionManager transactions, Clock clock) {
		return new GrantRevocation(support, history, grantStore, events, new TransactionTemplate(transactions), clock);
	}

	/** The one way an account leaves ACTIVE: with every grant, session, authorization and pending approval of it. */
	@Bean
	AccountCutoff accountCutoff(AccountRepository accounts, GrantRevocation revocation, AccessRequestRepository requests,
			OidcAuthorizationRevocation authorizations, AccessEvents events, PlatformTransactionManager transactions,
			Clock clock) {
		return new AccountCutoff(accounts, revocation, requests, authorizations, events, new TransactionTemplate(transactions),
				clock);
	}

	/** Puts live grants back into an in-memory grant store that a restart emptied, or ends them (see the class). */
	@Bean
	LiveGrantRestore liveGrantRestore(GrantHistoryRepository history, GrantStore grantStore, AccountRepository accounts,
			AccessEvents events, PlatformTransactionManager transactions, Clock clock) {
		return new LiveGrantRestore(history, grantStore, accounts, events, new TransactionTemplate(transactions), clock);
	}

	/** Also puts recorded suspensions back into a grant store that forgot them, when the application is ready. */
	@Bean
	OrganisationSuspension organisationSuspension(AccessSupport support, GrantHistoryRepository history,
			GrantStore grantStore, AccessEvents events, PlatformTransactionManager transactions, Clock clock) {
		return new OrganisationSuspension(support, history, grantStore, events, new TransactionTemplate(transactions), clock);
	}

	@Bean
	ApproverQueue approverQueue(AccessSupport support, GrantOverlapCheck overlaps, AccessRequestRepository requests,
			TargetCatalog catalog, AccountStates states, AccessProperties properties, Clock clock,
			ObjectProvider<io.keygate.policy.request.ApprovalTerms> terms) {
		return new ApproverQueue(support, overlaps, requests, catalog, states, properties, clock,
				terms.getIfAvailable(() -> io.keygate.policy.request.ApprovalTerms.NONE));
	}

	@Bean
	AccountStates accountStates(AccountRepository accounts) {
		return new AccountStates(accounts);
	}

	@Bean
	AccessQueries accessQueries(AccessSupport support, AccessRequestRepository requests, GrantHistoryRepository history,
			TargetCatalog catalog, Clock clock) {
		return new AccessQueries(support, requests, history, catalog, clock);
	}

	/** Expires pending requests nobody read, every {@code keygate.access.expiry-sweep-interval}. */
	@Bean
	RequestExpiryJob requestExpiryJob(AccessSupport support, AccessRequestRepository requests, Clock clock) {
		return new RequestExpiryJob(support, requests, clock);
	}

	/** Deletes step-up challenges a day after they expired, on the same interval as the expiry sweep. */
	@Bean
	StepUpPurgeJob stepUpPurgeJob(StepUpVerifier stepUp, Clock clock) {
		return new StepUpPurgeJob(stepUp, clock);
	}

	/** Starts approved grants whose window begins later; every replica runs it (see the class). */
	@Bean
	GrantActivationJob grantActivationJob(GrantHistoryRepository history, GrantStore grantStore, AccountRepository accounts,
			AccessEvents events, PlatformTransactionManager transactions, Clock clock) {
		return new GrantActivationJob(history, grantStore, accounts, events, new TransactionTemplate(transactions), clock);
	}

	/**
	 * The audit log of this context when it has exactly one: in the quickstart the parent context
	 * also holds the gateway's audit sink, and access events belong in the auth server's chain.
	 */
	public static AuditLog localFirst(ListableBeanFactory beans, ObjectProvider<AuditLog> audits) {
		java.util.Map<String, AuditLog> local = beans.getBeansOfType(AuditLog.class);
		if (local.size() == 1) {
			return local.values().iterator().next();
		}
		AuditLog unique = audits.getIfUnique();
		if (unique == null) {
			throw new IllegalStateException("access requests need exactly one AuditLog; found " + local.keySet()
					+ " in this context and no unique one in its parents");
		}
		return unique;
	}

}
