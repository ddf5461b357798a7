package io.keygate.auth.access.api;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.keygate.auth.access.AccessProperties;
import io.keygate.auth.access.AccessRefusal;
import io.keygate.auth.access.AccessQueries;
import io.keygate.auth.access.AccountStates;
import io.keygate.auth.access.ApproverQueue;
import io.keygate.auth.access.GrantRevocation;
import io.keygate.auth.access.OrganisationSuspension;
import io.keygate.auth.access.RequestApproval;
import io.keygate.auth.access.RequestSubmission;
import io.keygate.auth.access.GatewayLinkProperties;
import io.keygate.auth.access.api.ApiViews.ApprovalOutcome;
import io.keygate.auth.access.api.ApiViews.GrantView;
import io.keygate.auth.access.api.ApiViews.Message;
import io.keygate.auth.access.api.ApiViews.NewApproval;
import io.keygate.auth.access.api.ApiViews.NewRequest;
import io.keygate.auth.access.api.ApiViews.OrganisationView;
import io.keygate.auth.access.api.ApiViews.QueueItemView;
import io.keygate.auth.access.api.ApiViews.Reason;
import io.keygate.auth.access.api.ApiViews.RequestView;
import io.keygate.auth.access.api.ApiViews.RevocationView;
import io.keygate.auth.access.api.ApiViews.TargetView;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.account.CurrentActor;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.identity.Actor;

/**
 * The access API: the same actions as the portal, the same rules (all in the access roles, such
 * as {@link RequestApproval}, and policy), the same audit. Browser calls carry the CSRF token ({@code X-XSRF-TOKEN}); a
 * vendor sees only their own requests and grants, and another person's id answers 404.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "access", description = "Access requests, key-signed approvals, grants, revocation, vendor suspension")
public final class AccessApiController {

	private final RequestSubmission submission;

	private final RequestApproval approval;

	private final GrantRevocation revocation;

	private final OrganisationSuspension suspension;

	private final ApproverQueue queue;

	private final AccessQueries queries;

	private final CurrentActor current;

	private final GatewayLinkProperties gateway;

	private final AccountStates states;

	private final Clock clock;

	private final java.time.Duration activationInterval;

	private final java.time.ZoneId zone;

	public AccessApiController(RequestSubmission submission, RequestApproval approval, GrantRevocation revocation,
			OrganisationSuspension suspension, ApproverQueue queue, AccessQueries queries, CurrentActor current,
			GatewayLinkProperties gateway, AccountStates states, AccessProperties properties, Clock clock) {
		this.states = states;
		this.submission = submission;
		this.approval = approval;
		this.revocation = revocation;
		this.suspension = suspension;
		this.queue = queue;
		this.queries = queries;
		this.current = current;
		this.gateway = gateway;
		this.activationInterval = properties.activationInterval();
		this.zone = java.time.ZoneId.of(properties.businessZone());
		this.clock = clock;
	}

	@GetMapping("/targets")
	@Operation(summary = "Targets a vendor engineer may request (decoys are never listed)")
	public List<TargetView> targets() {
		this.current.require();
		return this.queries.requestableTargets().stream().map(TargetView::of).toList();
	}

	@PostMapping("/requests")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Ask for time-boxed access to one target at one level")
	public RequestView submit(@RequestBody NewRequest body, HttpServletRequest http) {
		if (body == null || body.durationMinutes() == null) {
			throw new RefusedException(AccessRefusal.INVALID_WINDOW, "no duration");
		}
		RequestSubmission.Submission asked = new RequestSubmission.Submission(body.targetId(), body.level(),
				parseStart(body.start()), ApiViews.minutes(body.durationMinutes()), body.reason(), body.ticket());
		return RequestView.of(this.submission.submit(this.current.require(), asked, http.getRemoteAddr()));
	}

	@GetMapping("/requests")
	@Operation(summary = "Requests: scope=mine (default) or scope=pending (the approver's queue)")
	public List<?> requests(@RequestParam(defaultValue = "mine") String scope) {
		Actor actor = this.current.require();
		if ("pending".equals(scope)) {
			return this.queue.queue(actor).stream().map(QueueItemView::of).toList();
		}
		if (!"mine".equals(scope)) {
			throw new RefusedException(AccessRefusal.INVALID_INPUT, "unknown scope " + scope);
		}
		return this.queries.myRequests(actor).stream().map(RequestView::of).toList();
	}

	@GetMapping("/requests/{id}")
	@Operation(summary = "One request; someone else's id answers 404 unless you review requests")
	public RequestView request(@PathVariable String id) {
		return RequestView.of(this.queries.find(this.current.require(), id));
	}

	@PostMapping("/requests/{id}/cancel")
	@Operation(summary = "Withdraw your own pending request")
	public RequestView cancel(@PathVariable String id, HttpServletRequest http) {
		return RequestView.of(this.submission.cancel(this.current.require(), id, http.getRemoteAddr()));
	}

	@PostMapping("/requests/{id}/step-up")
	@Operation(summary = "Start an approval: a single-use challenge bound to this request for your security key")
	public StepUpChallenge stepUp(@PathVariable String id, HttpServletRequest http) {
		return this.approval.stepUp(this.current.require(), id, http.getRemoteAddr());
	}

	@PostMapping("/requests/{id}/approvals")
	@Operation(summary = "Approve with the key's assertion over the step-up challenge")
	public ApprovalOutcome approve(@PathVariable String id, @RequestBody NewApproval body, HttpServletRequest http) {
		if (body == null || body.credential() == null || !body.credential().isObject()) {
			throw new RefusedException(AccessRefusal.STEP_UP_INVALID, "no credential in the approval");
		}
		RequestApproval.ApprovalResult result = this.approval.approve(this.current.require(), id, body.comment(),
				new StepUpAssertion(body.challengeId(), body.credential().toString()), http.getRemoteAddr());
		Instant now = this.clock.instant();
		GrantView grant = result.grant()
			.map(g -> GrantView.of(result.scheduled() ? GrantRecord.scheduled(g, now) : GrantRecord.activated(g, now), now,
					this.gateway, this.states))
			.orElse(null);
		String message;
		if (grant == null) {
			message = "Your approval is recorded. " + (result.approvalsNeeded() - result.request().approvals().size())
					+ " more approval(s) from another approver are needed.";
		}
		else if (result.scheduled()) {
			message = "Approved. Access is scheduled: it starts at " + at(grant.notBefore()) + " (within "
					+ this.activationInterval.toSeconds() + " s of it) and lasts until " + at(grant.notAfter()) + ".";
		}
		else {
			message = "Approved. Access is granted until " + at(grant.notAfter()) + ".";
		}
		return new ApprovalOutcome(RequestView.of(result.request()), grant, result.approvalsNeeded(), message);
	}

	@PostMapping("/requests/{id}/denial")
	@Operation(summary = "Deny a pending request; the comment is the reason the requester reads")
	public RequestView deny(@PathVariable String id, @RequestBody Reason body, HttpServletRequest http) {
		return RequestView.of(this.approval.deny(this.current.require(), id, body == null ? null : body.comment(),
				http.getRemoteAddr()));
	}

	@GetMapping("/grants")
	@Operation(summary = "Grants: scope=mine (default, your live and scheduled grants), scope=live (everybody's live "
			+ "and scheduled grants) or scope=history (approvers, auditors); each says its state")
	public List<GrantView> grants(@RequestParam(defaultValue = "mine") String scope) {
		Actor actor = this.current.require();
		Instant now = this.clock.instant();
		if ("live".equals(scope)) {
			return this.queries.liveGrants(actor).stream().map(g -> GrantView.of(g, now, this.gateway, this.states)).toList();
		}
		if ("history".equals(scope)) {
			return this.queries.grantHistory(actor).stream().map(g -> GrantView.of(g, now, this.gateway, this.states)).toList();
		}
		if (!"mine".equals(scope)) {
			throw new RefusedException(AccessRefusal.INVALID_INPUT, "unknown scope " + scope);
		}
		return this.queries.myLiveGrants(actor).stream().map(g -> GrantView.of(g, now, this.gateway, this.states)).toList();
	}

	@PostMapping("/grants/{id}/end")
	@Operation(summary = "I'm done: end your own grant now")
	public RevocationView end(@PathVariable String id, HttpServletRequest http) {
		return RevocationView.of(this.revocation.endOwnGrant(this.current.require(), id, http.getRemoteAddr()), "Ended");
	}

	@PostMapping("/grants/{id}/revoke")
	@Operation(summary = "Revoke one grant (approvers)")
	public RevocationView revoke(@PathVariable String id, @RequestBody(required = false) Reason body,
			HttpServletRequest http) {
		return RevocationView.of(this.revocation.revokeGrant(this.current.require(), id, body == null ? null : body.comment(),
				http.getRemoteAddr()), "Revoked");
	}

	@PostMapping("/subjects/{subject}/revoke")
	@Operation(summary = "Revoke every grant of one person (approvers)")
	public RevocationView revokeSubject(@PathVariable String subject, @RequestBody(required = false) Reason body,
			HttpServletRequest http) {
		return RevocationView.of(this.revocation.revokeSubject(this.current.require(), subject,
				body == null ? null : body.comment(), http.getRemoteAddr()), "Revoked all access of " + subject);
	}

	@GetMapping("/organisations")
	@Operation(summary = "Organisations known to access requests, with their suspension state (approvers)")
	public List<OrganisationView> organisations() {
		Actor actor = this.current.require();
		return this.queries.organisations(actor)
			.stream()
			.map(org -> new OrganisationView(org, this.suspension.isSuspended(org)))
			.toList();
	}

	@PostMapping("/organisations/{organisation}/suspend")
	@Operation(summary = "Suspend a vendor: end every live grant of it and refuse its requests until resumed")
	public RevocationView suspend(@PathVariable String organisation, @RequestBody(required = false) Reason body,
			HttpServletRequest http) {
		return RevocationView.of(this.suspension.suspend(this.current.require(), organisation,
				body == null ? null : body.comment(), http.getRemoteAddr()), "Suspended " + organisation);
	}

	@PostMapping("/organisations/{organisation}/resume")
	@Operation(summary = "Lift a suspension; ended grants stay ended")
	public Message resume(@PathVariable String organisation, @RequestBody(required = false) Reason body,
			HttpServletRequest http) {
		this.suspension.resume(this.current.require(), organisation, body == null ? null : body.comment(), http.getRemoteAddr());
		return new Message("Resumed " + organisation + ". Its people may request access again; ended grants stay ended.");
	}

	private static Optional<Instant> parseStart(String start) {
		if (start == null || start.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(Instant.parse(start.strip()));
		}
		catch (DateTimeParseException ex) {
			throw new RefusedException(AccessRefusal.INVALID_WINDOW, "start not ISO-8601: " + start);
		}
	}

	/** A time in a sentence a person reads: the business zone, named; the API's fields stay ISO-8601. */
	private String at(Instant instant) {
		return java.time.format.DateTimeFormatter.ofPattern("EEE d MMM HH:mm", java.util.Locale.ENGLISH)
			.format(instant.atZone(this.zone)) + " " + this.zone.getId();
	}

}
