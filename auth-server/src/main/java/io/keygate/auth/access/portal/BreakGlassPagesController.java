package io.keygate.auth.access.portal;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.keygate.auth.access.webhook.ChannelHealth;
import io.keygate.auth.access.webhook.OutboxChannel;
import io.keygate.auth.account.CurrentActor;
import io.keygate.auth.breakglass.BreakGlassDesk;
import io.keygate.auth.breakglass.BreakGlassRepository;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * Issue 19's page: a vendor engineer opens emergency access here; approvers and admins see every
 * opening and the health of each notification channel; security admins review openings.
 */
@Controller
public final class BreakGlassPagesController {

	/** One channel as the page shows it. */
	public record ChannelRow(String channel, boolean configured, String lastSuccess, String lastError, boolean healthy) {
	}

	/** One opening as the page shows it. */
	public record OpeningRow(String grantId, String who, String target, String level, String reason, String opened,
			String until, String review, boolean pending) {
	}

	private final BreakGlassDesk desk;

	private final BreakGlassRepository repository;

	private final List<OutboxChannel> channels;

	private final ChannelHealth health;

	private final CurrentActor current;

	private final PortalViews views;

	public BreakGlassPagesController(BreakGlassDesk desk, BreakGlassRepository repository, List<OutboxChannel> channels,
			ChannelHealth health, CurrentActor current, PortalViews views) {
		this.desk = desk;
		this.repository = repository;
		this.channels = List.copyOf(channels);
		this.health = health;
		this.current = current;
		this.views = views;
	}

	@GetMapping("/access/break-glass")
	public String page(Model model) {
		Actor me = this.current.require();
		this.views.common(model, me, "break-glass");
		boolean staff = me.hasRole(Role.APPROVER) || me.hasRole(Role.SECURITY_ADMIN);
		model.addAttribute("staff", staff);
		model.addAttribute("myTargets", me.hasRole(Role.VENDOR_ENGINEER) ? this.repository.eligibilities()
			.stream()
			.filter(e -> e.subject().equals(me.subject()))
			.map(BreakGlassRepository.Eligibility::targetId)
			.toList() : List.of());
		model.addAttribute("openings", staff ? this.desk.openings(me).stream().map(this::row).toList() : List.of());
		model.addAttribute("channels", staff ? channelRows() : List.of());
		model.addAttribute("noChannel", this.channels.stream().noneMatch(OutboxChannel::enabled));
		return "access/break-glass";
	}

	@PostMapping("/access/break-glass/open")
	public String open(@RequestParam(defaultValue = "") String target, @RequestParam(defaultValue = "") String level,
			@RequestParam(defaultValue = "") String reason, HttpServletRequest http, RedirectAttributes flash) {
		return this.views.act(flash, "/access/break-glass", () -> {
			BreakGlassDesk.Opened opened = this.desk.open(this.current.require(), target, level, reason, http.getRemoteAddr());
			return "Emergency " + opened.grant().level() + " access to " + opened.grant().targetId() + " is open until "
					+ this.views.at(opened.grant().notAfter()) + ". It will be reviewed. " + opened.notified();
		});
	}

	@PostMapping("/access/break-glass/{grantId}/review")
	public String review(@PathVariable String grantId, @RequestParam(defaultValue = "") String decision,
			@RequestParam(defaultValue = "") String note, HttpServletRequest http, RedirectAttributes flash) {
		return this.views.act(flash, "/access/break-glass", () -> {
			BreakGlassRepository.Opening reviewed = this.desk.review(this.current.require(), grantId, "misuse".equals(decision),
					note, http.getRemoteAddr());
			return reviewed.review() == BreakGlassRepository.Review.MISUSE
					? "Marked as misuse: " + reviewed.subject() + " is disabled and all their access has ended."
					: "Approved in hindsight.";
		});
	}

	private List<ChannelRow> channelRows() {
		var states = this.health.all();
		return this.channels.stream().map(channel -> {
			var state = states.stream().filter(s -> s.channel().equals(channel.name())).findFirst();
			String success = state.map(s -> this.views.at(s.lastSuccessAt())).orElse("");
			String error = state.filter(s -> s.lastErrorAt() != null)
				.map(s -> this.views.at(s.lastErrorAt()) + ": " + s.lastError())
				.orElse("");
			boolean healthy = channel.enabled() && state.map(s -> s.lastErrorAt() == null
					|| (s.lastSuccessAt() != null && s.lastSuccessAt().isAfter(s.lastErrorAt()))).orElse(true);
			return new ChannelRow(channel.name(), channel.enabled(), success, error, healthy);
		}).toList();
	}

	private OpeningRow row(BreakGlassRepository.Opening o) {
		String review = switch (o.review()) {
			case PENDING_REVIEW -> "NOT REVIEWED";
			case APPROVED_IN_HINDSIGHT -> "approved in hindsight by " + o.reviewedBy() + ": " + o.reviewNote();
			case MISUSE -> "MISUSE (account disabled) by " + o.reviewedBy() + ": " + o.reviewNote();
		};
		return new OpeningRow(o.grantId(), o.subject() + " (" + o.organisation() + ")", o.targetId(), o.level(), o.reason(),
				this.views.at(o.openedAt()), this.views.at(o.notAfter()), review,
				o.review() == BreakGlassRepository.Review.PENDING_REVIEW);
	}

}
