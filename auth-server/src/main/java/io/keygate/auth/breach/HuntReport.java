package io.keygate.auth.breach;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Service;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.breach.BreachWindow;

/**
 * What an organisation's accounts did inside a breach window, from the audit chain: sign-ins,
 * requests, approvals, grants, gateway decisions (allowed and denied), firmware uploads and
 * alerts, each line with its chain sequence so an auditor can find it in the verified chain. The
 * detections that fired are the alert lines. Read on demand: the chain is the record, the report
 * is a view of it.
 */
@Service
public class HuntReport {

	/** The most lines one report holds; a longer one says it was cut (the chain has the rest). */
	static final int MAX_LINES = 50_000;

	private final JdbcAuditLog audit;

	public HuntReport(JdbcAuditLog audit) {
		this.audit = audit;
	}

	/** One line of the report. */
	public record Line(long sequence, Instant at, String kind, String action, String actor, String organisation, String target,
			String grant, String request, String outcome, String reason, String clientAddress, String severity,
			String alertExplanation, String technique) {
	}

	/** The report: its lines, counts by kind, and whether it was cut at {@link #MAX_LINES}. */
	public record Report(String organisation, BreachWindow window, List<Line> lines, Map<String, Integer> counts,
			boolean truncated) {

		public List<Line> alerts() {
			return this.lines.stream().filter(l -> l.kind().equals("alert")).toList();
		}

	}

	public Report of(String organisation, BreachWindow window) {
		List<AuditEvent> events = this.audit.eventsOfOrganisation(organisation, window.from(), window.to(), MAX_LINES + 1);
		boolean truncated = events.size() > MAX_LINES;
		List<Line> lines = new ArrayList<>();
		Map<String, Integer> counts = new TreeMap<>();
		for (AuditEvent event : truncated ? events.subList(0, MAX_LINES) : events) {
			var e = event.entry();
			String kind = kindOf(e.action(), e.outcome(), e.details());
			counts.merge(kind, 1, Integer::sum);
			lines.add(new Line(event.sequence(), e.at(), kind, e.action(), e.actor(), e.organisation(), e.targetId(), e.grantId(),
					e.requestId(), e.outcome(), e.reason(), e.clientAddress(), e.severity().name(),
					e.details().getOrDefault("alert.explanation", ""), e.details().getOrDefault("threat.technique.id", "")));
		}
		return new Report(organisation, window, List.copyOf(lines), new LinkedHashMap<>(counts), truncated);
	}

	/** The kind a hunter filters on. An entry carrying an alert explanation is an alert whatever its action. */
	static String kindOf(String action, String outcome, Map<String, String> details) {
		if (action.equals("alert.raised") || details.containsKey("alert.explanation")) {
			return "alert";
		}
		if (action.startsWith("webauthn.") || action.startsWith("enrollment.") || action.startsWith("account.key")) {
			return "sign-in";
		}
		if (action.equals("request.approval") || action.equals("request.denied")) {
			return "approval";
		}
		if (action.startsWith("request.")) {
			return "request";
		}
		if (action.startsWith("grant.") || action.startsWith("subject.") || action.startsWith("organisation.")) {
			return "grant";
		}
		if (action.startsWith("firmware.")) {
			return "firmware";
		}
		if (action.equals("access.decision")) {
			return "allow".equalsIgnoreCase(outcome) ? "decision-allowed"
					: "decision-denied";
		}
		if (action.startsWith("access.")) {
			return "session";
		}
		return "other";
	}

	/** The report as CSV (RFC 4180), one line per event; cells that a spreadsheet would run as formulas are quoted inert. */
	public static String csv(Report report) {
		StringBuilder out = new StringBuilder(
				"sequence,at,kind,action,actor,organisation,target,grant,request,outcome,reason,client_address,severity,alert,technique\r\n");
		for (Line l : report.lines()) {
			out.append(l.sequence()).append(',').append(l.at()).append(',');
			List<String> cells = List.of(l.kind(), l.action(), l.actor(), l.organisation(), l.target(), l.grant(), l.request(),
					l.outcome(), l.reason(), l.clientAddress(), l.severity(), l.alertExplanation(), l.technique());
			for (int i = 0; i < cells.size(); i++) {
				out.append(i == 0 ? "" : ",").append(cell(cells.get(i)));
			}
			out.append("\r\n");
		}
		return out.toString();
	}

	static String cell(String value) {
		String v = value == null ? "" : value;
		// CSV injection: a hunter opens this in a spreadsheet; a value from an attacker must not run.
		if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
			v = "'" + v;
		}
		if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.startsWith("'")) {
			return "\"" + v.replace("\"", "\"\"") + "\"";
		}
		return v;
	}

}
