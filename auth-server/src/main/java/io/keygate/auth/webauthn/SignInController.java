package io.keygate.auth.webauthn;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;

import io.keygate.auth.account.SessionSignIn;
import io.keygate.auth.account.KeygateUser;
import io.keygate.auth.account.UserAccount;

/**
 * Sign-in with a discoverable hardware-key credential and user verification. No user name is
 * asked for, so the server never says which accounts exist.
 */
@Controller
public class SignInController {

	static final String PURPOSE = "signin";

	private final CeremonyStore ceremonies;

	private final RelyingParty relyingParty;

	private final KeyAssertions assertions;

	private final SessionSignIn sessions;

	private final RequestCache requestCache = new HttpSessionRequestCache();

	public SignInController(CeremonyStore ceremonies, RelyingParty relyingParty, KeyAssertions assertions,
			SessionSignIn sessions) {
		this.ceremonies = ceremonies;
		this.relyingParty = relyingParty;
		this.assertions = assertions;
		this.sessions = sessions;
	}

	@GetMapping("/login")
	public String loginPage() {
		return "login";
	}

	@PostMapping(path = "/webauthn/authenticate/options", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	public Map<String, Object> options(HttpServletRequest request) {
		PendingCeremony ceremony = this.ceremonies.begin(request, PURPOSE, "");
		return this.relyingParty.requestOptions(ceremony.challenge(), java.util.List.of());
	}

	@PostMapping(path = "/login/webauthn", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	public Map<String, Object> signIn(@RequestBody(required = false) String body, HttpServletRequest request,
			HttpServletResponse response) {
		PendingCeremony ceremony = this.ceremonies.take(request, PURPOSE);
		KeyAssertions.Verified verified = this.assertions.signIn(body, ceremony.challenge(), request.getRemoteAddr());
		UserAccount account = verified.account();
		KeygateUser user = new KeygateUser(account.subject(), account.organisation(), account.roles(), account.displayName(),
				verified.evidence().verifiedAt(), verified.evidence().amr(), verified.evidence().credentialId());
		this.sessions.signIn(user, request, response);
		SavedRequest saved = this.requestCache.getRequest(request, response);
		String redirect = saved == null ? "/" : saved.getRedirectUrl();
		return Map.of("authenticated", true, "redirectUrl", redirect);
	}

}
