package io.keygate.auth.access.portal;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.keygate.auth.access.AccessQueries;
import io.keygate.auth.access.AccessRefusal;
import io.keygate.auth.account.CurrentActor;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditChainVerifier;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/** The audit page: the catalogue, every grant with how it ended, the audit chain and whether it is intact. */
@Controller
public final class AdminPagesController {

	private final AccessQueries queries;

	private final CurrentActor current;

	private final ObjectProvider<JdbcAuditLog> auditLog;

	private final PortalViews views;

	public AdminPagesController(AccessQueries queries, CurrentActor current, ObjectProvider<JdbcAuditLog> auditLog,
			PortalViews views) {
		this.queries = queries;
		this.current = current;
		this.auditLog = auditLog;
		this.views = views;
	}

	@GetMapping("/access/admin")
	public String admin(@RequestParam(defaultValue = "") String action, @RequestParam(defaultValue = "") String actor,
			@RequestParam(defaultValue = "") String request, Model model) {
		Actor me = this.current.require();
		if (!me.hasRole(Role.SECURITY_ADMIN) && !me.hasRole(Role.APPROVER)) {
			throw new RefusedException(AccessRefusal.NOT_ALLOWED, me.subject() + " opening the admin page");
		}
		this.views.common(model, me, "admin");
		model.addAttribute("targets", this.queries.catalogue());
		model.addAttribute("history", this.queries.grantHistory(me).stream().map(this.views::historyRow).toList());
		JdbcAuditLog audit = this.auditLog.getIfAvailable();
		List<AuditEvent> events = audit == null ? List.of()
				: (action.isBlank() ? audit.latest(1000) : audit.latestByAction(action.strip(), 1000)).stream()
					.filter(e -> actor.isBlank() || e.entry().actor().equals(actor.strip()))
					.filter(e -> request.isBlank() || e.entry().requestId().equals(request.strip()))
					.limit(200)
					.toList();
		model.addAttribute("events", events.stream().map(e -> AuditLines.of(e, this.views::at)).toList());
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

}
