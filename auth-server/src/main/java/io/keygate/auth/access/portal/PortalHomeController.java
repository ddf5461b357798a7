package io.keygate.auth.access.portal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import io.keygate.auth.account.CurrentActor;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * The portal's front door. The portal pages are plain server-rendered HTML for a tired operator at
 * 3 a.m.; approving is the one place with JavaScript, because the security key is only reachable
 * from the browser.
 */
@Controller
public final class PortalHomeController {

	private final CurrentActor current;

	public PortalHomeController(CurrentActor current) {
		this.current = current;
	}

	/** Sends each person to the page of their main role. */
	@GetMapping("/access")
	public String home() {
		Actor actor = this.current.require();
		if (actor.hasRole(Role.APPROVER)) {
			return "redirect:/access/approver";
		}
		if (actor.hasRole(Role.SECURITY_ADMIN)) {
			return "redirect:/access/admin";
		}
		return "redirect:/access/vendor";
	}

}
