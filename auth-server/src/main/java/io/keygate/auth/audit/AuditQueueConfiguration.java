package io.keygate.auth.audit;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.policy.audit.AuditQueue;

/**
 * The embedded mode's audit queue: the gateway in the same JVM submits its decisions here and one
 * writer chains them in blocks ({@link AuditQueue}). Closed with the context, which flushes what
 * is queued into the chain before the database goes away.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditQueueConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AuditQueueConfiguration.class);

	@Bean(destroyMethod = "close")
	AuditQueue auditQueue(JdbcAuditLog chain, AuditProperties properties, Clock clock) {
		AuditProperties.Queue queue = properties.queue();
		log.info("Audit queue: {} entries, blocks of up to {} entries or {} ms", queue.capacity(), queue.maxBlock(),
				queue.maxDelay().toMillis());
		return new AuditQueue(new AuditQueue.Settings(queue.capacity(), queue.maxBlock(), queue.maxDelay()),
				chain::appendBlock, clock);
	}

}
