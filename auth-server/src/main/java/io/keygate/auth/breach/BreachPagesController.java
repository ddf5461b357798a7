package io.keygate.auth.breach;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.keygate.auth.access.portal.PortalViews;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.CurrentActor;
import io.keygate.policy.identity.Actor;

/**
 * The portal's breach pages: the declaration form with recent declarations, and a declaration's
 * result (what was done, with counts; every gateway's receipt, a missing one red; the hunt report).
 * The key touches run in the browser against the JSON API.
 */
@Controller
public class BreachPagesController {

	private final BreachDesk desk;

	private final BreachViews views;

	private final BreachReceipts receipts;

	private final HuntReport hunt;

	private final AccountRepository accounts;

	private final CurrentActor current;

	private final PortalViews portal;

	public BreachPagesController(BreachDesk desk, BreachViews views, BreachReceipts receipts, HuntReport hunt,
			AccountRepository accounts, CurrentActor current, PortalViews portal) {
		this.desk = desk;
		this.views = views;
		this.receipts = receipts;
		this.hunt = hunt;
		this.accounts = accounts;
		this.current = current;
		this.portal = portal;
	}

	@GetMapping("/access/admin/breach")
	public String declarations(Model model) {
		Actor me = this.current.require();
		BreachDesk.requireSecurityAdmin(me);
		this.portal.common(model, me, "breach");
		model.addAttribute("organisations",
				this.accounts.organisations().stream().filter(o -> !o.equals(me.organisation())).toList());
		model.addAttribute("declarations", this.desk.latest());
		model.addAttribute("secondAdminRequired", this.desk.secondAdminRequired());
		return "access/breach";
	}

	@GetMapping("/access/admin/breach/{id}")
	public String declaration(@PathVariable String id, Model model) {
		Actor me = this.current.require();
		BreachDesk.requireSecurityAdmin(me);
		Declaration declaration = this.desk.find(id);
		this.portal.common(model, me, "breach");
		model.addAttribute("d", declaration);
		model.addAttribute("view", this.views.view(declaration));
		model.addAttribute("receipts", this.receipts.of(declaration));
		model.addAttribute("report", declaration.declaredAt() == null ? null
				: this.hunt.of(declaration.organisation(), declaration.window()));
		return "access/breach-result";
	}

}
