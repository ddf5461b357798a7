package io.keygate.auth.access.portal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.keygate.auth.access.AccessRefusal;
import io.keygate.auth.account.CurrentActor;
import io.keygate.auth.admin.InvitationDesk;
import io.keygate.auth.admin.UserAdministrationService;
import io.keygate.auth.enrollment.InvitationRepository;
import io.keygate.auth.enrollment.InvitationService;
import io.keygate.auth.enrollment.InvitationState;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * The security admin's People page: everyone with their status, the invitations still open, an
 * invitation form whose links stay listed (a second invitation adds a link, it never replaces the
 * first), and disable with a confirmation step and a sentence saying what it did. Enabling needs
 * the admin's key touch, which the account page's script performs.
 */
@Controller
public final class PeoplePagesController {

	/** One-time links this admin created in this browser session: shown until they sign out. */
	private static final String LINKS = PeoplePagesController.class.getName() + ".links";

	private final UserAdministrationService administration;

	private final InvitationDesk desk;

	private final InvitationRepository invitations;

	private final CurrentActor current;

	private final PortalViews views;

	public PeoplePagesController(UserAdministrationService administration, InvitationDesk desk,
			InvitationRepository invitations, CurrentActor current, PortalViews views) {
		this.administration = administration;
		this.desk = desk;
		this.invitations = invitations;
		this.current = current;
		this.views = views;
	}

	public record PersonRow(String subject, String name, String email, String organisation, String roles, String status,
			boolean disabled, boolean self) {
	}

	public record InvitationRow(String email, String name, String organisation, String roles, String state, String invitedBy,
			String expires) {
	}

	public record IssuedLink(String email, String link, String state) implements java.io.Serializable {
	}

	private Actor requireAdmin(String what) {
		Actor me = this.current.require();
		if (!me.hasRole(Role.SECURITY_ADMIN)) {
			throw new RefusedException(AccessRefusal.NOT_ALLOWED, me.subject() + " " + what);
		}
		return me;
	}

	@GetMapping("/access/people")
	public String people(@RequestParam(required = false) String disable, HttpSession session, Model model) {
		Actor me = requireAdmin("opening the people page");
		this.views.common(model, me, "people");
		List<PersonRow> people = this.administration.users()
			.stream()
			.map(a -> new PersonRow(a.subject(), a.displayName(), a.email(), a.organisation(), roles(a.roles()),
					a.status().name(), "DISABLED".equals(a.status().name()), a.subject().equals(me.subject())))
			.toList();
		model.addAttribute("people", people);
		Instant now = this.views.now();
		model.addAttribute("invitations", this.invitations.findOpen()
			.stream()
			.filter(i -> i.expiresAt().isAfter(now))
			.map(i -> new InvitationRow(i.email(), i.displayName(), i.organisation(), roles(i.roles()),
					i.state() == InvitationState.AWAITING_CONFIRMATION ? "waits for a second admin's confirmation"
							: "link issued, not used yet",
					i.invitedBy(), this.views.at(i.expiresAt())))
			.toList());
		model.addAttribute("links", links(session));
		model.addAttribute("confirmDisable",
				disable == null ? null : people.stream().filter(p -> p.subject().equals(disable) && !p.disabled()).findFirst().orElse(null));
		model.addAttribute("singleAdmin", this.desk.singleAdmin());
		return "access/people";
	}

	@PostMapping("/access/people/invitations")
	public String invite(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String email,
			@RequestParam(defaultValue = "") String organisation, @RequestParam(defaultValue = "VENDOR_ENGINEER") String role,
			@RequestParam(defaultValue = "false") boolean bootstrap, HttpServletRequest http, HttpSession session,
			RedirectAttributes flash) {
		return this.views.act(flash, "/access/people", () -> {
			Actor me = requireAdmin("inviting");
			Role chosen;
			try {
				chosen = Role.valueOf(role.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new RefusedException(AccessRefusal.INVALID_INPUT, "role " + role);
			}
			if (email.isBlank() || name.isBlank() || organisation.isBlank() || email.length() > 254 || name.length() > 128
					|| organisation.length() > 128) {
				throw new RefusedException(AccessRefusal.INVALID_INPUT, "invitation fields blank or too long");
			}
			InvitationService.Issued issued = this.desk.request(me, email, name, organisation, Set.of(chosen), false, bootstrap,
					http.getRemoteAddr());
			boolean works = issued.invitation().state() == InvitationState.ISSUED;
			links(session).add(0, new IssuedLink(issued.invitation().email(), issued.link(),
					works ? "works now" : "refused until a second security admin confirms it"));
			return "Invitation for " + issued.invitation().email() + " created: send them the one-time link below"
					+ (works ? "." : ". It works once a second security admin confirms it with their key.");
		});
	}

	@PostMapping("/access/people/{subject}/disable")
	public String disable(@PathVariable String subject, HttpServletRequest http, RedirectAttributes flash) {
		return this.views.act(flash, "/access/people", () -> {
			Actor me = requireAdmin("disabling " + subject);
			var cutOff = this.administration.disable(me, subject, http.getRemoteAddr());
			int ended = cutOff.revocation().grantIds().size();
			return "Disabled " + subject + ": they can no longer sign in; " + PortalViews.grants(ended) + " ended"
					+ PortalViews.scheduledNote(cutOff.revocation()) + (cutOff.approvalsWithdrawnFrom().isEmpty() ? ""
							: " Their approvals were withdrawn from " + cutOff.approvalsWithdrawnFrom().size() + " pending request(s).");
		});
	}

	@SuppressWarnings("unchecked")
	private static List<IssuedLink> links(HttpSession session) {
		Object links = session.getAttribute(LINKS);
		if (links instanceof List<?> list) {
			return (List<IssuedLink>) list;
		}
		List<IssuedLink> fresh = new ArrayList<>();
		session.setAttribute(LINKS, fresh);
		return fresh;
	}

	private static String roles(Set<Role> roles) {
		return String.join(", ", roles.stream().map(Role::name).sorted().toList());
	}


}
