package io.keygate.auth.firmware;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.keygate.auth.access.portal.PortalViews;
import io.keygate.auth.account.CurrentActor;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * The firmware page for security admins: the allow-list (adding is key-confirmed in the browser
 * through {@link FirmwareController}), distrust windows (a form), and held images with Release and
 * Reject (key-confirmed).
 */
@Controller
public final class FirmwarePagesController {

	private final FirmwareAllowList allowList;

	private final FirmwareDistrust distrust;

	private final HeldImageDecisions decisions;

	private final CurrentActor current;

	private final PortalViews views;

	public FirmwarePagesController(FirmwareAllowList allowList, FirmwareDistrust distrust, HeldImageDecisions decisions,
			CurrentActor current, PortalViews views) {
		this.allowList = allowList;
		this.distrust = distrust;
		this.decisions = decisions;
		this.current = current;
		this.views = views;
	}

	@GetMapping("/access/firmware")
	public String firmware(Model model) {
		Actor actor = admin();
		this.views.common(model, actor, "firmware");
		model.addAttribute("entries", this.allowList.entries());
		model.addAttribute("windows", this.distrust.windows());
		model.addAttribute("held", this.decisions.held());
		return "access/firmware";
	}

	/** Times are ISO-8601 instants ({@code 2026-11-01T00:00:00Z}) or, from a date-time field, UTC. */
	@PostMapping("/admin/firmware/windows")
	public String openWindow(@RequestParam(defaultValue = "") String organisation, @RequestParam(defaultValue = "") String start,
			@RequestParam(defaultValue = "") String end, @RequestParam(defaultValue = "") String reason, HttpServletRequest http,
			RedirectAttributes flash) {
		return this.views.act(flash, "/access/firmware", () -> {
			var window = this.distrust.open(admin(), organisation.strip(), instant(start), instant(end), reason,
					http.getRemoteAddr());
			return "Distrust window " + window.id() + " opened for " + window.organisation() + ": its images first seen or listed"
					+ " between " + this.views.at(window.start()) + " and " + this.views.at(window.end()) + " are held.";
		});
	}

	private Actor admin() {
		Actor actor = this.current.require();
		if (!actor.hasRole(Role.SECURITY_ADMIN)) {
			throw new RefusedException(FirmwareRefusal.NOT_SECURITY_ADMIN, actor.subject() + " opened the firmware page");
		}
		return actor;
	}

	private static Instant instant(String text) {
		String value = text.strip();
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException again) {
				throw new RefusedException(FirmwareRefusal.INVALID_WINDOW, "unreadable time '" + value + "'");
			}
		}
	}

}
