package io.keygate.gateway.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.grantstore.redis.AuditStreamSignature;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditBackpressureException;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditFieldLimits;
import io.keygate.policy.audit.AuditStreamFormat;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.decision.DenyReason;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import reactor.core.publisher.Mono;

/**
 * The distributed mode: each decision is one entry of a Redis Stream that the auth servers chain.
 * The stream is the queue: entries wait there while no auth server runs. An entry counts as
 * recorded once Redis acknowledged it; if Redis does not answer within {@code timeout} the Mono
 * errors and the request is denied.
 * <p>
 * Nothing is ever trimmed here (the consumer trims only what it has chained). The bound is
 * checked instead, in the same script as the append so that no two gateways both slip past it:
 * when the stream holds {@code maxBacklog} entries or more, the entry is not added, the Mono errors
 * with {@link AuditBackpressureException} ({@link DenyReason#AUDIT_BACKLOG_EXCEEDED}) and the
 * request is denied. Those denials are raised as one HIGH {@code audit.backlog.exceeded} entry per
 * {@link #ALERT_EVERY} (added past the bound: a handful of alerts cannot fill Redis, and the
 * operators must hear of it).
 * <p>
 * Values are fitted to {@link AuditFieldLimits} before writing, so an over-long path or target
 * cannot poison the consumer; the fields are {@link AuditStreamFormat}'s.
 * <p>
 * Every entry is signed ({@link AuditStreamSignature}: {@code kid} and {@code mac} after
 * {@link AuditStreamFormat}'s fields), so the auth server chains as genuine only what a gateway
 * holding the integrity keys wrote.
 */
public final class RedisStreamDecisionAudit implements DecisionAudit {

	private static final Logger log = LoggerFactory.getLogger(RedisStreamDecisionAudit.class);

	/** At most one backlog alert per gateway in this interval. */
	static final Duration ALERT_EVERY = Duration.ofSeconds(10);

	/** KEYS[1] stream; ARGV[1] bound, then field, value, ...: the id, or "BACKLOG <length>" when over the bound. */
	private static final String BOUNDED_XADD = """
			local length = redis.call('XLEN', KEYS[1])
			if length >= tonumber(ARGV[1]) then
			  return 'BACKLOG ' .. length
			end
			return redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
			""";

	private static final String BACKLOG = "BACKLOG ";

	private final StatefulRedisConnection<String, String> connection;

	private final String stream;

	private final long maxBacklog;

	private final Duration timeout;

	private final Clock clock;

	private final AtomicLong deniedSinceAlert = new AtomicLong();

	private final AtomicReference<Instant> lastAlert = new AtomicReference<>(Instant.EPOCH);

	/** Signs every entry: the auth server chains as genuine only what a gateway holding the integrity keys wrote. */
	private final AuditStreamSignature signature;

	public RedisStreamDecisionAudit(StatefulRedisConnection<String, String> connection, String stream, long maxBacklog,
			Duration timeout, Clock clock, AuditStreamSignature signature) {
		this.connection = Objects.requireNonNull(connection, "connection cannot be null");
		this.signature = Objects.requireNonNull(signature, "signature cannot be null");
		this.stream = Objects.requireNonNull(stream, "stream cannot be null");
		this.maxBacklog = maxBacklog;
		this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/** The stream fields for {@code entry}: {@link AuditStreamFormat}, shared with the auth server's consumer. */
	public static Map<String, String> fields(AuditEntry entry) {
		return AuditStreamFormat.toFields(entry);
	}

	@Override
	public Mono<Void> record(AuditEntry entry) {
		List<String> args = new ArrayList<>();
		args.add(Long.toString(this.maxBacklog));
		this.signature.sign(fields(AuditFieldLimits.fit(entry))).forEach((key, value) -> {
			args.add(key);
			args.add(value);
		});
		// Lettuce's reactive API is non-blocking: the event loop is never held while Redis answers.
		return this.connection.reactive()
			.<String>eval(BOUNDED_XADD, ScriptOutputType.VALUE, new String[] { this.stream }, args.toArray(String[]::new))
			.next()
			.timeout(this.timeout)
			.switchIfEmpty(Mono.error(new IllegalStateException("XADD returned no id")))
			.flatMap(answer -> answer.startsWith(BACKLOG) ? overBacklog(answer.substring(BACKLOG.length())) : Mono.<Void>empty())
			.then();
	}

	private Mono<Void> overBacklog(String length) {
		long denied = this.deniedSinceAlert.incrementAndGet();
		AuditBackpressureException refusal = new AuditBackpressureException(DenyReason.AUDIT_BACKLOG_EXCEEDED,
				"audit stream " + this.stream + " holds " + length + " entries, over the bound of " + this.maxBacklog);
		Instant now = this.clock.instant();
		Instant last = this.lastAlert.get();
		if (Duration.between(last, now).compareTo(ALERT_EVERY) < 0 || !this.lastAlert.compareAndSet(last, now)) {
			return Mono.error(refusal);
		}
		this.deniedSinceAlert.addAndGet(-denied);
		log.error("Audit stream {} holds {} unchained entries (bound {}): denying requests ({} since the last alert)",
				this.stream, length, this.maxBacklog, denied);
		AuditEntry alert = AuditEntry.builder(AuditAction.AUDIT_BACKLOG_EXCEEDED, now)
			.severity(Severity.HIGH)
			.outcome("deny")
			.reason(DenyReason.AUDIT_BACKLOG_EXCEEDED.name())
			.detail("backlog", length)
			.detail("bound", this.maxBacklog)
			.detail("denied", denied)
			.detail("since", last.equals(Instant.EPOCH) ? "" : last.toString())
			.build();
		return this.connection.reactive()
			.xadd(this.stream, this.signature.sign(fields(alert)))
			.timeout(this.timeout)
			.onErrorResume(ex -> {
				log.error("Backlog alert not written to {}", this.stream, ex);
				return Mono.empty();
			})
			.then(Mono.error(refusal));
	}

}
