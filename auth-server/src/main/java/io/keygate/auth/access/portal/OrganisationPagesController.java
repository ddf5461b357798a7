package io.keygate.auth.access.portal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.keygate.auth.access.AccessQueries;
import io.keygate.auth.access.OrganisationSuspension;
import io.keygate.auth.access.RevocationResult;
import io.keygate.auth.access.portal.PortalViews.OrganisationRow;
import io.keygate.auth.account.CurrentActor;
import io.keygate.policy.identity.Actor;

/** The organisations page: each vendor's live grants and suspension, the kill switch and its release. */
@Controller
public final class OrganisationPagesController {

	private final OrganisationSuspension suspension;

	private final AccessQueries queries;

	private final CurrentActor current;

	private final PortalViews views;

	public OrganisationPagesController(OrganisationSuspension suspension, AccessQueries queries, CurrentActor current,
			PortalViews views) {
		this.suspension = suspension;
		this.queries = queries;
		this.current = current;
		this.views = views;
	}

	@GetMapping("/access/organisations")
	public String organisations(Model model) {
		Actor actor = this.current.require();
		this.views.common(model, actor, "organisations");
		List<OrganisationRow> rows = new ArrayList<>();
		for (String organisation : this.queries.organisations(actor)) {
			Instant now = this.views.now();
			long live = this.queries.liveGrants(actor)
				.stream()
				.filter(g -> g.grant().organisation().equals(organisation) && g.isLiveAt(now))
				.count();
			rows.add(new OrganisationRow(organisation, this.suspension.isSuspended(organisation), live,
					this.suspension.isOwnOrganisation(actor, organisation),
					this.queries.suspensions(actor, organisation)
						.stream()
						.findFirst()
						.map(s -> (s.suspended() ? "Suspended" : "Resumed") + " by " + s.actor() + " at "
								+ this.views.at(s.at()) + ": " + s.reason())
						.orElse("")));
		}
		model.addAttribute("organisations", rows);
		return "access/organisations";
	}

	@PostMapping("/access/organisations/{organisation}/suspend")
	public String suspend(@PathVariable String organisation, @RequestParam(defaultValue = "") String comment,
			HttpServletRequest http, RedirectAttributes flash) {
		return this.views.act(flash, "/access/organisations", () -> {
			RevocationResult result = this.suspension.suspend(this.current.require(), organisation, comment,
					http.getRemoteAddr());
			return "Suspended " + organisation + ": " + PortalViews.grants(result.grantsEnded())
					+ " ended. Every gateway closes the sessions of those grants as the revocation reaches it."
					+ PortalViews.scheduledNote(result) + " New requests from " + organisation
					+ " are refused until you resume it.";
		});
	}

	@PostMapping("/access/organisations/{organisation}/resume")
	public String resume(@PathVariable String organisation, @RequestParam(defaultValue = "") String comment,
			HttpServletRequest http, RedirectAttributes flash) {
		return this.views.act(flash, "/access/organisations", () -> {
			this.suspension.resume(this.current.require(), organisation, comment, http.getRemoteAddr());
			return "Resumed " + organisation + ". Its people may request access again; ended grants stay ended.";
		});
	}

}
