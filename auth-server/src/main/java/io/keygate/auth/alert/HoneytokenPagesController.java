package io.keygate.auth.alert;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.keygate.auth.access.portal.PortalViews;
import io.keygate.auth.account.CurrentActor;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/** Security admins plant and retire honeytokens; a new token is shown once, on the page after creating it. */
@Controller
public final class HoneytokenPagesController {

	private final HoneytokenDesk desk;

	private final CurrentActor current;

	private final PortalViews views;

	public HoneytokenPagesController(HoneytokenDesk desk, CurrentActor current, PortalViews views) {
		this.desk = desk;
		this.current = current;
		this.views = views;
	}

	@GetMapping("/access/honeytokens")
	public String honeytokens(Model model) {
		Actor actor = this.current.require();
		if (!actor.hasRole(Role.SECURITY_ADMIN)) {
			throw new RefusedException(AlertRefusal.NOT_ALLOWED, actor.subject() + " on the honeytokens page");
		}
		this.views.common(model, actor, "honeytokens");
		model.addAttribute("honeytokens", this.desk.all());
		return "access/honeytokens";
	}

	@PostMapping("/access/honeytokens")
	public String create(@RequestParam(defaultValue = "") String label, @RequestParam(defaultValue = "") String plantedWhere,
			HttpServletRequest http, RedirectAttributes flash) {
		try {
			HoneytokenDesk.Created created = this.desk.create(this.current.require(), label, plantedWhere, http.getRemoteAddr());
			flash.addFlashAttribute("notice", "Honeytoken " + created.record().id()
					+ " created. Copy it now and plant it; it is not shown again (only its hash is kept).");
			flash.addFlashAttribute("createdToken", created.token());
		}
		catch (RefusedException ex) {
			flash.addFlashAttribute("refusal", "Refused: " + ex.userMessage());
		}
		return "redirect:/access/honeytokens";
	}

	@PostMapping("/access/honeytokens/{id}/revoke")
	public String revoke(@PathVariable String id, HttpServletRequest http, RedirectAttributes flash) {
		return this.views.act(flash, "/access/honeytokens", () -> {
			this.desk.revoke(this.current.require(), id, http.getRemoteAddr());
			return "Honeytoken " + id + " revoked: presenting it is now an ordinary request.";
		});
	}

}
