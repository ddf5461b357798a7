package io.keygate.auth.breach;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

/**
 * The breach declaration's JSON API ({@code /admin/**}: security admins only, also checked by the
 * desk). Draft, then the key-signed confirmation(s); the result with its receipts; the hunt report
 * as JSON and CSV; resume.
 */
@RestController
public class BreachApiController {

	private final BreachDesk desk;

	private final BreachViews views;

	private final HuntReport hunt;

	public BreachApiController(BreachDesk desk, BreachViews views, HuntReport hunt) {
		this.desk = desk;
		this.views = views;
		this.hunt = hunt;
	}

	/** A declaration's fields: the organisation, the window as ISO-8601 instants, a reference. */
	public record DraftRequest(@Size(max = 128) String organisation, @Size(max = 64) String from, @Size(max = 64) String to,
			@Size(max = 400) String reference) {
	}

	@PostMapping(path = "/admin/breach/declarations", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Map<String, Object>> draft(@AuthenticationPrincipal KeygateUser admin, @Valid @RequestBody DraftRequest body,
			HttpServletRequest request) {
		Declaration drafted = this.desk.draft(admin.actor(), body.organisation(), body.from(), body.to(), body.reference(),
				request.getRemoteAddr());
		return ResponseEntity.status(HttpStatus.CREATED).body(this.views.view(drafted));
	}

	/** The challenge the admin's key signs for the confirmation the declaration waits for. */
	@PostMapping(path = "/admin/breach/declarations/{id}/step-up", produces = MediaType.APPLICATION_JSON_VALUE)
	public StepUpChallenge stepUp(@AuthenticationPrincipal KeygateUser admin, @PathVariable String id, HttpServletRequest request) {
		return this.desk.challenge(admin.actor(), id, request.getRemoteAddr());
	}

	/** The key-signed confirmation: 200 when the declaration took effect, 202 while a second admin's is awaited. */
	@PostMapping(path = "/admin/breach/declarations/{id}/confirmation", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Map<String, Object>> confirm(@AuthenticationPrincipal KeygateUser admin, @PathVariable String id,
			@RequestBody(required = false) String body, HttpServletRequest request) {
		Declaration declaration = this.desk.confirm(admin.actor(), id, assertion(body), request.getRemoteAddr());
		return ResponseEntity.status(declaration.state() == BreachState.DECLARED ? HttpStatus.OK : HttpStatus.ACCEPTED)
			.body(this.views.view(declaration));
	}

	@GetMapping(path = "/admin/breach/declarations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> declaration(@AuthenticationPrincipal KeygateUser admin, @PathVariable String id) {
		BreachDesk.requireSecurityAdmin(admin.actor());
		return this.views.view(this.desk.find(id));
	}

	@GetMapping(path = "/admin/breach/declarations/{id}/hunt.json", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<HuntReport.Report> huntJson(@AuthenticationPrincipal KeygateUser admin, @PathVariable String id) {
		BreachDesk.requireSecurityAdmin(admin.actor());
		Declaration d = this.desk.find(id);
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"hunt-" + d.id() + ".json\"")
			.body(this.hunt.of(d.organisation(), d.window()));
	}

	/** Written directly: a browser following the link asks for HTML, and a CSV download must not be refused as 406. */
	@GetMapping(path = "/admin/breach/declarations/{id}/hunt.csv")
	public void huntCsv(@AuthenticationPrincipal KeygateUser admin, @PathVariable String id, HttpServletResponse response)
			throws java.io.IOException {
		BreachDesk.requireSecurityAdmin(admin.actor());
		Declaration d = this.desk.find(id);
		byte[] csv = HuntReport.csv(this.hunt.of(d.organisation(), d.window())).getBytes(java.nio.charset.StandardCharsets.UTF_8);
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"hunt-" + d.id() + ".csv\"");
		response.setContentLength(csv.length);
		response.getOutputStream().write(csv);
	}

	@PostMapping(path = "/admin/breach/declarations/{id}/resume/step-up", produces = MediaType.APPLICATION_JSON_VALUE)
	public StepUpChallenge resumeStepUp(@AuthenticationPrincipal KeygateUser admin, @PathVariable String id,
			HttpServletRequest request) {
		return this.desk.resumeChallenge(admin.actor(), id, request.getRemoteAddr());
	}

	/** Lifts the suspension under stricter approval terms, with the admin's key-signed yes. */
	@PostMapping(path = "/admin/breach/declarations/{id}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> resume(@AuthenticationPrincipal KeygateUser admin, @PathVariable String id,
			@RequestBody(required = false) String body, HttpServletRequest request) {
		return this.views.view(this.desk.resume(admin.actor(), id, assertion(body), request.getRemoteAddr()));
	}

	private static StepUpAssertion assertion(String body) {
		return new StepUpAssertion(CredentialJson.text(body, "challengeId", 64), CredentialJson.member(body, "credential"));
	}

}
