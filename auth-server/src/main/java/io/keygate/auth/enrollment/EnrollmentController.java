package io.keygate.auth.enrollment;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import io.keygate.auth.account.KeygateUser;
import io.keygate.auth.account.SessionSignIn;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.web.RefusedException;
import io.keygate.auth.webauthn.CeremonyStore;
import io.keygate.auth.webauthn.CredentialJson;
import io.keygate.auth.webauthn.PendingCeremony;
import io.keygate.auth.webauthn.RelyingParty;
import io.keygate.auth.webauthn.WebAuthnRefusal;

/** Opening an invitation link: register a hardware key, which activates the account and signs in. */
@Controller
public class EnrollmentController {

	private final InvitationService invitations;

	private final EnrollmentService enrollment;

	private final CeremonyStore ceremonies;

	private final SessionSignIn sessions;

	public EnrollmentController(InvitationService invitations, EnrollmentService enrollment, CeremonyStore ceremonies,
			SessionSignIn sessions) {
		this.invitations = invitations;
		this.enrollment = enrollment;
		this.ceremonies = ceremonies;
		this.sessions = sessions;
	}

	@GetMapping("/enroll")
	public String page(@RequestParam(name = "token", required = false) String token, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		try {
			Invitation invitation = this.invitations.open(token, request.getRemoteAddr());
			model.addAttribute("invitation", invitation);
			model.addAttribute("token", token);
		}
		catch (RefusedException ex) {
			response.setStatus(ex.refusal().status().value());
			model.addAttribute("error", ex.userMessage());
		}
		return "enroll";
	}

	@PostMapping(path = "/enroll/options", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	public Map<String, Object> options(@RequestBody(required = false) String body, HttpServletRequest request) {
		Invitation invitation = this.invitations.open(CredentialJson.text(body, "token", 200), request.getRemoteAddr());
		String userHandle = this.enrollment.userHandleFor(invitation);
		PendingCeremony ceremony = this.ceremonies.begin(request, EnrollmentService.PURPOSE, invitation.id() + "|" + userHandle);
		return this.enrollment.creationOptions(invitation, ceremony.challenge(), userHandle);
	}

	@PostMapping(path = "/enroll/finish", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	public Map<String, Object> finish(@RequestBody(required = false) String body, HttpServletRequest request,
			HttpServletResponse response) {
		String token = CredentialJson.text(body, "token", 200);
		String label = CredentialJson.text(body, "label", 200);
		String credential = CredentialJson.member(body, "credential");
		PendingCeremony ceremony = this.ceremonies.take(request, EnrollmentService.PURPOSE);
		Invitation invitation = this.invitations.open(token, request.getRemoteAddr());
		String[] reference = ceremony.reference().split("\\|", 2);
		if (reference.length != 2 || !reference[0].equals(invitation.id())) {
			throw new RefusedException(WebAuthnRefusal.NO_CEREMONY, "the challenge was issued for another invitation");
		}
		EnrollmentService.Enrolled enrolled = this.enrollment.finish(invitation, reference[1], ceremony.challenge(), credential,
				label, request.getRemoteAddr());
		UserAccount account = enrolled.account();
		// Registration with user verification is itself a hardware-key + PIN authentication.
		this.sessions.signIn(new KeygateUser(account.subject(), account.organisation(), account.roles(), account.displayName(),
				enrolled.at(), RelyingParty.HARDWARE_KEY_WITH_PIN, enrolled.credentialId()), request, response);
		return Map.of("enrolled", true, "subject", account.subject(), "redirectUrl", "/");
	}

}
