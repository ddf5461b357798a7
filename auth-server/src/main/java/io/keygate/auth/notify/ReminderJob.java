package io.keygate.auth.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.Rows;
import io.keygate.auth.access.grant.GrantActivation;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.request.AccessRequest;
import io.keygate.policy.request.RequestState;

/**
 * Pending requests nobody decided: after the tier's {@code remind-after} the approvers who can
 * decide are reminded, after {@code escalate-after} the second list is mailed; the requester is
 * told each time. Grants about to end tell their holder. Each step happens once per request or
 * grant (a row claimed in the same transaction as the messages and the audit entry, so two
 * replicas never both send and a crash sends nothing half).
 */
public final class ReminderJob {

	private static final Logger log = LoggerFactory.getLogger(ReminderJob.class);

	private static final int BATCH = 500;

	/** What one sweep did. */
	public record Sweep(int reminded, int escalated, int endingNotices) {
	}

	private final AccessRequestRepository requests;

	private final TargetCatalog catalog;

	private final Notifications notifications;

	private final AuditLog audit;

	private final GrantHistoryRepository history;

	private final JdbcClient jdbc;

	private final NotifyProperties properties;

	private final TransactionTemplate tx;

	private final Clock clock;

	public ReminderJob(AccessRequestRepository requests, TargetCatalog catalog, Notifications notifications,
			AuditLog audit, GrantHistoryRepository history, JdbcClient jdbc, NotifyProperties properties,
			TransactionTemplate tx, Clock clock) {
		this.requests = requests;
		this.catalog = catalog;
		this.notifications = notifications;
		this.audit = audit;
		this.history = history;
		this.jdbc = jdbc;
		this.properties = properties;
		this.tx = tx;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${keygate.notify.reminders.sweep-interval:PT1M}",
			initialDelayString = "${keygate.notify.reminders.sweep-interval:PT1M}")
	public Sweep sweep() {
		Instant now = this.clock.instant();
		int reminded = 0;
		int escalated = 0;
		int ending = 0;
		try {
			for (AccessRequest request : this.requests.findByState(RequestState.PENDING, BATCH)) {
				if (request.isExpiredAt(now)) {
					continue;
				}
				Optional<Target> target = this.catalog.find(request.targetId());
				if (target.isEmpty()) {
					continue;
				}
				NotifyProperties.Timing timing = this.properties.reminders().of(target.get().tier());
				Duration waited = Duration.between(request.createdAt(), now);
				if (waited.compareTo(timing.remindAfter()) >= 0 && remind(request, waited, now)) {
					reminded++;
				}
				if (waited.compareTo(timing.escalateAfter()) >= 0 && escalate(request, waited, now)) {
					escalated++;
				}
			}
			for (GrantRecord record : this.history.findCurrent(now)) {
				Grant grant = record.grant();
				if (record.activation() != GrantActivation.ACTIVATED || !grant.isActiveAt(now)
						|| grant.remainingAt(now).compareTo(this.properties.endingNotice()) > 0) {
					continue;
				}
				if (noticeEnding(grant, now)) {
					ending++;
				}
			}
		}
		catch (DataAccessException ex) {
			log.warn("Reminder sweep failed, will retry: {}", ex.toString());
		}
		return new Sweep(reminded, escalated, ending);
	}

	private boolean remind(AccessRequest request, Duration waited, Instant now) {
		return Boolean.TRUE.equals(this.tx.execute(status -> {
			if (!claim(request.id(), "reminded_at", now)) {
				return false;
			}
			int mailed = this.notifications.reminder(request, waited);
			audit(AuditAction.REQUEST_REMINDED, request, now, Severity.INFO, mailed, waited);
			return true;
		}));
	}

	private boolean escalate(AccessRequest request, Duration waited, Instant now) {
		return Boolean.TRUE.equals(this.tx.execute(status -> {
			if (!claim(request.id(), "escalated_at", now)) {
				return false;
			}
			int mailed = this.notifications.escalation(request, waited);
			// WARNING: a request at the escalation stage is what an outage, or an unwatched queue, looks like.
			audit(AuditAction.REQUEST_ESCALATED, request, now, Severity.WARNING, mailed, waited);
			return true;
		}));
	}

	private boolean noticeEnding(Grant grant, Instant now) {
		try {
			return Boolean.TRUE.equals(this.tx.execute(status -> {
				this.jdbc.sql("insert into grant_ending_notice (grant_id, noticed_at) values (:id, :at)")
					.param("id", grant.id())
					.param("at", Rows.at(now))
					.update();
				this.notifications.ending(grant);
				this.audit.append(AuditEntry.builder(AuditAction.GRANT_ENDING_NOTICE, now)
					.actor("keygate")
					.grant(grant.id())
					.target(grant.targetId())
					.organisation(grant.organisation())
					.outcome("noticed")
					.detail("subject", grant.subject())
					.detail("notAfter", grant.notAfter())
					.build());
				return true;
			}));
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** Sets the column from null; false when it was set already (by this replica earlier or by another). */
	private boolean claim(String requestId, String column, Instant now) {
		this.jdbc.sql("insert into request_reminder (request_id) select :id where not exists "
				+ "(select 1 from request_reminder where request_id = :id)")
			.param("id", requestId)
			.update();
		return this.jdbc.sql("update request_reminder set " + column + " = :at where request_id = :id and " + column + " is null")
			.param("at", Rows.at(now))
			.param("id", requestId)
			.update() == 1;
	}

	private void audit(AuditAction action, AccessRequest request, Instant now, Severity severity, int mailed, Duration waited) {
		this.audit.append(AuditEntry.builder(action, now)
			.actor("keygate")
			.request(request.id())
			.target(request.targetId())
			.organisation(request.organisation())
			.outcome(action == AuditAction.REQUEST_ESCALATED ? "escalated" : "reminded")
			.severity(severity)
			.detail("waitedMinutes", waited.toMinutes())
			.detail("mailed", mailed)
			.detail("channels", String.join(",", this.notifications.configuredChannels()))
			.build());
	}

}
