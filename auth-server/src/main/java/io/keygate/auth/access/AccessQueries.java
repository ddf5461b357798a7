package io.keygate.auth.access;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest;

/**
 * What the pages and the API read: requests, grants, organisations and the catalogue, each as the
 * asking person may see it. Reading changes nothing except a pending request past its lifetime,
 * which is written as expired the first time anyone sees it.
 */
public final class AccessQueries {

	private final AccessSupport support;

	private final AccessRequestRepository requests;

	private final GrantHistoryRepository history;

	private final TargetCatalog catalog;

	private final Clock clock;

	public AccessQueries(AccessSupport support, AccessRequestRepository requests, GrantHistoryRepository history,
			TargetCatalog catalog, Clock clock) {
		this.support = support;
		this.requests = requests;
		this.history = history;
		this.catalog = catalog;
		this.clock = clock;
	}

	/** A request as {@code actor} may see it: their own, or any if they review or audit. Otherwise 404. */
	public AccessRequest find(Actor actor, String requestId) {
		return this.support.find(actor, requestId, this.clock.instant());
	}

	public List<AccessRequest> myRequests(Actor requester) {
		Instant now = this.clock.instant();
		return this.requests.findByRequester(requester.subject(), AccessSupport.LIST_LIMIT)
			.stream()
			.map(request -> this.support.expireLazily(request, now))
			.toList();
	}

	/** The holder's live grants and those approved to start later (see {@link GrantRecord#isScheduledAt}). */
	public List<GrantRecord> myLiveGrants(Actor holder) {
		Instant now = this.clock.instant();
		return this.history.findBySubject(holder.subject(), AccessSupport.LIST_LIMIT)
			.stream()
			.filter(g -> g.isCurrentAt(now))
			.toList();
	}

	/** Every grant the holder was issued, newest first, ended ones included: their requests' outcome. */
	public List<GrantRecord> myGrantHistory(Actor holder) {
		return this.history.findBySubject(holder.subject(), AccessSupport.LIST_LIMIT);
	}

	/** Everybody's live grants and those approved to start later. */
	public List<GrantRecord> liveGrants(Actor approver) {
		AccessSupport.requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
		return this.history.findCurrent(this.clock.instant());
	}

	/** Every grant issued, newest first, with how it ended: kept for compliance after expiry. */
	public List<GrantRecord> grantHistory(Actor reviewer) {
		AccessSupport.requireAnyRole(reviewer, Role.APPROVER, Role.SECURITY_ADMIN);
		return this.history.findRecent(AccessSupport.LIST_LIMIT);
	}

	/** Organisations known from requests and grants, for the approver's organisations page. */
	public List<String> organisations(Actor approver) {
		AccessSupport.requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
		return this.history.organisations();
	}

	public List<GrantHistoryRepository.SuspensionRecord> suspensions(Actor approver, String organisation) {
		AccessSupport.requireAnyRole(approver, Role.APPROVER, Role.SECURITY_ADMIN);
		return this.history.suspensions(organisation);
	}

	/** What a vendor engineer may ask for: decoys are never listed. */
	public List<Target> requestableTargets() {
		return this.catalog.requestable();
	}

	public List<Target> catalogue() {
		return this.catalog.all();
	}

}
