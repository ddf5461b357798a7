package io.keygate.auth.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Where {@link ActiveAccountFilter} sends a browser whose session it ended: the refusal page, 401, with the reason. */
@Controller
final class SessionEndedController {

	static final String PATH = "/session/ended";

	@GetMapping(PATH)
	String ended() {
		throw new RefusedException(CommonRefusal.SESSION_ENDED, "session ended: the account is no longer active");
	}

}
