package io.keygate.auth.keys;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.keygate.auth.account.AccountOrigins;
import io.keygate.auth.account.KeygateUser;
import io.keygate.policy.identity.Role;

/** The signed-in person's home: who they are, their keys, the way to the portal; admins also get user administration. */
@Controller
public class AccountPageController {

	private final KeyManagementService keys;

	private final AccountOrigins origins;

	public AccountPageController(KeyManagementService keys, AccountOrigins origins) {
		this.keys = keys;
		this.origins = origins;
	}

	@GetMapping("/")
	public String home() {
		return "redirect:/account";
	}

	@GetMapping("/account")
	public String account(@AuthenticationPrincipal KeygateUser user, Model model) {
		model.addAttribute("user", user);
		model.addAttribute("roles", user.roles().stream().map(Role::name).sorted().toList());
		model.addAttribute("keys", this.keys.keysOf(user.subject()).stream().map(KeyController::view).toList());
		model.addAttribute("admin", user.roles().contains(Role.SECURITY_ADMIN));
		model.addAttribute("singleAdminWarning",
				user.roles().contains(Role.SECURITY_ADMIN) && this.origins.activeWithRole(Role.SECURITY_ADMIN) <= 1);
		return "account";
	}

}
