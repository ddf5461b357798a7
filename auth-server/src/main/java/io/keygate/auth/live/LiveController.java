package io.keygate.auth.live;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import io.keygate.auth.account.CurrentActor;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * The live page and its JSON: {@code GET /live} (the page, which polls), {@code GET /api/v1/live}
 * (staff: every gateway and session), {@code GET /api/v1/live/mine} (anyone signed in: their own
 * sessions, time left and the warning due) and
 * {@code POST /api/v1/live/sessions/{gateway}/{session}/terminate} (staff; CSRF header as every
 * browser call of the API). The evidence pack reads the same {@link LiveView} records.
 */
@Controller
public final class LiveController {

	private final LiveView view;

	private final CurrentActor current;

	private final LiveProperties properties;

	public LiveController(LiveView view, CurrentActor current, LiveProperties properties) {
		this.view = view;
		this.current = current;
		this.properties = properties;
	}

	@GetMapping("/live")
	public String page(Model model) {
		Actor actor = this.current.require();
		boolean staff = actor.hasRole(Role.APPROVER) || actor.hasRole(Role.SECURITY_ADMIN);
		model.addAttribute("me", actor);
		model.addAttribute("page", "live");
		model.addAttribute("isApprover", actor.hasRole(Role.APPROVER));
		model.addAttribute("isVendor", actor.hasRole(Role.VENDOR_ENGINEER));
		model.addAttribute("isAdmin", actor.hasRole(Role.SECURITY_ADMIN));
		model.addAttribute("staff", staff);
		model.addAttribute("pollMillis", this.properties.pollInterval().toMillis());
		return "live/live";
	}

	@GetMapping(path = "/api/v1/live", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	public LiveView.Everything everything() {
		return this.view.everything(this.current.require());
	}

	@GetMapping(path = "/api/v1/live/mine", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	public LiveView.Mine mine() {
		return this.view.mine(this.current.require());
	}

	@PostMapping(path = "/api/v1/live/sessions/{gateway}/{session}/terminate", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	public Map<String, Object> terminate(@PathVariable String gateway, @PathVariable String session,
			HttpServletRequest http) {
		LiveView.SessionRow ended = this.view.terminate(this.current.require(), gateway, session, http.getRemoteAddr());
		return Map.of("session", ended, "message", "Terminate sent to gateway " + gateway + ": the session of "
				+ ended.subject() + " on " + ended.targetId() + " closes there now. The grant stands; revoke it to end all access.");
	}

}
