package io.keygate.policy.request;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.keygate.policy.Names;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantWindow;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.catalog.Target;

/**
 * A vendor engineer's ask for time-boxed access to one target at one level, and the state
 * machine that decides it: {@code PENDING → APPROVED | DENIED | EXPIRED | CANCELLED}.
 * <p>
 * Immutable: every transition returns a new instance, and resolved requests refuse every
 * transition, so a decided request can never be reopened. Refusals are checked before anything
 * changes and short-circuit. {@code start} is empty for "as soon as approved".
 */
public record AccessRequest(String id, String requester, String organisation, String targetId, String level,
		Optional<Instant> start, Duration duration, String reason, String ticket, Instant createdAt, Instant expiresAt,
		RequestState state, List<Approval> approvals, String resolvedBy, String resolution, Instant resolvedAt,
		String grantId) {

	/** Longest reason or ticket text kept; longer input is refused rather than cut. */
	public static final int MAX_TEXT = 1000;

	/** How far ahead a start may be scheduled. */
	public static final Duration MAX_SCHEDULE_AHEAD = Duration.ofDays(30);

	public AccessRequest {
		Names.requireToken(id, "request id");
		Names.requireToken(requester, "requester");
		Names.requireToken(organisation, "organisation");
		Names.requireToken(targetId, "target id");
		Names.requireToken(level, "level");
		Objects.requireNonNull(start, "start cannot be null (use Optional.empty())");
		Objects.requireNonNull(duration, "duration cannot be null");
		Objects.requireNonNull(reason, "reason cannot be null");
		Objects.requireNonNull(ticket, "ticket cannot be null");
		Objects.requireNonNull(createdAt, "createdAt cannot be null");
		Objects.requireNonNull(expiresAt, "expiresAt cannot be null");
		Objects.requireNonNull(state, "state cannot be null");
		approvals = List.copyOf(approvals);
		if (state == RequestState.APPROVED && grantId == null) {
			throw new IllegalArgumentException("approved request " + id + " has no grant (this is a bug)");
		}
	}

	/**
	 * Files a request after checking every rule that needs no store: the requester's role, the
	 * target (never a decoy), the level, the window and the duration cap. Whether the organisation
	 * is suspended is the caller's check, made against the grant store.
	 */
	public static AccessRequest submit(String id, Actor requester, Target target, String level, Optional<Instant> start,
			Duration duration, String reason, String ticket, Duration pendingLifetime, Clock clock) {
		Instant now = clock.instant();
		if (!requester.hasRole(Role.VENDOR_ENGINEER)) {
			throw new RequestRefusedException(RefusalReason.NOT_A_REQUESTER, requester.subject() + " is not a vendor engineer");
		}
		if (target.decoy()) {
			throw new RequestRefusedException(RefusalReason.UNKNOWN_TARGET, requester.subject() + " asked for decoy " + target.id());
		}
		if (target.level(level).isEmpty()) {
			throw new RequestRefusedException(RefusalReason.UNKNOWN_LEVEL, target.id() + " offers no level '" + level + "'");
		}
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new RequestRefusedException(RefusalReason.INVALID_WINDOW, "duration " + duration);
		}
		if (duration.compareTo(target.maxGrant()) > 0) {
			throw new RequestRefusedException(RefusalReason.DURATION_OVER_CAP,
					duration + " asked, " + target.id() + " allows " + target.maxGrant());
		}
		if (start.isPresent() && (start.get().isBefore(now.minus(Duration.ofMinutes(5)))
				|| start.get().isAfter(now.plus(MAX_SCHEDULE_AHEAD)))) {
			throw new RequestRefusedException(RefusalReason.INVALID_WINDOW, "start " + start.get() + " at " + now);
		}
		if (isBlank(reason) || isBlank(ticket)) {
			throw new RequestRefusedException(RefusalReason.MISSING_JUSTIFICATION, "reason or ticket blank");
		}
		if (reason.length() > MAX_TEXT || ticket.length() > MAX_TEXT) {
			throw new RequestRefusedException(RefusalReason.TEXT_TOO_LONG,
					"reason " + reason.length() + " / ticket " + ticket.length() + " characters");
		}
		if (pendingLifetime.isNegative() || pendingLifetime.isZero()) {
			throw new IllegalArgumentException("pendingLifetime must be positive: " + pendingLifetime);
		}
		return new AccessRequest(id, requester.subject(), requester.organisation(), target.id(), level, start, duration,
				reason.strip(), ticket.strip(), now, now.plus(pendingLifetime), RequestState.PENDING, List.of(), null, null,
				null, null);
	}

	private static boolean isBlank(String text) {
		return text == null || text.isBlank();
	}

	/**
	 * The result of an approval: the request as it now stands and, when the rule was met, its grant;
	 * {@code scheduled} when that grant's window had not begun at the approval's reading of the clock
	 * (it waits for its start instead of going live).
	 */
	public record ApprovalOutcome(AccessRequest request, Optional<Grant> grant, boolean scheduled) {

		public ApprovalOutcome {
			Objects.requireNonNull(request, "request cannot be null");
			Objects.requireNonNull(grant, "grant cannot be null (use Optional.empty())");
			if (scheduled && grant.isEmpty()) {
				throw new IllegalArgumentException("a scheduled outcome without a grant (this is a bug)");
			}
		}

	}

	/** As {@link #approve(Actor, Target, ApprovalRule, String, String, String, Instant)} at {@code clock}'s now. */
	public ApprovalOutcome approve(Actor approver, Target target, ApprovalRule rule, String comment, String evidence,
			String grantId, Clock clock) {
		return approve(approver, target, rule, comment, evidence, grantId, clock.instant());
	}

	/**
	 * Records one approver's yes at {@code now}. When the approvals reach what {@code rule} asks for
	 * the target and level, the request becomes {@code APPROVED} and its grant is issued with
	 * {@code grantId}. One reading of the clock decides everything here (expiry, the window, whether
	 * the grant is scheduled): two readings let an immediate grant look as if it started later.
	 */
	public ApprovalOutcome approve(Actor approver, Target target, ApprovalRule rule, String comment, String evidence,
			String grantId, Instant now) {
		return approve(approver, target, rule, comment, evidence, grantId, now, EnrolledBy.NOBODY);
	}

	/**
	 * As {@link #approve(Actor, Target, ApprovalRule, String, String, String, Instant)}, and an
	 * approval only counts when it is independent of every earlier one ({@link ApprovalRule#independent}):
	 * {@code enrolledBy} says who enrolled the approver and the earlier approvers.
	 */
	public ApprovalOutcome approve(Actor approver, Target target, ApprovalRule rule, String comment, String evidence,
			String grantId, Instant now, EnrolledBy enrolledBy) {
		Optional<RequestRefusedException> refusal = approvalRefusal(approver, now, enrolledBy);
		if (refusal.isPresent()) {
			throw refusal.get();
		}
		if (!target.id().equals(this.targetId)) {
			throw new IllegalArgumentException("approval of " + this.id + " for target " + target.id() + " (this is a bug)");
		}
		GrantWindow window = windowIfApprovedAt(now).orElseThrow(
				() -> new IllegalStateException("window of " + this.id + " ended after it was checked (this is a bug)"));
		List<Approval> approvals = new ArrayList<>(this.approvals);
		approvals.add(new Approval(approver.subject(), approver.organisation(), now, comment, evidence));
		if (approvals.size() < rule.approvalsNeeded(target, this.level)) {
			return new ApprovalOutcome(withApprovals(approvals), Optional.empty(), false);
		}
		Grant grant = new Grant(grantId, this.requester, this.organisation, this.targetId, this.level, window.notBefore(),
				window.notAfter(), this.id, approvals.stream().map(Approval::approver).toList());
		AccessRequest approved = new AccessRequest(this.id, this.requester, this.organisation, this.targetId, this.level,
				this.start, this.duration, this.reason, this.ticket, this.createdAt, this.expiresAt, RequestState.APPROVED,
				approvals, approver.subject(), comment, now, grant.id());
		return new ApprovalOutcome(approved, Optional.of(grant), window.isScheduledAt(now));
	}

	/**
	 * Why {@code approver} cannot approve this request at {@code now}, or empty when they can: the
	 * same rules, in the same order, as {@link #approve}, without changing anything. The approver's
	 * queue and the step-up use it to say why before anyone touches a key.
	 */
	public Optional<RefusalReason> reviewRefusal(Actor approver, Instant now) {
		return reviewRefusal(approver, now, EnrolledBy.NOBODY);
	}

	/** As {@link #reviewRefusal(Actor, Instant)}, with the independence of earlier approvals checked. */
	public Optional<RefusalReason> reviewRefusal(Actor approver, Instant now, EnrolledBy enrolledBy) {
		return approvalRefusal(approver, now, enrolledBy).map(RequestRefusedException::reason);
	}

	/**
	 * The window a grant approved at {@code now} would have: from the requested start, or from
	 * {@code now} if none was asked for or it has passed, for the requested duration counted from the
	 * requested start. Empty when that window is already over.
	 */
	public Optional<GrantWindow> windowIfApprovedAt(Instant now) {
		Instant notBefore = this.start.filter(now::isBefore).orElse(now);
		Instant notAfter = this.start.orElse(now).plus(this.duration);
		if (!notAfter.isAfter(now)) {
			return Optional.empty();
		}
		return Optional.of(new GrantWindow(notBefore, notAfter));
	}

	/** Whether a grant approved at {@code now} would overlap {@code held} (see {@link Grant#overlaps}). */
	public boolean wouldOverlap(Grant held, Instant now) {
		return windowIfApprovedAt(now).map(window -> held.overlaps(this.requester, this.targetId, window)).orElse(false);
	}

	// The approval's deny rules: the reviewer's standing first, then this approver's earlier yes,
	// then the window.
	private Optional<RequestRefusedException> approvalRefusal(Actor approver, Instant now, EnrolledBy enrolledBy) {
		Optional<RequestRefusedException> standing = reviewStanding(approver, now);
		if (standing.isPresent()) {
			return standing;
		}
		if (this.approvals.stream().anyMatch(a -> a.approver().equals(approver.subject()))) {
			return Optional.of(new RequestRefusedException(RefusalReason.ALREADY_APPROVED_BY_YOU,
					approver.subject() + " already approved " + this.id));
		}
		Optional<Approval> dependent = this.approvals.stream()
			.filter(a -> !ApprovalRule.independent(approver.subject(), a.approver(), enrolledBy))
			.findFirst();
		if (dependent.isPresent()) {
			return Optional.of(new RequestRefusedException(RefusalReason.NOT_INDEPENDENT,
					approver.subject() + " (enrolled by " + enrolledBy.of(approver.subject()) + ") is not independent of "
							+ dependent.get().approver() + " (enrolled by " + enrolledBy.of(dependent.get().approver())
							+ ") on " + this.id));
		}
		if (windowIfApprovedAt(now).isEmpty()) {
			return Optional.of(new RequestRefusedException(RefusalReason.REQUEST_EXPIRED,
					"window of " + this.id + " ended at " + this.start.orElse(now).plus(this.duration)));
		}
		return Optional.empty();
	}

	/** An approver's no. Needs the same standing as approving; the comment is the reason given. */
	public AccessRequest deny(Actor approver, String comment, Clock clock) {
		Instant now = clock.instant();
		Optional<RequestRefusedException> refusal = reviewStanding(approver, now);
		if (refusal.isPresent()) {
			throw refusal.get();
		}
		return resolve(RequestState.DENIED, approver.subject(), comment, now);
	}

	/** The requester withdraws a pending request. */
	public AccessRequest cancel(Actor requester, Clock clock) {
		Instant now = clock.instant();
		if (this.state.isTerminal()) {
			throw new RequestRefusedException(RefusalReason.NOT_PENDING, this.id + " is " + this.state);
		}
		if (!requester.subject().equals(this.requester)) {
			throw new RequestRefusedException(RefusalReason.NOT_YOUR_REQUEST, requester.subject() + " cancelling " + this.id);
		}
		return resolve(RequestState.CANCELLED, requester.subject(), "cancelled by requester", now);
	}

	/** The request as it stands at {@code clock}'s now: a pending request past its lifetime is expired. */
	public AccessRequest expireIfDue(Clock clock) {
		return expireIfDue(clock.instant());
	}

	/** The request as it stands at {@code now}: a pending request past its lifetime is expired. */
	public AccessRequest expireIfDue(Instant now) {
		if (this.state == RequestState.PENDING && !now.isBefore(this.expiresAt)) {
			return resolve(RequestState.EXPIRED, "keygate", "not approved in time", now);
		}
		return this;
	}

	public boolean isExpiredAt(Instant now) {
		return this.state == RequestState.PENDING && !now.isBefore(this.expiresAt);
	}

	// Deny rules first, in the order a person would want to hear them.
	private Optional<RequestRefusedException> reviewStanding(Actor approver, Instant now) {
		if (this.state.isTerminal()) {
			return Optional.of(new RequestRefusedException(RefusalReason.NOT_PENDING, this.id + " is " + this.state));
		}
		if (isExpiredAt(now)) {
			return Optional.of(
					new RequestRefusedException(RefusalReason.REQUEST_EXPIRED, this.id + " expired at " + this.expiresAt));
		}
		if (approver.subject().equals(this.requester)) {
			return Optional.of(
					new RequestRefusedException(RefusalReason.SELF_APPROVAL, approver.subject() + " reviewing own " + this.id));
		}
		if (!approver.hasRole(Role.APPROVER)) {
			return Optional.of(new RequestRefusedException(RefusalReason.NOT_AN_APPROVER, approver.subject() + " lacks APPROVER"));
		}
		if (approver.organisation().equals(this.organisation)) {
			return Optional.of(new RequestRefusedException(RefusalReason.SAME_ORGANISATION,
					approver.subject() + " of " + approver.organisation() + " reviewing " + this.id));
		}
		return Optional.empty();
	}

	private AccessRequest withApprovals(List<Approval> approvals) {
		return new AccessRequest(this.id, this.requester, this.organisation, this.targetId, this.level, this.start,
				this.duration, this.reason, this.ticket, this.createdAt, this.expiresAt, this.state, approvals, null, null,
				null, null);
	}

	private AccessRequest resolve(RequestState to, String by, String comment, Instant at) {
		return new AccessRequest(this.id, this.requester, this.organisation, this.targetId, this.level, this.start,
				this.duration, this.reason, this.ticket, this.createdAt, this.expiresAt, to, this.approvals, by,
				comment == null ? "" : comment, at, null);
	}

}
