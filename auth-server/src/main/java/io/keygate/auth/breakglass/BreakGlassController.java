package io.keygate.auth.breakglass;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.account.CurrentActor;
import io.keygate.auth.web.RefusedException;
import io.keygate.auth.webauthn.CredentialJson;

/**
 * Break-glass over JSON: a vendor engineer opens ({@code /access/break-glass}); security admins
 * ({@code /admin/**}, role enforced by the filter chain and again by the services) set
 * eligibilities with their key and review openings.
 */
@RestController
public final class BreakGlassController {

	/** What a vendor sends to open emergency access. */
	public record OpenRequest(String targetId, String level, String reason) {
	}

	/** An admin's review: {@code decision} is {@code approve} or {@code misuse}. */
	public record ReviewRequest(String decision, String note) {
	}

	private final BreakGlassDesk desk;

	private final BreakGlassEligibilities eligibilities;

	private final CurrentActor current;

	public BreakGlassController(BreakGlassDesk desk, BreakGlassEligibilities eligibilities, CurrentActor current) {
		this.desk = desk;
		this.eligibilities = eligibilities;
		this.current = current;
	}

	@PostMapping(path = "/access/break-glass", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	public Map<String, Object> open(@RequestBody(required = false) OpenRequest body, HttpServletRequest http) {
		if (body == null) {
			throw new RefusedException(BreakGlassRefusal.INVALID_INPUT, "no body");
		}
		BreakGlassDesk.Opened opened = this.desk.open(this.current.require(), body.targetId(), body.level(), body.reason(),
				http.getRemoteAddr());
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("grantId", opened.grant().id());
		view.put("target", opened.grant().targetId());
		view.put("level", opened.grant().level());
		view.put("notAfter", opened.grant().notAfter().toString());
		view.put("notified", opened.notified());
		view.put("message", "Emergency access is open until " + opened.grant().notAfter()
				+ ". Every approver and admin was alerted, and it will be reviewed. " + opened.notified());
		return view;
	}

	@GetMapping(path = "/admin/break-glass/eligibilities", produces = MediaType.APPLICATION_JSON_VALUE)
	public List<BreakGlassRepository.Eligibility> eligibilities() {
		return this.eligibilities.all(this.current.require());
	}

	@PostMapping(path = "/admin/break-glass/eligibilities/{subject}/{targetId}/step-up",
			produces = MediaType.APPLICATION_JSON_VALUE)
	public StepUpChallenge eligibilityStepUp(@PathVariable String subject, @PathVariable String targetId) {
		return this.eligibilities.challenge(this.current.require(), subject, targetId);
	}

	/** Sets the eligibility with the admin's key-signed confirmation of exactly this person and target. */
	@PostMapping(path = "/admin/break-glass/eligibilities/{subject}/{targetId}", produces = MediaType.APPLICATION_JSON_VALUE)
	public BreakGlassRepository.Eligibility setEligibility(@PathVariable String subject, @PathVariable String targetId,
			@RequestBody(required = false) String body, HttpServletRequest http) {
		StepUpAssertion assertion = new StepUpAssertion(CredentialJson.text(body, "challengeId", 64),
				CredentialJson.member(body, "credential"));
		return this.eligibilities.set(this.current.require(), subject, targetId, assertion, http.getRemoteAddr());
	}

	@PostMapping(path = "/admin/break-glass/eligibilities/{subject}/{targetId}/remove",
			produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> removeEligibility(@PathVariable String subject, @PathVariable String targetId,
			HttpServletRequest http) {
		this.eligibilities.remove(this.current.require(), subject, targetId, http.getRemoteAddr());
		return Map.of("subject", subject, "targetId", targetId, "removed", true);
	}

	@GetMapping(path = "/admin/break-glass/openings", produces = MediaType.APPLICATION_JSON_VALUE)
	public List<BreakGlassRepository.Opening> openings() {
		return this.desk.openings(this.current.require());
	}

	@PostMapping(path = "/admin/break-glass/openings/{grantId}/review", produces = MediaType.APPLICATION_JSON_VALUE)
	public BreakGlassRepository.Opening review(@PathVariable String grantId, @RequestBody(required = false) ReviewRequest body,
			HttpServletRequest http) {
		if (body == null || !("approve".equals(body.decision()) || "misuse".equals(body.decision()))) {
			throw new RefusedException(BreakGlassRefusal.INVALID_INPUT, "decision must be approve or misuse");
		}
		return this.desk.review(this.current.require(), grantId, "misuse".equals(body.decision()), body.note(),
				http.getRemoteAddr());
	}

}
