package io.keygate.auth.keymodel;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.keygate.auth.account.CurrentActor;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * {@code /admin/key-models}: which key models the organisation's people use. Under
 * {@code /admin/**}, so only a security admin reaches it (SecurityConfiguration).
 */
@Controller
public final class KeyModelPagesController {

	private final KeyModelCatalogue catalogue;

	private final CurrentActor current;

	public KeyModelPagesController(KeyModelCatalogue catalogue, CurrentActor current) {
		this.catalogue = catalogue;
		this.current = current;
	}

	@GetMapping("/admin/key-models")
	public String keyModels(Model model) {
		Actor actor = this.current.require();
		// The portal frame (nav, banner) reads these.
		model.addAttribute("me", actor);
		model.addAttribute("page", "key-models");
		model.addAttribute("isApprover", actor.hasRole(Role.APPROVER));
		model.addAttribute("isVendor", actor.hasRole(Role.VENDOR_ENGINEER));
		model.addAttribute("isAdmin", actor.hasRole(Role.SECURITY_ADMIN));
		model.addAttribute("models", this.catalogue.models());
		return "access/key-models";
	}

}
