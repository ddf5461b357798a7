package io.keygate.auth.breakglass;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.notify.Notifications;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;

/**
 * An emergency grant that has ended without a review is brought to the security admins, once
 * (claimed in the same transaction as the messages and the audit entry), so "must be reviewed"
 * does not rest on somebody remembering to look.
 */
public final class BreakGlassReviewJob {

	private static final Logger log = LoggerFactory.getLogger(BreakGlassReviewJob.class);

	private final BreakGlassRepository repository;

	private final Notifications notifications;

	private final AuditLog audit;

	private final TransactionTemplate tx;

	private final Clock clock;

	public BreakGlassReviewJob(BreakGlassRepository repository, Notifications notifications, AuditLog audit,
			TransactionTemplate tx, Clock clock) {
		this.repository = repository;
		this.notifications = notifications;
		this.audit = audit;
		this.tx = tx;
		this.clock = clock;
	}

	/** How many unreviewed, ended openings this run brought up. */
	@Scheduled(fixedDelayString = "${keygate.notify.reminders.sweep-interval:PT1M}",
			initialDelayString = "${keygate.notify.reminders.sweep-interval:PT1M}")
	public int remindDue() {
		Instant now = this.clock.instant();
		int reminded = 0;
		try {
			for (BreakGlassRepository.Opening opening : this.repository.endedUnreviewed(now, 200)) {
				Boolean done = this.tx.execute(status -> {
					if (!this.repository.claimReviewReminder(opening.grantId(), now)) {
						return false;
					}
					int mailed = this.notifications.breakGlassReviewDue(opening.grantId(), opening.subject(),
							opening.organisation(), opening.targetId(), opening.reason(), opening.notAfter());
					this.audit.append(AuditEntry.builder(AuditAction.BREAK_GLASS_REVIEW_DUE, now)
						.actor("keygate")
						.organisation(opening.organisation())
						.request(opening.requestId())
						.grant(opening.grantId())
						.target(opening.targetId())
						.outcome("review-due")
						.severity(Severity.WARNING)
						.detail("subject", opening.subject())
						.detail("mailed", mailed)
						.build());
					return true;
				});
				if (Boolean.TRUE.equals(done)) {
					reminded++;
				}
			}
		}
		catch (DataAccessException ex) {
			log.warn("Break-glass review sweep failed, will retry: {}", ex.toString());
		}
		return reminded;
	}

}
