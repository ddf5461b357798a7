package io.keygate.auth.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.keygate.auth.access.portal.PortalViews;
import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.account.CurrentActor;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.web.RefusedException;
import io.keygate.auth.webauthn.CredentialJson;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Actor;

/**
 * The alerts page (security admins and approvers): open, acknowledged and closed alerts with
 * filters, each with the chained events behind it, Acknowledge and Close (forms), and the three
 * key-confirmed responses (JSON, driven by {@code alerts.js}: challenge, key touch, answer).
 */
@Controller
public final class AlertPagesController {

	/** Events shown per alert; the rest are counted. */
	static final int EVENTS_SHOWN = 50;

	/** One chained event as the page shows it. */
	public record EventRow(long sequence, String at, String actor, String action, String target, String outcome,
			String reason, String client, String severity, String details) {
	}

	private final AlertDesk desk;

	private final AlertRepository alerts;

	private final JdbcAuditLog chain;

	private final CurrentActor current;

	private final PortalViews views;

	public AlertPagesController(AlertDesk desk, AlertRepository alerts, JdbcAuditLog chain, CurrentActor current,
			PortalViews views) {
		this.desk = desk;
		this.alerts = alerts;
		this.chain = chain;
		this.current = current;
		this.views = views;
	}

	@GetMapping("/access/alerts")
	public String alerts(@RequestParam(defaultValue = "") String state, @RequestParam(defaultValue = "") String severity,
			@RequestParam(defaultValue = "") String organisation, @RequestParam(defaultValue = "") String technique,
			Model model) {
		Actor actor = this.current.require();
		AlertFilter filter = AlertFilter.parse(state, severity, organisation, technique)
			.orElseThrow(() -> new RefusedException(AlertRefusal.INVALID_INPUT, "bad alert filter"));
		List<Alert> list = this.desk.list(actor, filter);
		this.views.common(model, actor, "alerts");
		model.addAttribute("alerts", list);
		model.addAttribute("openedAt", list.stream()
			.collect(java.util.stream.Collectors.toMap(Alert::id, alert -> this.views.at(alert.openedAt()))));
		model.addAttribute("filterState", state);
		model.addAttribute("filterSeverity", severity);
		model.addAttribute("filterOrganisation", organisation);
		model.addAttribute("filterTechnique", technique);
		model.addAttribute("severities", Severity.values());
		model.addAttribute("organisations", this.alerts.organisations());
		model.addAttribute("techniques", this.alerts.techniques());
		return "access/alerts";
	}

	@GetMapping("/access/alerts/{id}")
	public String alert(@PathVariable String id, Model model) {
		Actor actor = this.current.require();
		Alert alert = this.desk.find(actor, id);
		this.views.common(model, actor, "alerts");
		model.addAttribute("alert", alert);
		model.addAttribute("openedAt", this.views.at(alert.openedAt()));
		model.addAttribute("lastSeenAt", this.views.at(alert.lastSeenAt()));
		model.addAttribute("events", events(alert));
		model.addAttribute("moreEvents", Math.max(0, alert.eventSequences().size() - EVENTS_SHOWN));
		model.addAttribute("self", alert.actor().equals(actor.subject()));
		return "access/alert";
	}

	@PostMapping("/access/alerts/{id}/acknowledge")
	public String acknowledge(@PathVariable String id, HttpServletRequest http, RedirectAttributes flash) {
		return this.views.act(flash, back(id), () -> {
			this.desk.acknowledge(this.current.require(), id, http.getRemoteAddr());
			return "Acknowledged: others see that someone is on it.";
		});
	}

	@PostMapping("/access/alerts/{id}/close")
	public String close(@PathVariable String id, HttpServletRequest http, RedirectAttributes flash) {
		return this.views.act(flash, back(id), () -> {
			this.desk.close(this.current.require(), id, http.getRemoteAddr());
			return "Closed. A repeat of the same pattern opens a new alert.";
		});
	}

	/** The challenge the actor's key signs to take a response ({@code revoke-grant}, {@code suspend-person}, {@code suspend-organisation}). */
	@PostMapping(path = "/access/alerts/{id}/{response}/step-up", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	public StepUpChallenge stepUp(@PathVariable String id, @PathVariable String response, HttpServletRequest http) {
		return this.desk.challenge(this.current.require(), id, response(response), http.getRemoteAddr());
	}

	@PostMapping(path = "/access/alerts/{id}/{response}", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	public Map<String, Object> respond(@PathVariable String id, @PathVariable String response,
			@RequestBody(required = false) String body, HttpServletRequest http) {
		StepUpAssertion assertion = new StepUpAssertion(CredentialJson.text(body, "challengeId", 64),
				CredentialJson.member(body, "credential"));
		String done = this.desk.respond(this.current.require(), id, response(response), assertion, http.getRemoteAddr());
		return Map.of("alertId", id, "response", response, "message", done);
	}

	/**
	 * The alert's page, with the id encoded: the id is the client's, and a redirect built from it raw
	 * would put quotes, markup or CR/LF into the Location header.
	 */
	private static String back(String id) {
		return "/access/alerts/" + org.springframework.web.util.UriUtils.encodePathSegment(id,
				java.nio.charset.StandardCharsets.UTF_8);
	}

	private static AlertDesk.Response response(String path) {
		return AlertDesk.Response.ofPath(path)
			.orElseThrow(() -> new RefusedException(AlertRefusal.NOT_FOUND, "no alert response " + path));
	}

	private List<EventRow> events(Alert alert) {
		List<EventRow> rows = new ArrayList<>();
		for (Long sequence : alert.eventSequences().stream().limit(EVENTS_SHOWN).toList()) {
			for (AuditEvent event : this.chain.eventsAfter(sequence - 1, 1)) {
				if (event.sequence() != sequence) {
					continue;
				}
				var entry = event.entry();
				rows.add(new EventRow(event.sequence(), this.views.at(entry.at()), entry.actor(), entry.action(),
						entry.targetId(), entry.outcome(), entry.reason(), entry.clientAddress(), entry.severity().name(),
						entry.details().toString()));
			}
		}
		return rows;
	}

}
