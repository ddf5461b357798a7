package io.keygate.auth.access;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.auth.access.request.ApprovalEvidence;
import io.keygate.auth.access.request.StoredRequest;
import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.access.webhook.WebhookOutbox;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.GrantStoreUnavailableException;
import io.keygate.policy.grant.RevocationEvent;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest;
import io.keygate.policy.request.ApprovalRule;
import io.keygate.policy.request.RequestRefusedException;
import io.keygate.policy.request.RequestState;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;

/**
 * The application service for access requests: every portal page and API call goes through here,
 * and every rule is policy's. This class adds what only a server can: persistence with optimistic
 * locking, the step-up check, the grant store write, the audit trail and the webhook outbox.
 * <p>
 * Every action, allowed or refused, is an audit event with actor, time and client address.
 */
public final class AccessService {

	private static final Logger log = LoggerFactory.getLogger(AccessService.class);

	private static final int LIST_LIMIT = 200;

	private static final int APPROVAL_ATTEMPTS = 4;

	private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
		.ofPattern("EEE d MMM HH:mm", java.util.Locale.ENGLISH);

	private final AccessRequestRepository requests;

	private final GrantHistoryRepository history;

	private final GrantStore grantStore;

	private final TargetCatalog catalog;

	private final ApprovalRule rule;

	private final StepUpVerifier stepUp;

	private final AuditLog audit;

	private final WebhookOutbox webhook;

	private final TransactionTemplate tx;

	private final AccessProperties properties;

	private final Clock clock;

	public AccessService(AccessRequestRepository requests, GrantHistoryRepository history, GrantStore grantStore,
			TargetCatalog catalog, StepUpVerifier stepUp, AuditLog audit, WebhookOutbox webhook, TransactionTemplate tx,
			AccessProperties properties, Clock clock) {
		this.requests = requests;
		this.history = history;
		this.grantStore = grantStore;
		this.catalog = catalog;
		this.rule = properties.approvals().rule();
		this.stepUp = stepUp;
		this.audit = audit;
		this.webhook = webhook;
		this.tx = tx;
		this.properties = properties;
		this.clock = clock;
	}

	/** What a vendor engineer fills in. {@code start} empty means "as soon as approved". */
	public record Submission(String targetId, String level, Optional<Instant> start, Duration duration, String reason,
			String ticket) {
	}

	/**
	 * The outcome of one approval: the request now, the grant when the rule was met, how many
	 * approvals it needs, and whether the grant waits for its window ({@code scheduled}: not in the
	 * grant store until its {@code notBefore}).
	 */
	public record ApprovalResult(AccessRequest request, Optional<Grant> grant, int approvalsNeeded, boolean scheduled) {
	}

	/**
	 * What a revocation or suspension ended: {@code grantIds} were live (sessions are closed by the
	 * gateways on the revocation event), {@code scheduledCancelled} had not started and now never will.
	 */
	public record RevocationResult(RevocationEvent.Scope scope, String key, List<String> grantIds,
			List<String> scheduledCancelled) {

		public RevocationResult {
			grantIds = List.copyOf(grantIds);
			scheduledCancelled = List.copyOf(scheduledCancelled);
		}

		public int grantsEnded() {
			return this.grantIds.size();
		}

	}

	/** A pending request with what an approver should notice about it. */
	public record QueueItem(AccessRequest request, Target target, int approvalsNeeded, List<String> hints,
			boolean reviewable, String notReviewableBecause) {
	}

	// ---- vendor engineer -------------------------------------------------------------------

	public AccessRequest submit(Actor requester, Submission submission, String clientAddress) {
		Instant now = this.clock.instant();
		return refusalsAudited("request.submit", requester, clientAddress, null, submission.targetId(), () -> {
			Target target = this.catalog.find(submission.targetId())
				.orElseThrow(() -> new AccessRefusedException(AccessRefusal.UNKNOWN_TARGET,
						"no target '" + submission.targetId() + "'"));
			// The suspension lives in the grant store (shared with the gateways); a store that
			// cannot say is treated as suspended.
			if (suspended(requester.organisation())) {
				throw new AccessRefusedException(AccessRefusal.ORG_SUSPENDED, requester.organisation() + " is suspended");
			}
			AccessRequest request;
			try {
				request = AccessRequest.submit(UUID.randomUUID().toString(), requester, target, submission.level(),
						submission.start(), submission.duration(), submission.reason(), submission.ticket(),
						this.properties.pendingLifetime(), this.clock);
			}
			catch (RequestRefusedException ex) {
				throw AccessRefusedException.from(ex);
			}
			// The audit event joins the transaction: the request and its record commit together.
			this.tx.executeWithoutResult(status -> {
				this.requests.insert(request, clientAddress);
				this.webhook.enqueue("request.submitted", requestEvent(request));
				audit("request.submitted", requester, clientAddress, now, entry -> entry.request(request.id())
					.target(request.targetId())
					.outcome("pending")
					.detail("level", request.level())
					.detail("duration", request.duration())
					.detail("start", request.start().map(Instant::toString).orElse("on approval"))
					.detail("ticket", request.ticket()));
			});
			return request;
		});
	}

	public AccessRequest cancel(Actor requester, String requestId, String clientAddress) {
		return refusalsAudited("request.cancel", requester, clientAddress, requestId, null, () -> {
			StoredRequest stored = visible(requester, requestId);
			if (!stored.request().requester().equals(requester.subject())) {
				throw new AccessRefusedException(AccessRefusal.NOT_FOUND, requester.subject() + " cancelling " + requestId);
			}
			return transition(stored, request -> request.cancel(requester, this.clock),
					cancelled -> audit("request.cancelled", requester, clientAddress, this.clock.instant(),
							entry -> entry.request(requestId).target(cancelled.targetId()).outcome("cancelled")));
		});
	}

	/** "I'm done": the holder ends their own grant before its time. */
	public RevocationResult endOwnGrant(Actor holder, String grantId, String clientAddress) {
		return refusalsAudited("grant.end", holder, clientAddress, null, null, () -> {
			GrantRecord record = this.history.find(grantId)
				.filter(found -> found.grant().subject().equals(holder.subject()))
				.orElseThrow(() -> new AccessRefusedException(AccessRefusal.NOT_FOUND, holder.subject() + " ending " + grantId));
			return revoke(holder, clientAddress, RevocationEvent.Scope.GRANT, grantId, "ended early by its holder",
					() -> this.grantStore.revoke(grantId, "ended by holder").map(List::of).orElse(List.of()),
					List.of(record.grant().id()));
		});
	}

	public List<AccessRequest> myRequests(Actor requester) {
		return this.requests.findByRequester(requester.subject(), LIST_LIMIT).stream().map(this::expireLazily).toList();
	}

	/** The holder's live grants and those approved to start later (see {@link GrantRecord#isScheduledAt}). */
	public List<GrantRecord> myLiveGrants(Actor holder) {
		Instant now = this.clock.instant();
		return this.history.findBySubject(holder.subject(), LIST_LIMIT).stream().filter(g -> g.isCurrentAt(now)).toList();
	}

	public List<Target> requestableTargets() {
		return this.catalog.requestable();
	}

	// ---- approver --------------------------------------------------------------------------

	/** A request as {@code actor} may see it: their own, or any if they review or audit. Otherwise 404. */
	public AccessRequest find(Actor actor, String requestId) {
		return expireLazily(visible(actor, requestId).request());
	}

	public List<QueueItem> queue(Actor approver) {
		requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
		List<QueueItem> items = new ArrayList<>();
		for (AccessRequest pending : this.requests.findByState(RequestState.PENDING, LIST_LIMIT)) {
			AccessRequest request = expireLazily(pending);
			if (request.state() != RequestState.PENDING) {
				continue;
			}
			Optional<Target> target = this.catalog.find(request.targetId());
			if (target.isEmpty()) {
				continue;
			}
			String why = dryRun(approver, request, target.get()).map(AccessRefusal::message).orElse("");
			items.add(new QueueItem(request, target.get(), this.rule.approvalsNeeded(target.get(), request.level()),
					hints(request), why.isEmpty(), why));
		}
		return items;
	}

	/** Issues the challenge the approver's key must sign to approve {@code requestId}. */
	public StepUpChallenge stepUp(Actor approver, String requestId, String clientAddress) {
		return refusalsAudited("request.step-up", approver, clientAddress, requestId, null, () -> {
			AccessRequest request = find(approver, requestId);
			Target target = targetOf(request);
			Optional<AccessRefusal> refusal = dryRun(approver, request, target);
			if (refusal.isPresent()) {
				throw new AccessRefusedException(refusal.get(), approver.subject() + " cannot review " + requestId);
			}
			// Told before the key touch: the approval would be refused for the same reason.
			Instant now = this.clock.instant();
			Window window = Window.of(request, now);
			refuseOverlap(request.requester(), request.targetId(), window, now);
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
		return refusalsAudited("request.approve", approver, clientAddress, requestId, null, () -> {
			AccessRequest current = find(approver, requestId);
			if (current.state() == RequestState.EXPIRED) {
				throw new AccessRefusedException(AccessRefusal.REQUEST_EXPIRED, requestId + " expired");
			}
			Target target = targetOf(current);
			// Policy's rules first: a self-approval is refused as such, whatever key was touched.
			Optional<AccessRefusal> refusal = dryRun(approver, current, target);
			if (refusal.isPresent()) {
				throw new AccessRefusedException(refusal.get(), approver.subject() + " cannot review " + requestId);
			}
			// Burnt and checked outside the approval transaction: a refused approval must not
			// give the challenge back for another try.
			ApprovalEvidence evidence = this.stepUp.verify(current, approver, assertion, clientAddress);
			String safeComment = comment == null ? "" : comment.strip();
			if (safeComment.length() > AccessRequest.MAX_TEXT) {
				throw new AccessRefusedException(AccessRefusal.INVALID_INPUT, "comment too long");
			}
			for (int attempt = 1;; attempt++) {
				try {
					return approveOnce(approver, requestId, target, safeComment, evidence, clientAddress);
				}
				catch (ConcurrentChange | DuplicateKeyException ex) {
					// Someone else moved the request between our read and our write: read it
					// again and let policy decide against what is there now.
					if (attempt >= APPROVAL_ATTEMPTS) {
						throw new AccessRefusedException(AccessRefusal.CONFLICT, requestId + " kept changing", ex);
					}
				}
				catch (DataAccessException ex) {
					if (attempt >= APPROVAL_ATTEMPTS) {
						throw new AccessRefusedException(AccessRefusal.CONFLICT, requestId + ": " + ex.getMessage(), ex);
					}
				}
			}
		});
	}

	private ApprovalResult approveOnce(Actor approver, String requestId, Target target, String comment,
			ApprovalEvidence evidence, String clientAddress) {
		Grant[] stored = new Grant[1];
		try {
			return this.tx.execute(status -> {
				StoredRequest row = this.requests.find(requestId)
					.orElseThrow(() -> new AccessRefusedException(AccessRefusal.NOT_FOUND, requestId + " vanished"));
				Instant now = this.clock.instant();
				if (row.request().isExpiredAt(now)) {
					throw new AccessRefusedException(AccessRefusal.REQUEST_EXPIRED, requestId + " expired at "
							+ row.request().expiresAt());
				}
				AccessRequest.ApprovalOutcome outcome;
				try {
					outcome = row.request().approve(approver, target, this.rule, comment, evidence.id(),
							UUID.randomUUID().toString(), this.clock);
				}
				catch (RequestRefusedException ex) {
					throw AccessRefusedException.from(ex);
				}
				if (!this.requests.update(outcome.request(), row.version())) {
					throw new ConcurrentChange();
				}
				this.requests.insertApproval(requestId, outcome.request().approvals().get(outcome.request().approvals().size() - 1),
						evidence, clientAddress);
				int needed = this.rule.approvalsNeeded(target, row.request().level());
				audit("request.approval", approver, clientAddress, now, entry -> entry.request(requestId)
					.target(target.id())
					.outcome(outcome.grant().isPresent() ? "approved" : "awaiting-more")
					.detail("approvals", outcome.request().approvals().size())
					.detail("needed", needed)
					.detail("evidence", evidence.id())
					.detail("credential", evidence.credentialId()));
				if (outcome.grant().isEmpty()) {
					this.webhook.enqueue("request.approval", decisionEvent(outcome.request(), "approval-recorded"));
					return new ApprovalResult(outcome.request(), Optional.empty(), needed, false);
				}
				Grant grant = outcome.grant().get();
				// The store keeps one grant per person and target: a window overlapping one they hold
				// or will hold would end that one early (see refuseOverlap).
				refuseOverlap(grant.subject(), grant.targetId(), new Window(grant.notBefore(), grant.notAfter()), now);
				// Policy read the clock again when it issued the grant: a window that begins "now"
				// has notBefore at that reading, so compare with a reading taken after it.
				boolean scheduled = grant.notBefore().isAfter(this.clock.instant());
				this.history.insert(grant, now, !scheduled);
				this.webhook.enqueue("request.approved", decisionEvent(outcome.request(), "approved"));
				if (scheduled) {
					// Not written to the store before its window begins: GrantActivationJob does
					// that at notBefore. The store's suspension check at put time is not reached
					// here, so it is asked now (and again at activation).
					requireNotSuspended(grant.organisation());
					this.webhook.enqueue("grant.scheduled", grantEvent(grant));
					audit("grant.scheduled", approver, clientAddress, now,
							entry -> grantAudit(entry, grant).outcome("scheduled"));
					return new ApprovalResult(outcome.request(), Optional.of(grant), needed, true);
				}
				this.webhook.enqueue("grant.issued", grantEvent(grant));
				// Last, because it is the one write outside this transaction: if it fails the
				// transaction rolls back and nothing is half-written.
				GrantStore.PutResult put;
				try {
					put = this.grantStore.put(grant);
				}
				catch (GrantStoreUnavailableException ex) {
					throw new AccessRefusedException(AccessRefusal.GRANT_STORE_UNAVAILABLE, "put " + grant.id() + ": " + ex, ex);
				}
				if (put == GrantStore.PutResult.ORGANISATION_SUSPENDED) {
					throw new AccessRefusedException(AccessRefusal.ORG_SUSPENDED, grant.organisation() + " suspended");
				}
				if (put != GrantStore.PutResult.STORED) {
					throw new AccessRefusedException(AccessRefusal.REQUEST_EXPIRED, "grant store said " + put);
				}
				stored[0] = grant;
				audit("grant.issued", approver, clientAddress, now, entry -> grantAudit(entry, grant).outcome("issued"));
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

	private void compensate(Grant grant) {
		try {
			this.grantStore.revoke(grant.id(), "approval rolled back");
		}
		catch (RuntimeException ex) {
			log.error("Grant {} is in the store but its approval rolled back, and revoking it failed", grant.id(), ex);
		}
	}

	public AccessRequest deny(Actor approver, String requestId, String comment, String clientAddress) {
		return refusalsAudited("request.deny", approver, clientAddress, requestId, null, () -> {
			if (comment == null || comment.isBlank() || comment.length() > AccessRequest.MAX_TEXT) {
				throw new AccessRefusedException(AccessRefusal.DENIAL_REASON_REQUIRED, "denial without a usable comment");
			}
			StoredRequest stored = visible(approver, requestId);
			return transition(stored, request -> request.deny(approver, comment.strip(), this.clock),
					denied -> audit("request.denied", approver, clientAddress, this.clock.instant(),
							entry -> entry.request(requestId).target(denied.targetId()).outcome("denied").reason(comment.strip())));
		});
	}

	/** Everybody's live grants and those approved to start later. */
	public List<GrantRecord> liveGrants(Actor approver) {
		requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
		return this.history.findCurrent(this.clock.instant());
	}

	/** Every grant issued, newest first, with how it ended: kept for compliance after expiry. */
	public List<GrantRecord> grantHistory(Actor reviewer) {
		requireAnyRole(reviewer, Role.APPROVER, Role.SECURITY_ADMIN);
		return this.history.findRecent(LIST_LIMIT);
	}

	public RevocationResult revokeGrant(Actor approver, String grantId, String reason, String clientAddress) {
		return refusalsAudited("grant.revoke", approver, clientAddress, null, null, () -> {
			requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
			GrantRecord record = this.history.find(grantId)
				.orElseThrow(() -> new AccessRefusedException(AccessRefusal.NOT_FOUND, "no grant " + grantId));
			String why = reasonOrDefault(reason, "revoked by " + approver.subject());
			return revoke(approver, clientAddress, RevocationEvent.Scope.GRANT, grantId, why,
					() -> this.grantStore.revoke(grantId, why).map(List::of).orElse(List.of()), List.of(record.grant().id()));
		});
	}

	public RevocationResult revokeSubject(Actor approver, String subject, String reason, String clientAddress) {
		return refusalsAudited("subject.revoke", approver, clientAddress, null, null, () -> {
			requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
			String why = reasonOrDefault(reason, "all access of " + subject + " revoked by " + approver.subject());
			List<String> known = this.history.findBySubject(subject, LIST_LIMIT).stream()
				.filter(g -> g.isCurrentAt(this.clock.instant()))
				.map(g -> g.grant().id())
				.toList();
			return revoke(approver, clientAddress, RevocationEvent.Scope.SUBJECT, subject, why,
					() -> this.grantStore.revokeSubject(subject, why), known);
		});
	}

	/**
	 * The vendor kill switch: every live grant of {@code organisation} ends in one atomic store
	 * step, its members' sessions close at the gateways on the revocation event, and new requests
	 * and grants are refused until {@link #resume}.
	 */
	public RevocationResult suspend(Actor approver, String organisation, String reason, String clientAddress) {
		return refusalsAudited("organisation.suspend", approver, clientAddress, null, null, () -> {
			requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
			requireOrganisationName(organisation);
			if (organisation.equals(approver.organisation())) {
				throw new AccessRefusedException(AccessRefusal.NOT_ALLOWED, approver.subject() + " suspending own organisation");
			}
			String why = reasonOrDefault(reason, "organisation suspended by " + approver.subject());
			Instant now = this.clock.instant();
			List<Grant> ended;
			try {
				ended = this.grantStore.suspend(organisation, why);
			}
			catch (GrantStoreUnavailableException ex) {
				throw new AccessRefusedException(AccessRefusal.GRANT_STORE_UNAVAILABLE, "suspend " + organisation, ex);
			}
			List<String> ids = ended.stream().map(Grant::id).toList();
			List<String> historyLive = this.history.findCurrent(now).stream()
				.filter(g -> g.grant().organisation().equals(organisation))
				.map(g -> g.grant().id())
				.toList();
			return this.tx.execute(status -> {
				// Grants approved to start later never start. The store is suspended already, so
				// an activator that claimed one a moment ago has its put refused.
				List<String> cancelled = this.history.cancelScheduled(historyLive, now, approver.subject(), why);
				// History may know of grants the store lost (e.g. a restarted embedded store):
				// they are over as well.
				this.history.markEnded(historyLive, now, approver.subject(), why);
				this.history.markEnded(ids, now, approver.subject(), why);
				this.history.recordSuspension(UUID.randomUUID().toString(), organisation, true, why, approver.subject(), now,
						ids.size(), clientAddress);
				this.webhook.enqueue("organisation.suspended", Map.of("organisation", organisation, "reason", why,
						"by", approver.subject(), "grantsEnded", ids.size(), "grantIds", ids, "scheduledCancelled", cancelled));
				audit("organisation.suspended", approver, clientAddress, now, entry -> entry.organisation(organisation)
					.outcome("suspended")
					.reason(why)
					.severity(Severity.HIGH)
					.detail("grantsEnded", ids.size())
					.detail("grantIds", String.join(",", ids))
					.detail("scheduledCancelled", String.join(",", cancelled)));
				return new RevocationResult(RevocationEvent.Scope.ORGANISATION, organisation, ids, cancelled);
			});
		});
	}

	public void resume(Actor approver, String organisation, String reason, String clientAddress) {
		refusalsAudited("organisation.resume", approver, clientAddress, null, null, () -> {
			requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
			requireOrganisationName(organisation);
			String why = reasonOrDefault(reason, "resumed by " + approver.subject());
			Instant now = this.clock.instant();
			try {
				this.grantStore.resume(organisation);
			}
			catch (GrantStoreUnavailableException ex) {
				throw new AccessRefusedException(AccessRefusal.GRANT_STORE_UNAVAILABLE, "resume " + organisation, ex);
			}
			this.tx.executeWithoutResult(status -> {
				this.history.recordSuspension(UUID.randomUUID().toString(), organisation, false, why, approver.subject(), now,
						0, clientAddress);
				this.webhook.enqueue("organisation.resumed", Map.of("organisation", organisation, "by", approver.subject()));
				audit("organisation.resumed", approver, clientAddress, now,
						entry -> entry.organisation(organisation).outcome("resumed").reason(why).severity(Severity.WARNING));
			});
			return null;
		});
	}

	/**
	 * Re-applies the suspensions history records to a grant store that forgot them: the embedded
	 * in-memory store starts empty after a restart, and a suspended vendor must not come back by
	 * itself. Runs when the application is ready; safe to run again.
	 */
	@EventListener(ApplicationReadyEvent.class)
	public int restoreSuspensions() {
		int restored = 0;
		for (String organisation : this.history.currentlySuspended()) {
			try {
				if (!this.grantStore.isSuspended(organisation)) {
					this.grantStore.suspend(organisation, "suspension restored from history");
					log.warn("Organisation {} is suspended in history but was not in the grant store: suspended again",
							organisation);
					restored++;
				}
			}
			catch (RuntimeException ex) {
				log.error("Could not restore the suspension of {}; its requests are refused while the store is unreachable",
						organisation, ex);
			}
		}
		return restored;
	}

	public boolean isSuspended(String organisation) {
		return suspended(organisation);
	}

	/** Organisations known from requests and grants, for the approver's organisations page. */
	public List<String> organisations(Actor approver) {
		requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
		return this.history.organisations();
	}

	public List<GrantHistoryRepository.SuspensionRecord> suspensions(Actor approver, String organisation) {
		requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
		return this.history.suspensions(organisation);
	}

	public List<Target> catalogue() {
		return this.catalog.all();
	}

	// ---- expiry ----------------------------------------------------------------------------

	/** Pending requests past their lifetime become EXPIRED; also done lazily whenever one is read. */
	@Scheduled(fixedDelayString = "${keygate.access.expiry-sweep-interval:PT1M}",
			initialDelayString = "${keygate.access.expiry-sweep-interval:PT1M}")
	public int expireDue() {
		int expired = 0;
		try {
			for (String id : this.requests.findDueForExpiry(this.clock.instant(), 500)) {
				Optional<StoredRequest> stored = this.requests.find(id);
				if (stored.isPresent() && expireLazily(stored.get().request()).state() == RequestState.EXPIRED) {
					expired++;
				}
			}
		}
		catch (DataAccessException ex) {
			log.warn("Expiry sweep failed, will retry: {}", ex.toString());
		}
		this.stepUp.forgetOlderThan(this.clock.instant().minus(Duration.ofDays(1)));
		return expired;
	}

	// ---- internals -------------------------------------------------------------------------

	private AccessRequest expireLazily(AccessRequest request) {
		if (!request.isExpiredAt(this.clock.instant())) {
			return request;
		}
		Optional<StoredRequest> stored = this.requests.find(request.id());
		if (stored.isEmpty() || !stored.get().request().isExpiredAt(this.clock.instant())) {
			return stored.map(StoredRequest::request).orElse(request);
		}
		AccessRequest expired = stored.get().request().expireIfDue(this.clock);
		boolean written = Boolean.TRUE.equals(this.tx.execute(status -> {
			if (!this.requests.update(expired, stored.get().version())) {
				return false;
			}
			this.webhook.enqueue("request.expired", decisionEvent(expired, "expired"));
			audit("request.expired", null, "", this.clock.instant(),
					entry -> entry.actor("keygate").request(expired.id()).target(expired.targetId()).outcome("expired")
						.detail("requester", expired.requester()));
			return true;
		}));
		if (!written) {
			return this.requests.find(request.id()).map(StoredRequest::request).orElse(expired);
		}
		return expired;
	}

	/** Applies a non-approval transition under the row version; a lost race reads again once. */
	private AccessRequest transition(StoredRequest stored, java.util.function.UnaryOperator<AccessRequest> change,
			Consumer<AccessRequest> auditWithinTransaction) {
		StoredRequest row = stored;
		for (int attempt = 1;; attempt++) {
			AccessRequest current = expireLazily(row.request());
			if (current != row.request()) {
				row = this.requests.find(current.id()).orElseThrow();
			}
			AccessRequest next;
			try {
				next = change.apply(row.request());
			}
			catch (RequestRefusedException ex) {
				throw AccessRefusedException.from(ex);
			}
			StoredRequest before = row;
			boolean written = Boolean.TRUE.equals(this.tx.execute(status -> {
				if (!this.requests.update(next, before.version())) {
					return false;
				}
				this.webhook.enqueue("request." + next.state().name().toLowerCase(java.util.Locale.ROOT),
						decisionEvent(next, next.state().name().toLowerCase(java.util.Locale.ROOT)));
				auditWithinTransaction.accept(next);
				return true;
			}));
			if (written) {
				return next;
			}
			if (attempt >= APPROVAL_ATTEMPTS) {
				throw new AccessRefusedException(AccessRefusal.CONFLICT, next.id() + " kept changing");
			}
			row = this.requests.find(next.id()).orElseThrow();
		}
	}

	/**
	 * Ends grants in the store and in history in one unit. Scheduled grants among
	 * {@code knownToHistory} are cancelled first, before the store is touched and in the same
	 * transaction: an activator that claimed one a moment ago holds its row, so the cancellation
	 * waits, finds it activated and the store action below revokes it; one not yet claimed never
	 * will be. If the store cannot be reached nothing is kept and the approver is told.
	 */
	private RevocationResult revoke(Actor actor, String clientAddress, RevocationEvent.Scope scope, String key, String why,
			java.util.function.Supplier<List<Grant>> storeAction, List<String> knownToHistory) {
		Instant now = this.clock.instant();
		return this.tx.execute(status -> {
			List<String> cancelled = this.history.cancelScheduled(knownToHistory, now, actor.subject(), why);
			List<Grant> ended;
			try {
				ended = storeAction.get();
			}
			catch (GrantStoreUnavailableException ex) {
				throw new AccessRefusedException(AccessRefusal.GRANT_STORE_UNAVAILABLE, "revoke " + scope + " " + key, ex);
			}
			List<String> ids = ended.stream().map(Grant::id).toList();
			this.history.markEnded(knownToHistory, now, actor.subject(), why);
			this.history.markEnded(ids, now, actor.subject(), why);
			List<String> all = new ArrayList<>(ids);
			all.addAll(cancelled);
			this.history.recordRevocation(UUID.randomUUID().toString(), scope, key, why, actor.subject(), now, all,
					clientAddress);
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("scope", scope.name());
			event.put("key", key);
			event.put("reason", why);
			event.put("by", actor.subject());
			event.put("grantIds", ids);
			event.put("scheduledCancelled", cancelled);
			this.webhook.enqueue("grant.revoked", event);
			audit(scope == RevocationEvent.Scope.SUBJECT ? "subject.revoked" : "grant.revoked", actor, clientAddress, now,
					entry -> entry.grant(scope == RevocationEvent.Scope.GRANT ? key : null)
						.outcome("revoked")
						.reason(why)
						.severity(Severity.WARNING)
						.detail("scope", scope)
						.detail("key", key)
						.detail("grantsEnded", ids.size())
						.detail("grantIds", String.join(",", ids))
						.detail("scheduledCancelled", String.join(",", cancelled)));
			return new RevocationResult(scope, key, ids, cancelled);
		});
	}

	/** A window [from, until) of access, as a grant approved now would have it. */
	private record Window(Instant from, Instant until) {

		/** What policy computes on approval: from the requested start, or now if none or past. */
		static Window of(AccessRequest request, Instant now) {
			Instant from = request.start().filter(now::isBefore).orElse(now);
			return new Window(from, request.start().orElse(now).plus(request.duration()));
		}

		boolean overlaps(Grant grant) {
			return grant.notBefore().isBefore(this.until) && this.from.isBefore(grant.notAfter());
		}

	}

	/** A live or scheduled grant of the same person on the same target whose window overlaps {@code window}. */
	private Optional<GrantRecord> overlapping(String subject, String targetId, Window window, Instant now) {
		return this.history.findCurrent(subject, targetId, now).stream().filter(g -> window.overlaps(g.grant())).findFirst();
	}

	/**
	 * Refuses a grant whose window overlaps one the same person holds, or is scheduled to hold, on
	 * the same target. The grant store keeps one grant per person and target and a put supersedes
	 * the earlier one, so such an approval would silently end (or, once activated, cut short) access
	 * somebody approved before. The approver is told whose grant, and until when, so they can ask
	 * for a window that starts after it, or revoke that grant first.
	 */
	private void refuseOverlap(String subject, String targetId, Window window, Instant now) {
		Optional<GrantRecord> other = overlapping(subject, targetId, window, now);
		if (other.isEmpty()) {
			return;
		}
		Grant held = other.get().grant();
		String message = other.get().isScheduledAt(now)
				? subject + " is already approved for " + targetId + " from " + at(held.notBefore()) + " until "
						+ at(held.notAfter()) + ". Approve a window that does not overlap it, or revoke that grant first."
				: subject + " already holds " + targetId + " until " + at(held.notAfter())
						+ ". Approve a window that starts after it, or revoke that grant first.";
		throw AccessRefusedException.withMessage(AccessRefusal.GRANT_OVERLAP, message,
				subject + " on " + targetId + " " + window + " overlaps grant " + held.id());
	}

	/** Asked of the store directly: a store that cannot say refuses the approval as unavailable. */
	private void requireNotSuspended(String organisation) {
		boolean suspended;
		try {
			suspended = this.grantStore.isSuspended(organisation);
		}
		catch (RuntimeException ex) {
			throw new AccessRefusedException(AccessRefusal.GRANT_STORE_UNAVAILABLE, "suspension of " + organisation + ": " + ex,
					ex);
		}
		if (suspended) {
			throw new AccessRefusedException(AccessRefusal.ORG_SUSPENDED, organisation + " suspended");
		}
	}

	private String at(Instant instant) {
		ZoneId zone = ZoneId.of(this.properties.businessZone());
		return TIME.format(instant.atZone(zone)) + " " + zone.getId();
	}

	private StoredRequest visible(Actor actor, String requestId) {
		if (requestId == null || !io.keygate.policy.Names.isToken(requestId)) {
			throw new AccessRefusedException(AccessRefusal.NOT_FOUND, "malformed request id");
		}
		StoredRequest stored = this.requests.find(requestId)
			.orElseThrow(() -> new AccessRefusedException(AccessRefusal.NOT_FOUND, "no request " + requestId));
		boolean reviewer = actor.hasRole(Role.APPROVER) || actor.hasRole(Role.SECURITY_ADMIN);
		if (!reviewer && !stored.request().requester().equals(actor.subject())) {
			// The same answer as for an id that does not exist: guessing ids tells nothing.
			throw new AccessRefusedException(AccessRefusal.NOT_FOUND, actor.subject() + " asked for " + requestId);
		}
		return stored;
	}

	/** Whether policy would let {@code approver} approve now, without changing anything. */
	private Optional<AccessRefusal> dryRun(Actor approver, AccessRequest request, Target target) {
		try {
			request.approve(approver, target, this.rule, "", "dry-run", "dry-run", this.clock);
			return Optional.empty();
		}
		catch (RequestRefusedException ex) {
			return Optional.of(AccessRefusal.of(ex.reason()));
		}
	}

	private List<String> hints(AccessRequest request) {
		List<String> hints = new ArrayList<>();
		ZoneId zone = ZoneId.of(this.properties.businessZone());
		Instant start = request.start().orElse(this.clock.instant());
		ZonedDateTime local = start.atZone(zone);
		boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
		if (weekend || local.getHour() < 7 || local.getHour() >= 19) {
			hints.add("off-hours (" + local.getDayOfWeek().toString().substring(0, 3) + " "
					+ String.format("%02d:%02d", local.getHour(), local.getMinute()) + " " + zone + ")");
		}
		if (this.requests.countEarlierForTarget(request.organisation(), request.targetId(), request.createdAt()) == 0) {
			hints.add("first request from " + request.organisation() + " for this target");
		}
		if (suspended(request.organisation())) {
			hints.add("organisation suspended");
		}
		Instant now = this.clock.instant();
		overlapping(request.requester(), request.targetId(), Window.of(request, now), now).ifPresent(other -> hints.add(
				"overlaps " + (other.isScheduledAt(now) ? "a scheduled" : "a live") + " grant until " + at(other.grant().notAfter())));
		return hints;
	}

	private boolean suspended(String organisation) {
		try {
			return this.grantStore.isSuspended(organisation);
		}
		catch (RuntimeException ex) {
			log.warn("Cannot read suspension of {}: treating it as suspended", organisation, ex);
			return true;
		}
	}

	private Target targetOf(AccessRequest request) {
		return this.catalog.find(request.targetId())
			.orElseThrow(() -> new AccessRefusedException(AccessRefusal.UNKNOWN_TARGET,
					"target " + request.targetId() + " left the catalogue"));
	}

	private static void requireAnyRole(Actor actor, Role... roles) {
		for (Role role : roles) {
			if (actor.hasRole(role)) {
				return;
			}
		}
		throw new AccessRefusedException(AccessRefusal.NOT_ALLOWED, actor.subject() + " lacks " + List.of(roles));
	}

	private static void requireOrganisationName(String organisation) {
		if (!io.keygate.policy.Names.isToken(organisation)) {
			throw new AccessRefusedException(AccessRefusal.INVALID_INPUT, "bad organisation name");
		}
	}

	private static String reasonOrDefault(String reason, String fallback) {
		if (reason == null || reason.isBlank()) {
			return fallback;
		}
		String stripped = reason.strip();
		return stripped.length() > AccessRequest.MAX_TEXT ? stripped.substring(0, AccessRequest.MAX_TEXT) : stripped;
	}

	private <T> T refusalsAudited(String action, Actor actor, String clientAddress, String requestId, String targetId,
			java.util.function.Supplier<T> work) {
		try {
			return work.get();
		}
		catch (AccessRefusedException ex) {
			log.info("{} by {} refused: {} ({})", action, actor.subject(), ex.refusal(), ex.detail());
			audit(action + ".refused", actor, clientAddress, this.clock.instant(), entry -> entry.request(requestId)
				.target(targetId)
				.outcome("refused")
				.reason(ex.refusal().name())
				.severity(ex.refusal() == AccessRefusal.STEP_UP_INVALID ? Severity.HIGH : Severity.WARNING)
				.detail("detail", ex.detail()));
			throw ex;
		}
	}

	private void audit(String action, Actor actor, String clientAddress, Instant at, Consumer<AuditEntry.Builder> fill) {
		AuditEntry.Builder builder = AuditEntry.builder(action, at).clientAddress(clientAddress);
		if (actor != null) {
			builder.actor(actor.subject()).organisation(actor.organisation());
		}
		fill.accept(builder);
		this.audit.append(builder.build());
	}

	private static Map<String, Object> requestEvent(AccessRequest request) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("requestId", request.id());
		event.put("requester", request.requester());
		event.put("organisation", request.organisation());
		event.put("target", request.targetId());
		event.put("level", request.level());
		event.put("start", request.start().map(Instant::toString).orElse("on approval"));
		event.put("duration", request.duration().toString());
		event.put("ticket", request.ticket());
		return event;
	}

	private static Map<String, Object> decisionEvent(AccessRequest request, String decision) {
		Map<String, Object> event = requestEvent(request);
		event.put("decision", decision);
		event.put("by", request.resolvedBy() == null ? "" : request.resolvedBy());
		event.put("approvals", request.approvals().size());
		return event;
	}

	/** The fields every grant event of the audit chain carries. */
	static AuditEntry.Builder grantAudit(AuditEntry.Builder entry, Grant grant) {
		return entry.request(grant.requestId())
			.target(grant.targetId())
			.grant(grant.id())
			.organisation(grant.organisation())
			.detail("subject", grant.subject())
			.detail("level", grant.level())
			.detail("notBefore", grant.notBefore())
			.detail("notAfter", grant.notAfter())
			.detail("approvers", String.join(",", grant.approvers()));
	}

	static Map<String, Object> grantEvent(Grant grant) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("grantId", grant.id());
		event.put("requestId", grant.requestId());
		event.put("subject", grant.subject());
		event.put("organisation", grant.organisation());
		event.put("target", grant.targetId());
		event.put("level", grant.level());
		event.put("notBefore", grant.notBefore().toString());
		event.put("notAfter", grant.notAfter().toString());
		event.put("approvers", grant.approvers());
		return event;
	}

	/** Lost the optimistic-lock race; the approval loop reads again. */
	private static final class ConcurrentChange extends RuntimeException {

		ConcurrentChange() {
			super("concurrent change", null, false, false);
		}

	}

}
