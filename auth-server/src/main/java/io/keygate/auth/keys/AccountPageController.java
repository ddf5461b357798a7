package io.keygate.auth.keys;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.keygate.auth.account.KeygateUser;
import io.keygate.policy.identity.Role;

/** The signed-in person's home: who they are, their keys, the way to the portal; admins also get user administration. */
@Controller
public class AccountPageController {

	private final KeyManagementService keys;

	public AccountPageController(KeyManagementService keys) {
		this.keys = keys;
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
		return "account";
	}

}
