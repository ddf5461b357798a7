package io.keygate.auth.access.portal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.keygate.auth.access.AccessQueries;
import io.keygate.auth.access.ApproverQueue;
import io.keygate.auth.access.GrantRevocation;
import io.keygate.auth.access.RequestApproval;
import io.keygate.auth.access.RevocationResult;
import io.keygate.auth.access.portal.PortalViews.QueueRow;
import io.keygate.auth.account.CurrentActor;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.request.AccessRequest;

/**
 * The approver's page: the queue, denials, revocations. Approving itself goes through the API from
 * the page's script, because the key's assertion is made in the browser.
 */
@Controller
public final class ApproverPagesController {

	private final ApproverQueue queue;

	private final RequestApproval approval;

	private final GrantRevocation revocation;

	private final AccessQueries queries;

	private final CurrentActor current;

	private final PortalViews views;

	public ApproverPagesController(ApproverQueue queue, RequestApproval approval, GrantRevocation revocation,
			AccessQueries queries, CurrentActor current, PortalViews views) {
		this.queue = queue;
		this.approval = approval;
		this.revocation = revocation;
		this.queries = queries;
		this.current = current;
		this.views = views;
	}

	@GetMapping("/access/approver")
	public String approver(Model model) {
		Actor actor = this.current.require();
		this.views.common(model, actor, "approver");
		model.addAttribute("queue", this.queue.queue(actor)
			.stream()
			.map(item -> new QueueRow(this.views.row(item.request()), item.target().name(), item.target().tier().name(),
					item.approvalsNeeded(), item.hints(), item.reviewable(), item.notReviewableBecause(),
					item.requesterStatus()))
			.toList());
		model.addAttribute("grants", this.queries.liveGrants(actor).stream().map(this.views::grantRow).toList());
		return "access/approver";
	}

	@PostMapping("/access/approver/requests/{id}/deny")
	public String deny(@PathVariable String id, @RequestParam(defaultValue = "") String comment, HttpServletRequest http,
			RedirectAttributes flash) {
		return this.views.act(flash, "/access/approver", () -> {
			AccessRequest request = this.approval.deny(this.current.require(), id, comment, http.getRemoteAddr());
			return "Denied the request of " + request.requester() + " for " + request.targetId() + ". They will see your reason.";
		});
	}

	@PostMapping("/access/approver/grants/{id}/revoke")
	public String revoke(@PathVariable String id, @RequestParam(defaultValue = "") String comment, HttpServletRequest http,
			RedirectAttributes flash) {
		return this.views.act(flash, "/access/approver", () -> {
			RevocationResult result = this.revocation.revokeGrant(this.current.require(), id, comment, http.getRemoteAddr());
			return "Revoked: " + PortalViews.grants(result.grantsEnded())
					+ " ended. The gateways close its sessions as the revocation reaches them."
					+ PortalViews.scheduledNote(result);
		});
	}

	@PostMapping("/access/approver/subjects/{subject}/revoke")
	public String revokeSubject(@PathVariable String subject, @RequestParam(defaultValue = "") String comment,
			HttpServletRequest http, RedirectAttributes flash) {
		return this.views.act(flash, "/access/approver", () -> {
			RevocationResult result = this.revocation.revokeSubject(this.current.require(), subject, comment,
					http.getRemoteAddr());
			return "Revoked all access of " + subject + ": " + PortalViews.grants(result.grantsEnded()) + " ended."
					+ PortalViews.scheduledNote(result);
		});
	}

}
