package io.keygate.auth.access;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest;
import io.keygate.policy.request.ApprovalRule;
import io.keygate.policy.request.RequestState;

/**
 * The approver's queue: pending requests with what an approver should notice about each (hints)
 * and, before anyone touches a key, whether this approver may review it and why not.
 */
public final class ApproverQueue {

	/** A pending request with what an approver should notice about it. */
	public record QueueItem(AccessRequest request, Target target, int approvalsNeeded, List<String> hints,
			boolean reviewable, String notReviewableBecause, String requesterStatus) {

		public QueueItem {
			hints = List.copyOf(hints);
		}

	}

	private final AccessSupport support;

	private final GrantOverlapCheck overlaps;

	private final AccessRequestRepository requests;

	private final TargetCatalog catalog;

	private final AccountStates states;

	private final ApprovalRule rule;

	/** Stricter terms an organisation resumed under (issue 15): the queue shows what the approval will ask. */
	private final io.keygate.policy.request.ApprovalTerms terms;

	private final Clock clock;

	public ApproverQueue(AccessSupport support, GrantOverlapCheck overlaps, AccessRequestRepository requests,
			TargetCatalog catalog, AccountStates states, AccessProperties properties, Clock clock) {
		this(support, overlaps, requests, catalog, states, properties, clock, io.keygate.policy.request.ApprovalTerms.NONE);
	}

	public ApproverQueue(AccessSupport support, GrantOverlapCheck overlaps, AccessRequestRepository requests,
			TargetCatalog catalog, AccountStates states, AccessProperties properties, Clock clock,
			io.keygate.policy.request.ApprovalTerms terms) {
		this.terms = terms;
		this.support = support;
		this.states = states;
		this.overlaps = overlaps;
		this.requests = requests;
		this.catalog = catalog;
		this.rule = properties.approvals().rule();
		this.clock = clock;
	}

	public List<QueueItem> queue(Actor approver) {
		AccessSupport.requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
		Instant now = this.clock.instant();
		List<QueueItem> items = new ArrayList<>();
		for (AccessRequest pending : this.requests.findByState(RequestState.PENDING, AccessSupport.LIST_LIMIT)) {
			AccessRequest request = this.support.expireLazily(pending, now);
			if (request.state() != RequestState.PENDING) {
				continue;
			}
			Optional<Target> target = this.catalog.find(request.targetId());
			if (target.isEmpty()) {
				continue;
			}
			String why = request.reviewRefusal(approver, now).map(AccessRefusal::of).map(AccessRefusal::message).orElse("");
			if (why.isEmpty() && !this.states.isActive(request.requester())) {
				why = AccessRefusal.REQUESTER_NOT_ACTIVE.message();
			}
			int needed = this.terms.ruleFor(request.organisation(), this.rule, now).approvalsNeeded(target.get(), request.level());
			items.add(new QueueItem(request, target.get(), needed,
					hints(request, now), why.isEmpty(), why, this.states.label(request.requester())));
		}
		return items;
	}

	/** The hints the queue shows for {@code request} now; mails to approvers carry the same ones. */
	public List<String> hintsFor(AccessRequest request) {
		return hints(request, this.clock.instant());
	}

	/** What is unusual about a request: each hint is a reason to look twice, not to refuse. */
	private List<String> hints(AccessRequest request, Instant now) {
		List<String> hints = new ArrayList<>();
		ZoneId zone = this.support.zone();
		ZonedDateTime local = request.start().orElse(now).atZone(zone);
		boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
		// Valid vendor accounts used by an intruder (T1078) tend to show up when nobody is watching.
		if (weekend || local.getHour() < 7 || local.getHour() >= 19) {
			hints.add("off-hours (" + local.getDayOfWeek().toString().substring(0, 3) + " "
					+ String.format("%02d:%02d", local.getHour(), local.getMinute()) + " " + zone + ")");
		}
		if (this.requests.countEarlierForTarget(request.organisation(), request.targetId(), request.createdAt()) == 0) {
			hints.add("first request from " + request.organisation() + " for this target");
		}
		if (!this.states.isActive(request.requester())) {
			hints.add("requester's account is " + this.states.label(request.requester()));
		}
		if (this.support.isSuspendedOrUnknown(request.organisation())) {
			hints.add("organisation suspended");
		}
		request.windowIfApprovedAt(now)
			.flatMap(window -> this.overlaps.overlapping(request.requester(), request.targetId(), window, now))
			.ifPresent(other -> hints.add("overlaps " + (other.isScheduledAt(now) ? "a scheduled" : "a live")
					+ " grant until " + this.support.at(other.grant().notAfter())));
		return hints;
	}

}
