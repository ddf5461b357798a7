package io.keygate.gateway.audit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import io.keygate.grantstore.redis.AuditStreamSignature;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditStreamFormat;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import reactor.core.publisher.Mono;

/**
 * The distributed mode: each decision is one {@code XADD} to a Redis Stream that the auth server
 * consumes (in a consumer group) into the hash chain. The stream is the spool: entries wait there
 * while the auth server is down. An entry counts as recorded once Redis acknowledged the XADD; if
 * Redis does not answer within {@code timeout} the Mono errors and the request is denied.
 * <p>
 * Field layout (one stream entry per audit entry; the consumer rebuilds the {@code AuditEntry}):
 * {@code v=1, at (ISO-8601), actor, organisation, action, target, grant, request, outcome, reason,
 * client, severity}, and each detail as {@code detail.<key>}; then {@code kid} and {@code mac}
 * ({@link AuditStreamSignature}).
 */
public final class RedisStreamDecisionAudit implements DecisionAudit {

	private final StatefulRedisConnection<String, String> connection;

	private final String stream;

	private final long maxLength;

	private final Duration timeout;

	/** Signs every entry: the auth server chains as genuine only what a gateway holding the integrity keys wrote. */
	private final AuditStreamSignature signature;

	public RedisStreamDecisionAudit(StatefulRedisConnection<String, String> connection, String stream, long maxLength,
			Duration timeout, AuditStreamSignature signature) {
		this.connection = Objects.requireNonNull(connection, "connection cannot be null");
		this.signature = Objects.requireNonNull(signature, "signature cannot be null");
		this.stream = Objects.requireNonNull(stream, "stream cannot be null");
		this.maxLength = maxLength;
		this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
	}

	/** The stream fields for {@code entry}: {@link AuditStreamFormat}, shared with the auth server's consumer. */
	public static Map<String, String> fields(AuditEntry entry) {
		return AuditStreamFormat.toFields(entry);
	}

	@Override
	public Mono<Void> record(AuditEntry entry) {
		// Lettuce's reactive API is non-blocking: the event loop is never held while Redis answers.
		return this.connection.reactive()
			.xadd(this.stream, XAddArgs.Builder.maxlen(this.maxLength).approximateTrimming(), this.signature.sign(fields(entry)))
			.timeout(this.timeout)
			.switchIfEmpty(Mono.error(new IllegalStateException("XADD returned no id")))
			.then();
	}

}
