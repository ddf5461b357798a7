package io.keygate.auth.access;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.auth.access.request.ApprovalEvidence;
import io.keygate.auth.access.request.StoredRequest;
import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.account.AccountOrigins;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.GrantStoreUnavailableException;
import io.keygate.policy.grant.GrantWindow;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.request.AccessRequest;
import io.keygate.policy.request.Approval;
import io.keygate.policy.request.ApprovalRule;
import io.keygate.policy.request.ApprovalTerms;
import io.keygate.policy.request.EnrolledBy;
import io.keygate.policy.request.RequestRefusedException;
import io.keygate.policy.request.RequestState;

/**
 * An approver reviews a request: the step-up challenge, the key-signed yes, the no. Every rule is
 * policy's; this adds the step-up check, optimistic locking, the grant store write and history.
 */
public final class RequestApproval {

	private static final Logger log = LoggerFactory.getLogger(RequestApproval.class);

	/**
	 * The outcome of one approval: the request now, the grant when the rule was met, how many
	 * approvals it needs, and whether the grant waits for its window ({@code scheduled}: not in the
	 * grant store until its {@code notBefore}).
	 */
	public record ApprovalResult(AccessRequest request, Optional<Grant> grant, int approvalsNeeded, boolean scheduled) {
	}

	private final AccessSupport support;

	private final GrantOverlapCheck overlaps;

	private final AccessRequestRepository requests;

	private final GrantHistoryRepository history;

	private final GrantStore grantStore;

	private final ApprovalRule rule;

	/** Stricter terms an organisation is under (after a breach): raise {@link #rule}, never lower it. */
	private final ApprovalTerms terms;

	private final StepUpVerifier stepUp;

	private final AccountRepository accounts;

	private final AccessEvents events;

	private final TransactionTemplate tx;

	private final Clock clock;

	/** Who enrolled each approver: policy counts an approval only when independent of the earlier ones. */
	private final AccountOrigins origins;

	public RequestApproval(AccessSupport support, GrantOverlapCheck overlaps, AccessRequestRepository requests,
			GrantHistoryRepository history, GrantStore grantStore, StepUpVerifier stepUp, AccountRepository accounts,
			AccessEvents events, TransactionTemplate tx, AccessProperties properties, Clock clock, AccountOrigins origins) {
		this(support, overlaps, requests, history, grantStore, stepUp, accounts, events, tx, properties, clock, origins,
				ApprovalTerms.NONE);
	}

	public RequestApproval(AccessSupport support, GrantOverlapCheck overlaps, AccessRequestRepository requests,
			GrantHistoryRepository history, GrantStore grantStore, StepUpVerifier stepUp, AccountRepository accounts,
			AccessEvents events, TransactionTemplate tx, AccessProperties properties, Clock clock, AccountOrigins origins,
			ApprovalTerms terms) {
		this.terms = terms;
		this.accounts = accounts;
		this.origins = origins;
		this.support = support;
		this.overlaps = overlaps;
		this.requests = requests;
		this.history = history;
		this.grantStore = grantStore;
		this.rule = properties.approvals().rule();
		this.stepUp = stepUp;
		this.events = events;
		this.tx = tx;
		this.clock = clock;
	}

	/** Issues the challenge the approver's key must sign to approve {@code requestId}. */
	public StepUpChallenge stepUp(Actor approver, String requestId, String clientAddress) {
		return this.support.refusalsAudited(AuditAction.REQUEST_STEP_UP_REFUSED, approver, clientAddress, requestId, null,
				() -> {
					Instant now = this.clock.instant();
					AccessRequest request = this.support.find(approver, requestId, now);
					this.support.targetOf(request);
					refuseUnreviewable(approver, request, now, enrolledBy(approver, request));
					requireActiveRequester(request);
					// Told before the key touch: the approval would be refused for the same reason.
					this.overlaps.refuse(request.requester(), request.targetId(), windowOf(request, now), now);
					return this.stepUp.issue(request, approver);
				});
	}

	/**
	 * One approver's yes, given with a fresh key assertion bound to this request. When the rule is
	 * met the grant is written to the grant store and to history in one unit: if the store refuses
	 * or cannot be reached, nothing of the approval is kept and the approver is told.
	 */
	public ApprovalResult approve(Actor approver, String requestId, String comment, StepUpAssertion assertion,
			String clientAddress) {
		return this.support.refusalsAudited(AuditAction.REQUEST_APPROVE_REFUSED, approver, clientAddress, requestId, null,
				() -> {
					// One reading decides the whole approval (expiry, the window, live or scheduled):
					// with two, an immediate grant's start could fall after the reading that judges it.
					Instant now = this.clock.instant();
					AccessRequest current = this.support.find(approver, requestId, now);
					if (current.state() == RequestState.EXPIRED) {
						throw new RefusedException(AccessRefusal.REQUEST_EXPIRED, requestId + " expired");
					}
					Target target = this.support.targetOf(current);
					// Policy's rules first: a self-approval is refused as such, whatever key was touched.
					refuseUnreviewable(approver, current, now, enrolledBy(approver, current));
					requireActiveRequester(current);
					// Burnt and checked outside the approval transaction: a refused approval must not
					// give the challenge back for another try.
					ApprovalEvidence evidence = this.stepUp.verify(current, approver, assertion, clientAddress);
					String safeComment = comment == null ? "" : comment.strip();
					if (safeComment.length() > AccessRequest.MAX_TEXT) {
						throw new RefusedException(AccessRefusal.INVALID_INPUT, "comment too long");
					}
					for (int attempt = 1;; attempt++) {
						try {
							return approveOnce(approver, requestId, target, safeComment, evidence, clientAddress, now);
						}
						catch (ConcurrentChange | DuplicateKeyException ex) {
							// Someone else moved the request between our read and our write: read it
							// again and let policy decide against what is there now.
							if (attempt >= AccessSupport.WRITE_ATTEMPTS) {
								throw new RefusedException(AccessRefusal.CONFLICT, requestId + " kept changing", ex);
							}
						}
						catch (DataAccessException ex) {
							if (attempt >= AccessSupport.WRITE_ATTEMPTS) {
								throw new RefusedException(AccessRefusal.CONFLICT, requestId + ": " + ex.getMessage(), ex);
							}
						}
					}
				});
	}

	private ApprovalResult approveOnce(Actor approver, String requestId, Target target, String comment,
			ApprovalEvidence evidence, String clientAddress, Instant now) {
		Grant[] stored = new Grant[1];
		try {
			return this.tx.execute(status -> {
				// Both accounts locked and read inside the transaction: a cut-off of either commits
				// before this reads (and is seen) or waits until this approval is done (and then
				// revokes its grant or withdraws it).
				lockActive(approver.subject(), AccessRefusal.APPROVER_NOT_ACTIVE);
				StoredRequest row = this.requests.find(requestId)
					.orElseThrow(() -> new RefusedException(AccessRefusal.NOT_FOUND, requestId + " vanished"));
				lockActive(row.request().requester(), AccessRefusal.REQUESTER_NOT_ACTIVE);
				row = withoutInactiveApprovals(row, now);
				if (row.request().isExpiredAt(now)) {
					throw new RefusedException(AccessRefusal.REQUEST_EXPIRED,
							requestId + " expired at " + row.request().expiresAt());
				}
				AccessRequest.ApprovalOutcome outcome;
				ApprovalRule rule = this.terms.ruleFor(row.request().organisation(), this.rule, now);
				try {
					outcome = row.request().approve(approver, target, rule, comment, evidence.id(),
							UUID.randomUUID().toString(), now, enrolledBy(approver, row.request()));
				}
				catch (RequestRefusedException ex) {
					throw AccessRefusal.refusedFrom(ex);
				}
				if (!this.requests.update(outcome.request(), row.version())) {
					throw new ConcurrentChange();
				}
				List<Approval> approvals = outcome.request().approvals();
				this.requests.insertApproval(requestId, approvals.get(approvals.size() - 1), evidence, clientAddress);
				int needed = rule.approvalsNeeded(target, row.request().level());
				this.events.approval(approver, clientAddress, outcome.request(), outcome.grant().isPresent(), needed, evidence,
						now);
				if (outcome.grant().isEmpty()) {
					return new ApprovalResult(outcome.request(), Optional.empty(), needed, false);
				}
				Grant grant = outcome.grant().get();
				// The store keeps one grant per person and target: a window overlapping one they hold
				// or will hold would end that one early.
				this.overlaps.refuse(grant.subject(), grant.targetId(), grant.window(), now);
				this.history.insert(grant, now, !outcome.scheduled());
				if (outcome.scheduled()) {
					// Not written to the store before its window begins: GrantActivationJob does
					// that at notBefore. The store's suspension check at put time is not reached
					// here, so it is asked now (and again at activation).
					requireNotSuspended(grant.organisation());
					this.events.grantScheduled(approver, clientAddress, grant, now);
					return new ApprovalResult(outcome.request(), Optional.of(grant), needed, true);
				}
				// Last, because it is the one write outside this transaction: if it fails the
				// transaction rolls back and nothing is half-written.
				putInStore(grant);
				stored[0] = grant;
				this.events.grantIssued(approver, clientAddress, grant, now);
				return new ApprovalResult(outcome.request(), Optional.of(grant), needed, false);
			});
		}
		catch (RuntimeException ex) {
			if (stored[0] != null) {
				// The store took the grant but the commit failed: take it back so the store
				// never holds a grant history does not know.
				compensate(stored[0]);
			}
			throw ex;
		}
	}

	/** An approver's no. The comment is required: the requester reads it. */
	public AccessRequest deny(Actor approver, String requestId, String comment, String clientAddress) {
		return this.support.refusalsAudited(AuditAction.REQUEST_DENY_REFUSED, approver, clientAddress, requestId, null,
				() -> {
					if (comment == null || comment.isBlank() || comment.length() > AccessRequest.MAX_TEXT) {
						throw new RefusedException(AccessRefusal.DENIAL_REASON_REQUIRED, "denial without a usable comment");
					}
					StoredRequest stored = this.support.visible(approver, requestId);
					Instant now = this.clock.instant();
					return this.support.transition(stored, now, request -> request.deny(approver, comment.strip(), this.clock),
							denied -> this.events.denied(approver, clientAddress, denied, comment.strip(), now));
				});
	}

	/** Refused before any key is touched: nobody approves access for a person who was cut off. */
	private void requireActiveRequester(AccessRequest request) {
		boolean active = this.accounts.findBySubject(request.requester()).map(account -> account.isActive()).orElse(false);
		if (!active) {
			throw new RefusedException(AccessRefusal.REQUESTER_NOT_ACTIVE, request.requester() + " is not active");
		}
	}

	private void lockActive(String subject, AccessRefusal refusal) {
		if (this.accounts.lockStatus(subject).filter(UserStatus.ACTIVE::equals).isEmpty()) {
			throw new RefusedException(refusal, subject + " is not active");
		}
	}

	/**
	 * The request with the approvals of approvers who are no longer active withdrawn: they never
	 * count toward the rule. A cut-off withdraws them already; this also catches approvals of
	 * accounts cut off before cut-offs did that, and any the cut-off's query could not see.
	 */
	private StoredRequest withoutInactiveApprovals(StoredRequest row, Instant now) {
		boolean withdrew = false;
		for (Approval approval : row.request().approvals()) {
			boolean active = this.accounts.lockStatus(approval.approver()).filter(UserStatus.ACTIVE::equals).isPresent();
			if (!active) {
				String why = "approver " + approval.approver() + " is no longer active";
				if (this.requests.withdrawApproval(row.request().id(), approval.approver(), now, why)) {
					this.events.approvalWithdrawn(row.request().id(), approval.approver(), why, now);
					withdrew = true;
				}
			}
		}
		if (!withdrew) {
			return row;
		}
		String id = row.request().id();
		return this.requests.find(id).orElseThrow(() -> new RefusedException(AccessRefusal.NOT_FOUND, id + " vanished"));
	}

	/** Who enrolled the approver and everyone who approved {@code request} before. */
	private EnrolledBy enrolledBy(Actor approver, AccessRequest request) {
		List<String> subjects = new java.util.ArrayList<>(request.approvals().stream().map(Approval::approver).toList());
		subjects.add(approver.subject());
		return this.origins.enrolledBy(subjects);
	}

	private static void refuseUnreviewable(Actor approver, AccessRequest request, Instant now, EnrolledBy enrolledBy) {
		request.reviewRefusal(approver, now, enrolledBy).ifPresent(reason -> {
			throw AccessRefusal.refusedFor(reason, approver.subject() + " cannot review " + request.id());
		});
	}

	/** Present once {@link #refuseUnreviewable} has passed: policy refuses a request whose window is over. */
	private static GrantWindow windowOf(AccessRequest request, Instant now) {
		return request.windowIfApprovedAt(now)
			.orElseThrow(() -> new IllegalStateException("reviewable " + request.id() + " has no window (this is a bug)"));
	}

	private void putInStore(Grant grant) {
		GrantStore.PutResult put;
		try {
			put = this.grantStore.put(grant);
		}
		catch (GrantStoreUnavailableException ex) {
			throw new RefusedException(AccessRefusal.GRANT_STORE_UNAVAILABLE, "put " + grant.id() + ": " + ex, ex);
		}
		if (put == GrantStore.PutResult.ORGANISATION_SUSPENDED) {
			throw new RefusedException(AccessRefusal.ORG_SUSPENDED, grant.organisation() + " suspended");
		}
		if (put != GrantStore.PutResult.STORED) {
			throw new RefusedException(AccessRefusal.REQUEST_EXPIRED, "grant store said " + put);
		}
	}

	/** Asked of the store directly: a store that cannot say refuses the approval as unavailable. */
	private void requireNotSuspended(String organisation) {
		boolean suspended;
		try {
			suspended = this.grantStore.isSuspended(organisation);
		}
		catch (RuntimeException ex) {
			throw new RefusedException(AccessRefusal.GRANT_STORE_UNAVAILABLE, "suspension of " + organisation + ": " + ex,
					ex);
		}
		if (suspended) {
			throw new RefusedException(AccessRefusal.ORG_SUSPENDED, organisation + " suspended");
		}
	}

	private void compensate(Grant grant) {
		try {
			this.grantStore.revoke(grant.id(), "approval rolled back");
		}
		catch (RuntimeException ex) {
			log.error("Grant {} is in the store but its approval rolled back, and revoking it failed", grant.id(), ex);
		}
	}

	/** Lost the optimistic-lock race; the approval loop reads again. */
	private static final class ConcurrentChange extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ConcurrentChange() {
			super("concurrent change", null, false, false);
		}

	}

}
