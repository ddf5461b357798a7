package io.keygate.auth.firmware;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.account.KeygateUser;
import io.keygate.auth.webauthn.CredentialJson;
import io.keygate.policy.firmware.AllowListEntry;
import io.keygate.policy.firmware.HeldImage;

/**
 * The firmware JSON API for security admins ({@code /admin/firmware/**}, role enforced by the
 * filter chain): the allow-list and held images, and their key-confirmed changes. Each change is
 * two calls: the challenge bound to exactly that change, then the change with the key's answer.
 */
@RestController
public class FirmwareController {

	private final FirmwareAllowList allowList;

	private final HeldImageDecisions decisions;

	public FirmwareController(FirmwareAllowList allowList, HeldImageDecisions decisions) {
		this.allowList = allowList;
		this.decisions = decisions;
	}

	/** What is proposed for the allow-list; the same fields come back with the key's answer. */
	public record AllowProposal(@NotBlank @Size(max = 80) String hash, @NotBlank @Size(max = 128) String vendor,
			@NotBlank @Size(max = 100) String model, @NotBlank @Size(max = 64) String version,
			@NotBlank @Size(max = 300) String verification) {
	}

	@GetMapping(path = "/admin/firmware/allow-list", produces = MediaType.APPLICATION_JSON_VALUE)
	public List<Map<String, Object>> allowList() {
		return this.allowList.entries().stream().map(FirmwareController::view).toList();
	}

	@PostMapping(path = "/admin/firmware/allow-list/step-up", produces = MediaType.APPLICATION_JSON_VALUE)
	public StepUpChallenge allowStepUp(@AuthenticationPrincipal KeygateUser admin, @Valid @RequestBody AllowProposal body) {
		return this.allowList.challenge(admin.actor(), proposal(body.hash(), body.vendor(), body.model(), body.version(),
				body.verification()));
	}

	/** Body: the proposal's fields plus {@code challengeId} and {@code credential} (the key's answer). */
	@PostMapping(path = "/admin/firmware/allow-list", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> allow(@AuthenticationPrincipal KeygateUser admin, @RequestBody(required = false) String body,
			HttpServletRequest request) {
		FirmwareAllowList.Proposal proposal = proposal(CredentialJson.text(body, "hash", 80),
				CredentialJson.text(body, "vendor", 128), CredentialJson.text(body, "model", 100),
				CredentialJson.text(body, "version", 64), CredentialJson.text(body, "verification", 300));
		Map<String, Object> view = view(this.allowList.add(admin.actor(), proposal, assertion(body), request.getRemoteAddr()));
		view.put("message", "Listed: every gateway forwards this image from its next upload on (unless a distrust window holds it).");
		return view;
	}

	@GetMapping(path = "/admin/firmware/held", produces = MediaType.APPLICATION_JSON_VALUE)
	public List<Map<String, Object>> held() {
		return this.decisions.held().stream().map(FirmwareController::view).toList();
	}

	@PostMapping(path = "/admin/firmware/held/{hash}/release/step-up", produces = MediaType.APPLICATION_JSON_VALUE)
	public StepUpChallenge releaseStepUp(@AuthenticationPrincipal KeygateUser admin, @PathVariable String hash) {
		return this.decisions.challenge(admin.actor(), hash, HeldImage.State.RELEASED);
	}

	@PostMapping(path = "/admin/firmware/held/{hash}/release", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> release(@AuthenticationPrincipal KeygateUser admin, @PathVariable String hash,
			@RequestBody(required = false) String body, HttpServletRequest request) {
		Map<String, Object> view = view(this.decisions.decide(admin.actor(), hash, HeldImage.State.RELEASED, assertion(body),
				request.getRemoteAddr()));
		view.put("message", "Released: the image is forwarded when it is uploaded again.");
		return view;
	}

	@PostMapping(path = "/admin/firmware/held/{hash}/reject/step-up", produces = MediaType.APPLICATION_JSON_VALUE)
	public StepUpChallenge rejectStepUp(@AuthenticationPrincipal KeygateUser admin, @PathVariable String hash) {
		return this.decisions.challenge(admin.actor(), hash, HeldImage.State.REJECTED);
	}

	@PostMapping(path = "/admin/firmware/held/{hash}/reject", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> reject(@AuthenticationPrincipal KeygateUser admin, @PathVariable String hash,
			@RequestBody(required = false) String body, HttpServletRequest request) {
		Map<String, Object> view = view(this.decisions.decide(admin.actor(), hash, HeldImage.State.REJECTED, assertion(body),
				request.getRemoteAddr()));
		view.put("message", "Rejected: the image is refused from now on; the gateway keeps its copy as evidence.");
		return view;
	}

	private static FirmwareAllowList.Proposal proposal(String hash, String vendor, String model, String version,
			String verification) {
		return new FirmwareAllowList.Proposal(hash, vendor, model, version, verification);
	}

	private static StepUpAssertion assertion(String body) {
		return new StepUpAssertion(CredentialJson.text(body, "challengeId", 64), CredentialJson.member(body, "credential"));
	}

	static Map<String, Object> view(AllowListEntry entry) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("hash", entry.hash().hex());
		view.put("vendor", entry.vendor());
		view.put("model", entry.model());
		view.put("version", entry.version());
		view.put("verification", entry.verification());
		view.put("addedBy", entry.addedBy());
		view.put("addedAt", entry.addedAt().toString());
		return view;
	}

	static Map<String, Object> view(HeldImage image) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("hash", image.hash().hex());
		view.put("organisation", image.organisation());
		view.put("uploader", image.uploader());
		view.put("target", image.target());
		view.put("gateway", image.gateway());
		view.put("size", image.size());
		view.put("heldAt", image.heldAt().toString());
		view.put("why", image.why());
		view.put("state", image.state().name());
		view.put("decidedBy", image.decidedBy());
		view.put("decidedAt", image.decidedAt() == null ? null : image.decidedAt().toString());
		return view;
	}

}
