package io.keygate.auth.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.auth.access.request.StoredRequest;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.request.AccessRequest;
import io.keygate.policy.request.RequestRefusedException;
import io.keygate.policy.request.RequestState;

/**
 * A vendor engineer asks for access, or withdraws the ask. Policy checks the ask; this adds the
 * suspension (held by the grant store) and writes the request with its audit event in one unit.
 */
public final class RequestSubmission {

	/** What a vendor engineer fills in. {@code start} empty means "as soon as approved". */
	public record Submission(String targetId, String level, Optional<Instant> start, Duration duration, String reason,
			String ticket) {
	}

	private final AccessSupport support;

	private final AccessRequestRepository requests;

	private final TargetCatalog catalog;

	private final AccessEvents events;

	private final TransactionTemplate tx;

	private final Duration pendingLifetime;

	private final Clock clock;

	public RequestSubmission(AccessSupport support, AccessRequestRepository requests, TargetCatalog catalog,
			AccessEvents events, TransactionTemplate tx, AccessProperties properties, Clock clock) {
		this.support = support;
		this.requests = requests;
		this.catalog = catalog;
		this.events = events;
		this.tx = tx;
		this.pendingLifetime = properties.pendingLifetime();
		this.clock = clock;
	}

	public AccessRequest submit(Actor requester, Submission submission, String clientAddress) {
		Instant now = this.clock.instant();
		return this.support.refusalsAudited(AuditAction.REQUEST_SUBMIT_REFUSED, requester, clientAddress, null,
				submission.targetId(), () -> {
					Target target = this.catalog.find(submission.targetId())
						.orElseThrow(() -> new RefusedException(AccessRefusal.UNKNOWN_TARGET,
								"no target '" + submission.targetId() + "'"));
					if (this.support.isSuspendedOrUnknown(requester.organisation())) {
						throw new RefusedException(AccessRefusal.ORG_SUSPENDED, requester.organisation() + " is suspended");
					}
					AccessRequest request;
					try {
						request = AccessRequest.submit(UUID.randomUUID().toString(), requester, target, submission.level(),
								submission.start(), submission.duration(), submission.reason(), submission.ticket(),
								this.pendingLifetime, this.clock);
					}
					catch (RequestRefusedException ex) {
						throw AccessRefusal.refusedFrom(ex);
					}
					// The audit event joins the transaction: the request and its record commit together.
					this.tx.executeWithoutResult(status -> {
						refuseDuplicate(request, now);
						this.requests.insert(request, clientAddress);
						this.events.submitted(requester, clientAddress, request, now);
					});
					return request;
				});
	}

	/**
	 * The same person asking again for the same target and level in an overlapping window only
	 * adds noise to the approvers' queue (and tempts a tired approver to wave one through).
	 */
	private void refuseDuplicate(AccessRequest request, Instant now) {
		Instant start = request.start().orElse(now);
		Instant end = start.plus(request.duration());
		for (AccessRequest other : this.requests.findByRequester(request.requester(), 500)) {
			if (other.state() != RequestState.PENDING || !other.expiresAt().isAfter(now) || !other.targetId().equals(request.targetId())
					|| !other.level().equals(request.level())) {
				continue;
			}
			Instant otherStart = other.start().orElse(now);
			if (otherStart.isBefore(end) && start.isBefore(otherStart.plus(other.duration()))) {
				throw new RefusedException(AccessRefusal.DUPLICATE_REQUEST,
						request.requester() + " already has pending request " + other.id());
			}
		}
	}

	/** The requester withdraws their own pending request; anyone else's id answers 404. */
	public AccessRequest cancel(Actor requester, String requestId, String clientAddress) {
		return this.support.refusalsAudited(AuditAction.REQUEST_CANCEL_REFUSED, requester, clientAddress, requestId, null,
				() -> {
					StoredRequest stored = this.support.visible(requester, requestId);
					if (!stored.request().requester().equals(requester.subject())) {
						throw new RefusedException(AccessRefusal.NOT_FOUND, requester.subject() + " cancelling " + requestId);
					}
					Instant now = this.clock.instant();
					return this.support.transition(stored, now, request -> request.cancel(requester, this.clock),
							cancelled -> this.events.cancelled(requester, clientAddress, cancelled, now));
				});
	}

}
