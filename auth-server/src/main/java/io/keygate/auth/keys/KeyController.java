package io.keygate.auth.keys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.keygate.auth.account.KeygateUser;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.webauthn.CeremonyStore;
import io.keygate.auth.webauthn.CredentialJson;
import io.keygate.auth.webauthn.KeyAssertions;
import io.keygate.auth.webauthn.PendingCeremony;
import io.keygate.auth.webauthn.RelyingParty;
import io.keygate.auth.webauthn.StoredCredential;

/** The signed-in person's own security keys ({@code /account/keys}). */
@RestController
public class KeyController {

	static final String ADD_ASSERT = "key.add.assert";

	static final String ADD_REGISTER = "key.add.register";

	private final KeyManagementService keys;

	private final CeremonyStore ceremonies;

	private final RelyingParty relyingParty;

	private final KeyAssertions assertions;

	public KeyController(KeyManagementService keys, CeremonyStore ceremonies, RelyingParty relyingParty, KeyAssertions assertions) {
		this.keys = keys;
		this.ceremonies = ceremonies;
		this.relyingParty = relyingParty;
		this.assertions = assertions;
	}

	@GetMapping(path = "/account/keys", produces = MediaType.APPLICATION_JSON_VALUE)
	public List<Map<String, Object>> list(@AuthenticationPrincipal KeygateUser user) {
		return this.keys.keysOf(user.subject()).stream().map(KeyController::view).toList();
	}

	/** Two challenges: one for the existing key's assertion, one for the new key's registration. */
	@PostMapping(path = "/account/keys/options", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> options(@AuthenticationPrincipal KeygateUser user, HttpServletRequest request) {
		UserAccount account = this.keys.account(user.subject());
		List<StoredCredential> existing = this.keys.keysOf(user.subject());
		PendingCeremony assertion = this.ceremonies.begin(request, ADD_ASSERT, user.subject());
		PendingCeremony registration = this.ceremonies.begin(request, ADD_REGISTER, user.subject());
		return Map.of("assertion", this.assertions.stepUpOptions(user.subject(), assertion.challenge()), "registration",
				this.relyingParty.creationOptions(registration.challenge(), account.userHandle(), account.email(),
						account.displayName(), existing));
	}

	@PostMapping(path = "/account/keys", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> add(@AuthenticationPrincipal KeygateUser user, @RequestBody(required = false) String body,
			HttpServletRequest request) {
		String label = CredentialJson.text(body, "label", 200);
		String assertionJson = CredentialJson.member(body, "assertion");
		String registrationJson = CredentialJson.member(body, "credential");
		PendingCeremony assertion = this.ceremonies.take(request, ADD_ASSERT);
		PendingCeremony registration = this.ceremonies.take(request, ADD_REGISTER);
		StoredCredential stored = this.keys.add(user.subject(), assertion.challenge(), assertionJson, registration.challenge(),
				registrationJson, label == null || label.isBlank() ? "Backup key" : label.strip(), request.getRemoteAddr());
		return view(stored);
	}

	@DeleteMapping(path = "/account/keys/{credentialId}", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> remove(@AuthenticationPrincipal KeygateUser user, @PathVariable String credentialId,
			HttpServletRequest request) {
		this.keys.remove(user.subject(), credentialId, request.getRemoteAddr());
		return Map.of("removed", credentialId);
	}

	static Map<String, Object> view(StoredCredential credential) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", credential.credentialId());
		view.put("label", credential.label());
		view.put("attestationFormat", credential.attestationFormat());
		view.put("aaguid", credential.aaguid());
		view.put("createdAt", credential.createdAt().toString());
		Instant lastUsed = credential.lastUsedAt();
		view.put("lastUsedAt", lastUsed == null ? null : lastUsed.toString());
		return view;
	}

}
