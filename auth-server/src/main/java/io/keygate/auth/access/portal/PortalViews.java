package io.keygate.auth.access.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.keygate.auth.access.AccessProperties;
import io.keygate.auth.access.AccountStates;
import io.keygate.auth.access.GatewayLinkProperties;
import io.keygate.auth.access.RevocationResult;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.account.AccountOrigins;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest;
import io.keygate.policy.request.RequestState;

/**
 * What every portal page shares: the rows the templates show, times in the business zone, the
 * page frame, and how an action answers (a sentence saying what it did, or why it was refused).
 */
@Component
public final class PortalViews {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

	private final GatewayLinkProperties gateway;

	private final ZoneId zone;

	private final Clock clock;

	private final AccountStates states;

	private final AccountOrigins origins;

	public PortalViews(GatewayLinkProperties gateway, AccessProperties properties, AccountStates states, Clock clock,
			AccountOrigins origins) {
		this.states = states;
		this.origins = origins;
		this.gateway = gateway;
		this.zone = ZoneId.of(properties.businessZone());
		this.clock = clock;
	}

	/** A request as the pages show it. */
	public record RequestRow(String id, String requester, String organisation, String target, String level, String window,
			String duration, String reason, String ticket, String state, String created, String expires, String approvals,
			String resolution, boolean pending) {
	}

	public record HistoryRow(String who, String target, String level, String window, String approvers, String ending,
			String subject, String grantId, String requestId) {
	}

	/** One "target/level" pair offered by the request form. */
	public record Choice(String value, String label) {
	}

	/** {@code requesterStatus}: the requester's account now; anything but "active" shows as a badge. */
	public record QueueRow(RequestRow request, String targetName, String tier, int approvalsNeeded, List<String> hints,
			boolean reviewable, String notReviewableBecause, String requesterStatus) {
	}

	/** A live grant, or ({@code scheduled}) one approved to start later: {@code timeLeft} then says when it starts. */
	public record GrantRow(String id, String subject, String organisation, String target, String level, String until,
			String timeLeft, String approvers, String openUrl, boolean scheduled, String holderStatus) {
	}

	public record OrganisationRow(String id, boolean suspended, long liveGrants, boolean own, String lastChange) {
	}

	public record AuditRow(long sequence, String at, String actor, String action, String target, String request,
			String outcome, String reason, String client, String severity) {
	}

	RequestRow row(AccessRequest request) {
		String window = request.start().map(s -> "from " + at(s)).orElse("as soon as approved");
		String approvals = request.approvals().isEmpty() ? "none yet"
				: String.join(", ", request.approvals().stream().map(a -> a.approver()).toList());
		String resolution = request.resolvedBy() == null ? "" : request.state().name().toLowerCase(Locale.ROOT) + " by "
				+ request.resolvedBy() + (request.resolution() == null || request.resolution().isBlank() ? "" : ": " + request.resolution());
		return new RequestRow(request.id(), request.requester(), request.organisation(), request.targetId(), request.level(),
				window, human(request.duration()), request.reason(), request.ticket(), request.state().name(),
				at(request.createdAt()), at(request.expiresAt()), approvals, resolution,
				request.state() == RequestState.PENDING);
	}

	GrantRow grantRow(GrantRecord record) {
		Instant now = this.clock.instant();
		boolean scheduled = record.isScheduledAt(now);
		String timeLeft = scheduled ? "scheduled: starts " + at(record.grant().notBefore())
				: human(record.grant().remainingAt(now)) + " left";
		return new GrantRow(record.grant().id(), record.grant().subject(), record.grant().organisation(),
				record.grant().targetId(), record.grant().level(), at(record.grant().notAfter()), timeLeft,
				String.join(", ", record.grant().approvers()), this.gateway.openLink(record.grant().targetId()), scheduled,
				this.states.label(record.grant().subject()));
	}

	HistoryRow historyRow(GrantRecord g) {
		return new HistoryRow(g.grant().subject() + " (" + g.grant().organisation() + ")", g.grant().targetId(),
				g.grant().level(), at(g.grant().notBefore()) + " – " + at(g.grant().notAfter()),
				String.join(", ", g.grant().approvers()), ending(g), g.grant().subject(), g.grant().id(), g.grant().requestId());
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

	AuditRow auditRow(AuditEvent event) {
		var entry = event.entry();
		return new AuditRow(event.sequence(), at(entry.at()), entry.actor(), entry.action(), entry.targetId(),
				entry.requestId(), entry.outcome(), entry.reason(), entry.clientAddress(), entry.severity().name());
	}

	static String scheduledNote(RevocationResult result) {
		int scheduled = result.scheduledCancelled().size();
		if (scheduled == 0) {
			return "";
		}
		return " " + scheduled + (scheduled == 1 ? " scheduled grant" : " scheduled grants") + " cancelled: "
				+ (scheduled == 1 ? "it" : "they") + " will not start.";
	}

	static String grants(int count) {
		return count + (count == 1 ? " grant" : " grants");
	}

	/** The page frame: who is signed in, which tab, which menus their roles open. */
	public void common(Model model, Actor actor, String page) {
		model.addAttribute("me", actor);
		model.addAttribute("page", page);
		model.addAttribute("isApprover", actor.hasRole(Role.APPROVER));
		model.addAttribute("isVendor", actor.hasRole(Role.VENDOR_ENGINEER));
		model.addAttribute("isAdmin", actor.hasRole(Role.SECURITY_ADMIN));
		// Separation of duties made visible: the lone admin is warned, and a disabled person is
		// marked wherever staff see them listed.
		boolean staff = actor.hasRole(Role.SECURITY_ADMIN) || actor.hasRole(Role.APPROVER);
		model.addAttribute("singleAdminWarning",
				actor.hasRole(Role.SECURITY_ADMIN) && this.origins.activeWithRole(Role.SECURITY_ADMIN) <= 1);
		model.addAttribute("disabledPeople", staff ? this.origins.disabledSubjects() : java.util.Set.of());
		model.addAttribute("zone", this.zone.getId());
	}

	/**
	 * Runs a form action and redirects back to {@code back}: post/redirect/get, so a reload never
	 * repeats a revocation. The refusal's sentence is shown; its detail went to the log and audit.
	 */
	public String act(RedirectAttributes flash, String back, Supplier<String> action) {
		try {
			flash.addFlashAttribute("notice", action.get());
		}
		catch (RefusedException ex) {
			flash.addFlashAttribute("refusal", "Refused: " + ex.userMessage());
		}
		return "redirect:" + back;
	}

	public String at(Instant instant) {
		return instant == null ? "" : TIME.format(instant.atZone(this.zone)) + " " + this.zone.getId();
	}

	public ZoneId zone() {
		return this.zone;
	}

	public Instant now() {
		return this.clock.instant();
	}

	static String human(Duration duration) {
		// Under a minute in seconds: a 1-minute grant read "0 min left" for its whole last minute.
		if (duration.toSeconds() < 60) {
			return Math.max(0, duration.toSeconds()) + " s";
		}
		long minutes = duration.toMinutes();
		if (minutes < 60) {
			return minutes + " min";
		}
		return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
	}

}
