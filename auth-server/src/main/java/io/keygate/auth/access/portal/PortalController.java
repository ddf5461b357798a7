package io.keygate.auth.access.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.keygate.auth.access.AccessProperties;
import io.keygate.auth.access.AccessRefusal;
import io.keygate.auth.access.AccessRefusedException;
import io.keygate.auth.access.AccessService;
import io.keygate.auth.access.GatewayLinkProperties;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.account.CurrentActor;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.policy.audit.AuditChainVerifier;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest;

/**
 * The portal pages: plain server-rendered HTML for a tired operator at 3 a.m. Every action
 * redirects back with a sentence saying what it did, or why it was refused. Approving is the one
 * place with JavaScript, because the security key is only reachable from the browser.
 */
@Controller
public class PortalController {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

	private final AccessService service;

	private final CurrentActor current;

	private final GatewayLinkProperties gateway;

	private final ObjectProvider<JdbcAuditLog> auditLog;

	private final ZoneId zone;

	private final Clock clock;

	public PortalController(AccessService service, CurrentActor current, GatewayLinkProperties gateway,
			ObjectProvider<JdbcAuditLog> auditLog, AccessProperties properties, Clock clock) {
		this.service = service;
		this.current = current;
		this.gateway = gateway;
		this.auditLog = auditLog;
		this.zone = ZoneId.of(properties.businessZone());
		this.clock = clock;
	}

	/** Sends each person to the page of their main role. */
	@GetMapping("/access")
	public String home() {
		Actor actor = this.current.require();
		if (actor.hasRole(Role.APPROVER)) {
			return "redirect:/access/approver";
		}
		if (actor.hasRole(Role.SECURITY_ADMIN)) {
			return "redirect:/access/admin";
		}
		return "redirect:/access/vendor";
	}

	// ---- vendor engineer ----

	@GetMapping("/access/vendor")
	public String vendor(Model model) {
		Actor actor = this.current.require();
		common(model, actor, "vendor");
		model.addAttribute("targets", this.service.requestableTargets());
		model.addAttribute("choices", this.service.requestableTargets()
			.stream()
			.flatMap(t -> t.levels().keySet().stream().sorted().map(level -> new Choice(t.id() + "/" + level,
					t.name() + " — " + level + " (" + t.tier() + ", at most " + human(t.maxGrant()) + ")")))
			.toList());
		model.addAttribute("suspended", this.service.isSuspended(actor.organisation()));
		model.addAttribute("requests", this.service.myRequests(actor).stream().map(this::row).toList());
		List<GrantRow> grants = this.service.myLiveGrants(actor).stream().map(this::grantRow).toList();
		model.addAttribute("grants", grants);
		model.addAttribute("anyScheduled", grants.stream().anyMatch(GrantRow::scheduled));
		return "access/vendor";
	}

	@PostMapping("/access/vendor/requests")
	public String submit(@RequestParam(required = false) String choice, @RequestParam(required = false) String target,
			@RequestParam(required = false) String level, @RequestParam(required = false) String start,
			@RequestParam(defaultValue = "0") String minutes, @RequestParam(defaultValue = "") String reason,
			@RequestParam(defaultValue = "") String ticket, HttpServletRequest http, RedirectAttributes flash) {
		// The page offers one list of "target/level" pairs so nobody can pick a level the target lacks.
		if (choice != null && choice.indexOf('/') > 0) {
			target = choice.substring(0, choice.indexOf('/'));
			level = choice.substring(choice.indexOf('/') + 1);
		}
		String chosenTarget = target == null ? "" : target;
		String chosenLevel = level == null ? "" : level;
		return submitChosen(chosenTarget, chosenLevel, start, minutes, reason, ticket, http, flash);
	}

	private String submitChosen(String target, String level, String start, String minutes, String reason, String ticket,
			HttpServletRequest http, RedirectAttributes flash) {
		return act(flash, "/access/vendor", () -> {
			AccessRequest request = this.service.submit(this.current.require(),
					new AccessService.Submission(target, level, parseStart(start), parseMinutes(minutes), reason, ticket),
					http.getRemoteAddr());
			return "Request sent: " + level + " access to " + target + " for " + human(request.duration())
					+ ". Approvers have been notified; it expires unanswered at " + at(request.expiresAt()) + ".";
		});
	}

	@PostMapping("/access/vendor/requests/{id}/cancel")
	public String cancel(@PathVariable String id, HttpServletRequest http, RedirectAttributes flash) {
		return act(flash, "/access/vendor", () -> {
			AccessRequest request = this.service.cancel(this.current.require(), id, http.getRemoteAddr());
			return "Request for " + request.targetId() + " cancelled.";
		});
	}

	@PostMapping("/access/vendor/grants/{id}/end")
	public String done(@PathVariable String id, HttpServletRequest http, RedirectAttributes flash) {
		return act(flash, "/access/vendor", () -> {
			AccessService.RevocationResult result = this.service.endOwnGrant(this.current.require(), id,
					http.getRemoteAddr());
			if (!result.scheduledCancelled().isEmpty()) {
				return "Cancelled: your scheduled access will not start.";
			}
			return "Done: your access has ended now. Open sessions are closed by the gateway.";
		});
	}

	// ---- approver ----

	@GetMapping("/access/approver")
	public String approver(Model model) {
		Actor actor = this.current.require();
		common(model, actor, "approver");
		model.addAttribute("queue", this.service.queue(actor)
			.stream()
			.map(item -> new QueueRow(row(item.request()), item.target().name(), item.target().tier().name(),
					item.approvalsNeeded(), item.hints(), item.reviewable(), item.notReviewableBecause()))
			.toList());
		model.addAttribute("grants", this.service.liveGrants(actor).stream().map(this::grantRow).toList());
		return "access/approver";
	}

	@PostMapping("/access/approver/requests/{id}/deny")
	public String deny(@PathVariable String id, @RequestParam(defaultValue = "") String comment, HttpServletRequest http,
			RedirectAttributes flash) {
		return act(flash, "/access/approver", () -> {
			AccessRequest request = this.service.deny(this.current.require(), id, comment, http.getRemoteAddr());
			return "Denied the request of " + request.requester() + " for " + request.targetId() + ". They will see your reason.";
		});
	}

	@PostMapping("/access/approver/grants/{id}/revoke")
	public String revoke(@PathVariable String id, @RequestParam(defaultValue = "") String comment, HttpServletRequest http,
			RedirectAttributes flash) {
		return act(flash, "/access/approver", () -> {
			AccessService.RevocationResult result = this.service.revokeGrant(this.current.require(), id, comment,
					http.getRemoteAddr());
			return "Revoked: " + result.grantsEnded() + (result.grantsEnded() == 1 ? " grant" : " grants")
					+ " ended. The gateways close its sessions as the revocation reaches them." + scheduledNote(result);
		});
	}

	@PostMapping("/access/approver/subjects/{subject}/revoke")
	public String revokeSubject(@PathVariable String subject, @RequestParam(defaultValue = "") String comment,
			HttpServletRequest http, RedirectAttributes flash) {
		return act(flash, "/access/approver", () -> {
			AccessService.RevocationResult result = this.service.revokeSubject(this.current.require(), subject, comment,
					http.getRemoteAddr());
			return "Revoked all access of " + subject + ": " + result.grantsEnded()
					+ (result.grantsEnded() == 1 ? " grant" : " grants") + " ended." + scheduledNote(result);
		});
	}

	@GetMapping("/access/organisations")
	public String organisations(Model model) {
		Actor actor = this.current.require();
		common(model, actor, "organisations");
		List<OrganisationRow> rows = new ArrayList<>();
		for (String organisation : this.service.organisations(actor)) {
			Instant now = this.clock.instant();
			long live = this.service.liveGrants(actor)
				.stream()
				.filter(g -> g.grant().organisation().equals(organisation) && g.isLiveAt(now))
				.count();
			rows.add(new OrganisationRow(organisation, this.service.isSuspended(organisation), live,
					organisation.equals(actor.organisation()),
					this.service.suspensions(actor, organisation).stream().findFirst().map(s -> (s.suspended() ? "Suspended" : "Resumed")
							+ " by " + s.actor() + " at " + at(s.at()) + ": " + s.reason()).orElse("")));
		}
		model.addAttribute("organisations", rows);
		return "access/organisations";
	}

	@PostMapping("/access/organisations/{organisation}/suspend")
	public String suspend(@PathVariable String organisation, @RequestParam(defaultValue = "") String comment,
			HttpServletRequest http, RedirectAttributes flash) {
		return act(flash, "/access/organisations", () -> {
			AccessService.RevocationResult result = this.service.suspend(this.current.require(), organisation, comment,
					http.getRemoteAddr());
			return "Suspended " + organisation + ": " + result.grantsEnded() + (result.grantsEnded() == 1 ? " grant" : " grants")
					+ " ended. Every gateway closes the sessions of those grants as the revocation reaches it." + scheduledNote(result)
					+ " New requests from " + organisation + " are refused until you resume it.";
		});
	}

	@PostMapping("/access/organisations/{organisation}/resume")
	public String resume(@PathVariable String organisation, @RequestParam(defaultValue = "") String comment,
			HttpServletRequest http, RedirectAttributes flash) {
		return act(flash, "/access/organisations", () -> {
			this.service.resume(this.current.require(), organisation, comment, http.getRemoteAddr());
			return "Resumed " + organisation + ". Its people may request access again; ended grants stay ended.";
		});
	}

	// ---- security admin ----

	@GetMapping("/access/admin")
	public String admin(@RequestParam(defaultValue = "") String action, @RequestParam(defaultValue = "") String actor,
			@RequestParam(defaultValue = "") String request, Model model) {
		Actor me = this.current.require();
		if (!me.hasRole(Role.SECURITY_ADMIN) && !me.hasRole(Role.APPROVER)) {
			throw new AccessRefusedException(AccessRefusal.NOT_ALLOWED, me.subject() + " opening the admin page");
		}
		common(model, me, "admin");
		model.addAttribute("targets", this.service.catalogue());
		model.addAttribute("history", this.service.grantHistory(me)
			.stream()
			.map(g -> new HistoryRow(g.grant().subject() + " (" + g.grant().organisation() + ")", g.grant().targetId(),
					g.grant().level(), at(g.grant().notBefore()) + " – " + at(g.grant().notAfter()),
					String.join(", ", g.grant().approvers()),
					ending(g)))
			.toList());
		JdbcAuditLog audit = this.auditLog.getIfAvailable();
		List<AuditEvent> events = audit == null ? List.of()
				: (action.isBlank() ? audit.latest(1000) : audit.latestByAction(action.strip(), 1000)).stream()
					.filter(e -> actor.isBlank() || e.entry().actor().equals(actor.strip()))
					.filter(e -> request.isBlank() || e.entry().requestId().equals(request.strip()))
					.limit(200)
					.toList();
		model.addAttribute("events", events.stream().map(this::auditRow).toList());
		AuditChainVerifier.Verification verification = audit == null ? null : audit.verify();
		model.addAttribute("chainIntact", verification != null && verification.intact());
		model.addAttribute("chainStatus", verification == null ? "No persistent audit log in this deployment."
				: verification.intact() ? "Intact: " + verification.eventsChecked() + " events verified from the first one."
						: "BROKEN at event " + verification.firstBrokenSequence() + ": " + verification.problem());
		model.addAttribute("filterAction", action);
		model.addAttribute("filterActor", actor);
		model.addAttribute("filterRequest", request);
		return "access/admin";
	}

	// ---- rows and helpers ----

	/** A request as the pages show it. */
	public record RequestRow(String id, String requester, String organisation, String target, String level, String window,
			String duration, String reason, String ticket, String state, String created, String expires, String approvals,
			String resolution, boolean pending) {
	}

	public record HistoryRow(String who, String target, String level, String window, String approvers, String ending) {
	}

	/** One "target/level" pair offered by the request form. */
	public record Choice(String value, String label) {
	}

	public record QueueRow(RequestRow request, String targetName, String tier, int approvalsNeeded, List<String> hints,
			boolean reviewable, String notReviewableBecause) {
	}

	/** A live grant, or ({@code scheduled}) one approved to start later: {@code timeLeft} then says when it starts. */
	public record GrantRow(String id, String subject, String organisation, String target, String level, String until,
			String timeLeft, String approvers, String openUrl, boolean scheduled) {
	}

	public record OrganisationRow(String id, boolean suspended, long liveGrants, boolean own, String lastChange) {
	}

	public record AuditRow(long sequence, String at, String actor, String action, String target, String request,
			String outcome, String reason, String client, String severity) {
	}

	private RequestRow row(AccessRequest request) {
		String window = request.start().map(s -> "from " + at(s)).orElse("as soon as approved");
		String approvals = request.approvals().isEmpty() ? "none yet"
				: String.join(", ", request.approvals().stream().map(a -> a.approver()).toList());
		String resolution = request.resolvedBy() == null ? "" : request.state().name().toLowerCase(Locale.ROOT) + " by "
				+ request.resolvedBy() + (request.resolution() == null || request.resolution().isBlank() ? "" : ": " + request.resolution());
		return new RequestRow(request.id(), request.requester(), request.organisation(), request.targetId(), request.level(),
				window, human(request.duration()), request.reason(), request.ticket(), request.state().name(),
				at(request.createdAt()), at(request.expiresAt()), approvals, resolution,
				request.state() == io.keygate.policy.request.RequestState.PENDING);
	}

	private GrantRow grantRow(GrantRecord record) {
		Instant now = this.clock.instant();
		boolean scheduled = record.isScheduledAt(now);
		String timeLeft = scheduled ? "scheduled: starts " + at(record.grant().notBefore())
				: human(record.grant().remainingAt(now)) + " left";
		return new GrantRow(record.grant().id(), record.grant().subject(), record.grant().organisation(),
				record.grant().targetId(), record.grant().level(), at(record.grant().notAfter()), timeLeft,
				String.join(", ", record.grant().approvers()), this.gateway.openLink(record.grant().targetId()), scheduled);
	}

	private String ending(GrantRecord record) {
		Instant now = this.clock.instant();
		switch (record.activation()) {
			case SCHEDULED:
				return record.isScheduledAt(now) ? "scheduled: starts " + at(record.grant().notBefore()) : "never started";
			case CANCELLED:
				return "cancelled before it started, " + at(record.endedAt()) + " by " + record.endedBy() + ": "
						+ record.endReason();
			case EXPIRED:
				return "never started: its window passed before it was activated";
			default:
				if (record.endedAt() != null) {
					return "ended " + at(record.endedAt()) + " by " + record.endedBy() + ": " + record.endReason();
				}
				return record.isLiveAt(now) ? "live" : "ran out";
		}
	}

	private static String scheduledNote(AccessService.RevocationResult result) {
		int scheduled = result.scheduledCancelled().size();
		if (scheduled == 0) {
			return "";
		}
		return " " + scheduled + (scheduled == 1 ? " scheduled grant" : " scheduled grants") + " cancelled: "
				+ (scheduled == 1 ? "it" : "they") + " will not start.";
	}

	private AuditRow auditRow(AuditEvent event) {
		var entry = event.entry();
		return new AuditRow(event.sequence(), at(entry.at()), entry.actor(), entry.action(), entry.targetId(),
				entry.requestId(), entry.outcome(), entry.reason(), entry.clientAddress(), entry.severity().name());
	}

	private void common(Model model, Actor actor, String page) {
		model.addAttribute("me", actor);
		model.addAttribute("page", page);
		model.addAttribute("isApprover", actor.hasRole(Role.APPROVER));
		model.addAttribute("isVendor", actor.hasRole(Role.VENDOR_ENGINEER));
		model.addAttribute("isAdmin", actor.hasRole(Role.SECURITY_ADMIN));
		model.addAttribute("zone", this.zone.getId());
	}

	private String act(RedirectAttributes flash, String back, java.util.function.Supplier<String> action) {
		try {
			flash.addFlashAttribute("notice", action.get());
		}
		catch (AccessRefusedException ex) {
			flash.addFlashAttribute("refusal", "Refused: " + ex.userMessage());
		}
		return "redirect:" + back;
	}

	private String at(Instant instant) {
		return instant == null ? "" : TIME.format(instant.atZone(this.zone)) + " " + this.zone.getId();
	}

	static String human(Duration duration) {
		long minutes = Math.max(0, duration.toMinutes());
		if (minutes < 60) {
			return minutes + " min";
		}
		return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
	}

	private static Optional<Instant> parseStart(String start) {
		if (start == null || start.isBlank()) {
			return Optional.empty();
		}
		try {
			// The form's datetime-local field carries no zone: it is read in UTC, as the page says.
			return Optional.of(java.time.LocalDateTime.parse(start.strip()).toInstant(java.time.ZoneOffset.UTC));
		}
		catch (DateTimeParseException ex) {
			throw new AccessRefusedException(AccessRefusal.INVALID_WINDOW, "start " + start);
		}
	}

	private static Duration parseMinutes(String minutes) {
		try {
			return Duration.ofMinutes(Long.parseLong(minutes.strip()));
		}
		catch (NumberFormatException ex) {
			throw new AccessRefusedException(AccessRefusal.INVALID_WINDOW, "minutes " + minutes);
		}
	}


}
