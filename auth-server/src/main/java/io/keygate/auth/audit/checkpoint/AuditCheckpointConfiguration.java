package io.keygate.auth.audit.checkpoint;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.auth.access.webhook.WebhookOutbox;
import io.keygate.auth.audit.AuditProperties;
import io.keygate.auth.audit.JdbcAuditLog;

/**
 * Signed checkpoints of the audit chain, on when a checkpoint key is configured
 * ({@code keygate.audit.checkpoint.key-file} or {@code .private-key}). Each replica may sign: the
 * checkpoints of all replicas describe the same chain and any of them proves a rewrite.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${keygate.audit.checkpoint.key-file:}' != '' or '${keygate.audit.checkpoint.private-key:}' != ''")
class AuditCheckpointConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AuditCheckpointConfiguration.class);

	@Bean
	AuditCheckpoints auditCheckpoints(JdbcAuditLog chain, AuditProperties properties, ObjectProvider<WebhookOutbox> webhook,
			Clock clock) {
		AuditProperties.Checkpoint settings = properties.checkpoint();
		CheckpointKey key = settings.keyFile() != null ? CheckpointKey.loadOrCreate(settings.keyFile())
				: CheckpointKey.fromBase64(settings.privateKey(), settings.publicKey());
		Path export = settings.exportFile();
		if (export == null) {
			if (settings.keyFile() == null) {
				throw new IllegalArgumentException(
						"keygate.audit.checkpoint.export-file is required when the checkpoint key comes from private-key");
			}
			export = settings.keyFile().toAbsolutePath().resolveSibling("audit-checkpoints.jsonl");
		}
		WebhookOutbox outbox = webhook.getIfAvailable();
		log.info("Audit checkpoints every {} signed with {} to {}{}; verifiers need this public key:\n{}", settings.interval(),
				key.keyId(), export, outbox == null ? "" : " and the webhook", key.publicPem());
		return new AuditCheckpoints(chain, key, new CheckpointExportFile(export),
				outbox == null ? (type, data) -> {
				} : outbox::enqueue, clock);
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService auditCheckpointSchedule(AuditCheckpoints checkpoints, AuditProperties properties) {
		ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "audit-checkpoint");
			thread.setDaemon(true);
			return thread;
		});
		long every = properties.checkpoint().interval().toMillis();
		schedule.scheduleWithFixedDelay(() -> {
			try {
				checkpoints.checkpoint();
			}
			catch (RuntimeException ex) {
				log.error("Audit checkpoint failed; retrying in {} ms", every, ex);
			}
		}, every, every, TimeUnit.MILLISECONDS);
		return schedule;
	}

}
