package io.keygate.auth.access.portal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.keygate.auth.access.AccessQueries;
import io.keygate.auth.access.AccessRefusal;
import io.keygate.auth.access.GrantRevocation;
import io.keygate.auth.access.OrganisationSuspension;
import io.keygate.auth.access.RequestSubmission;
import io.keygate.auth.access.RevocationResult;
import io.keygate.auth.access.portal.PortalViews.Choice;
import io.keygate.auth.access.portal.PortalViews.GrantRow;
import io.keygate.auth.account.CurrentActor;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.request.AccessRequest;

/** The vendor engineer's page: ask for access, withdraw an ask, end a grant early. */
@Controller
public final class VendorPagesController {

	private static final java.util.regex.Pattern MINUTES = java.util.regex.Pattern.compile("[0-9]{1,9}");

	private final RequestSubmission submission;

	private final GrantRevocation revocation;

	private final OrganisationSuspension suspension;

	private final AccessQueries queries;

	private final CurrentActor current;

	private final PortalViews views;

	/** Who was told of a request: the page says it truthfully instead of assuming it. */
	private final org.springframework.beans.factory.ObjectProvider<io.keygate.auth.access.AccessNotifications> notifications;

	public VendorPagesController(org.springframework.beans.factory.ObjectProvider<io.keygate.auth.access.AccessNotifications> notifications,
			RequestSubmission submission, GrantRevocation revocation, OrganisationSuspension suspension,
			AccessQueries queries, CurrentActor current, PortalViews views) {
		this.notifications = notifications;
		this.submission = submission;
		this.revocation = revocation;
		this.suspension = suspension;
		this.queries = queries;
		this.current = current;
		this.views = views;
	}

	@GetMapping("/access/vendor")
	public String vendor(@RequestParam(required = false) String target, Model model) {
		Actor actor = this.current.require();
		this.views.common(model, actor, "vendor");
		model.addAttribute("targets", this.queries.requestableTargets());
		List<Choice> choices = RequestChoices.of(this.queries.requestableTargets());
		model.addAttribute("choices", choices);
		// After a refusal the flash carries what was typed, so nothing has to be typed twice.
		Object typed = model.getAttribute("typedChoice");
		model.addAttribute("selectedChoice",
				RequestChoices.preselected(choices, typed instanceof String s ? s : null, target));
		model.addAttribute("suspended", this.suspension.isSuspended(actor.organisation()));
		model.addAttribute("requests", RequestOutcomes.rows(this.queries.myRequests(actor).stream().map(this.views::row).toList(),
				this.queries.myGrantHistory(actor), actor.subject(), this.views.now()));
		List<GrantRow> grants = this.queries.myLiveGrants(actor).stream().map(this.views::grantRow).toList();
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
		return this.views.act(flash, "/access/vendor", () -> {
			AccessRequest request;
			try {
				request = this.submission.submit(this.current.require(),
						new RequestSubmission.Submission(chosenTarget, chosenLevel, parseStart(start),
								parseMinutes(minutes), reason, ticket),
						http.getRemoteAddr());
			}
			catch (RefusedException ex) {
				flash.addFlashAttribute("typedChoice", chosenTarget + "/" + chosenLevel);
				flash.addFlashAttribute("typedStart", start == null ? "" : start);
				flash.addFlashAttribute("typedMinutes", minutes);
				flash.addFlashAttribute("typedReason", reason);
				flash.addFlashAttribute("typedTicket", ticket);
				throw ex;
			}
			String told = this.notifications.getIfAvailable(() -> io.keygate.auth.access.AccessNotifications.NONE)
				.toldSentence(request.id());
			return "Request sent: " + chosenLevel + " access to " + chosenTarget + " for " + PortalViews.human(request.duration())
					+ ". " + (told.isEmpty() ? "Nobody was notified: no notification channel is configured — tell your admin." : told)
					+ " It expires unanswered at " + this.views.at(request.expiresAt()) + ".";
		});
	}

	@PostMapping("/access/vendor/requests/{id}/cancel")
	public String cancel(@PathVariable String id, HttpServletRequest http, RedirectAttributes flash) {
		return this.views.act(flash, "/access/vendor", () -> {
			AccessRequest request = this.submission.cancel(this.current.require(), id, http.getRemoteAddr());
			return "Request for " + request.targetId() + " cancelled.";
		});
	}

	@PostMapping("/access/vendor/grants/{id}/end")
	public String done(@PathVariable String id, HttpServletRequest http, RedirectAttributes flash) {
		return this.views.act(flash, "/access/vendor", () -> {
			RevocationResult result = this.revocation.endOwnGrant(this.current.require(), id, http.getRemoteAddr());
			if (!result.scheduledCancelled().isEmpty()) {
				return "Cancelled: your scheduled access will not start.";
			}
			return "Done: your access has ended now. Open sessions are closed by the gateway.";
		});
	}

	private Optional<Instant> parseStart(String start) {
		if (start == null || start.isBlank()) {
			return Optional.empty();
		}
		try {
			// The form's datetime-local field carries no zone: it is read in the business zone the page names.
			return Optional.of(LocalDateTime.parse(start.strip()).atZone(this.views.zone()).toInstant());
		}
		catch (DateTimeParseException ex) {
			throw new RefusedException(AccessRefusal.INVALID_WINDOW, "start " + start);
		}
	}

	/**
	 * At most nine ASCII digits: {@code Long.parseLong} alone accepted any long (and non-ASCII
	 * digits), and {@code Duration.ofMinutes(Long.MAX_VALUE)} overflowed into a 500. Nine digits
	 * keep every later instant arithmetic in range; the target's maximum is checked by policy.
	 */
	private static Duration parseMinutes(String minutes) {
		String text = minutes.strip();
		if (!MINUTES.matcher(text).matches()) {
			throw new RefusedException(AccessRefusal.INVALID_WINDOW, "minutes " + minutes);
		}
		return Duration.ofMinutes(Long.parseLong(text));
	}

}
