package io.keygate.auth.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's tables as CSV files (RFC 4180: every field quoted, quotes doubled, CRLF). A field
 * starting with {@code = + - @} is prefixed with an apostrophe so that a spreadsheet does not run
 * a reason or a ticket a vendor typed as a formula.
 */
public final class EvidenceCsv {

	private EvidenceCsv() {
	}

	/** File name to content: summary, requirements, grants, active, sessions-now, authenticators, terminations, gateways, tls. */
	public static Map<String, String> tables(EvidenceReport report) {
		Map<String, String> files = new LinkedHashMap<>();
		EvidenceReport.Sessions s = report.sessions();
		files.put("summary.csv", csv(List.of("measure", "value"), List.of(
				List.of("period.from", report.from().toString()), List.of("period.to", report.to().toString()),
				List.of("generated.at", report.generatedAt().toString()), List.of("generated.by", report.generatedBy()),
				List.of("grants", Integer.toString(report.grants().size())),
				List.of("active.now", Integer.toString(report.activeNow().size())),
				List.of("sessions.now", Integer.toString(report.recentSessions().size())),
				List.of("requests.allowed", Long.toString(s.allowed())), List.of("requests.denied", Long.toString(s.denied())),
				List.of("sessions", Long.toString(s.distinctSessions())),
				List.of("terminations", Integer.toString(report.terminations().size())),
				List.of("authenticators", Integer.toString(report.authenticators().size())),
				List.of("synced.passkeys.refused", Long.toString(report.syncedPasskeysRefused())),
				List.of("gateways", report.gateways() == null ? "not reported" : Integer.toString(report.gateways().size())),
				List.of("firmware", report.firmware() == null ? "not reported" : report.firmware().allowList().size() + " allowed, "
						+ report.firmware().holds().size() + " holds"),
				List.of("audit.chain", report.chain().status()), List.of("audit.events.verified", Long.toString(report.chain().eventsChecked())),
				List.of("audit.checkpoints", report.chain().checkpointStatus()))));
		files.put("requirements.csv", csv(List.of("requirement", "subject", "keygate", "evidence"), EvidenceRequirements.ALL
			.stream()
			.map(r -> List.of(r.id(), r.title(), r.keygate(), String.join(" ", r.sections())))
			.toList()));
		files.put("grants.csv", grants(report.grants()));
		files.put("active.csv", grants(report.activeNow()));
		files.put("sessions-now.csv", csv(List.of("session", "subject", "organisation", "target", "grant", "last_request",
				"requests"), report.recentSessions()
					.stream()
					.map(r -> List.of(r.session(), r.subject(), r.organisation(), r.target(), r.grant(), r.lastRequest().toString(),
							Long.toString(r.requests())))
					.toList()));
		files.put("authenticators.csv", csv(List.of("subject", "organisation", "roles", "label", "aaguid", "attestation",
				"user_verification", "backup_eligible", "registered", "last_used"), report.authenticators()
					.stream()
					.map(a -> List.of(a.subject(), a.organisation(), a.roles(), a.label(), a.aaguid(), a.attestationFormat(),
							Boolean.toString(a.userVerification()), Boolean.toString(a.backupEligible()), EvidenceHtml.s(a.registeredAt()),
							EvidenceHtml.s(a.lastUsedAt())))
					.toList()));
		files.put("terminations.csv", csv(List.of("sequence", "at", "action", "actor", "scope", "reason", "close_ms"),
				report.terminations()
					.stream()
					.map(t -> List.of(Long.toString(t.sequence()), t.at().toString(), t.action(), t.actor(), t.scope(), t.reason(),
							Long.toString(t.closeMillis())))
					.toList()));
		files.put("gateways.csv", csv(List.of("id", "version", "started", "last_heartbeat", "silent"),
				report.gateways() == null ? List.of()
						: report.gateways()
							.stream()
							.map(g -> List.of(g.id(), g.version(), g.startedAt().toString(), g.lastHeartbeat().toString(),
									Boolean.toString(g.silent())))
							.toList()));
		files.put("tls.csv", csv(List.of("hop", "endpoint", "protection", "setting"),
				report.tls().stream().map(t -> List.of(t.hop(), t.endpoint(), t.protection(), t.source())).toList()));
		return files;
	}

	private static String grants(List<EvidenceReport.GrantRow> grants) {
		return csv(List.of("grant", "request", "subject", "organisation", "target", "level", "not_before", "not_after",
				"requester", "approvers", "reason", "ticket", "ended_at", "ended_by", "end_reason"), grants.stream()
					.map(g -> List.of(g.grantId(), g.requestId(), g.subject(), g.organisation(), g.target(), g.level(),
							g.notBefore().toString(), g.notAfter().toString(), g.requester(), g.approvers(), g.reason(), g.ticket(),
							EvidenceHtml.s(g.endedAt()), n(g.endedBy()), n(g.endReason())))
					.toList());
	}

	static String csv(List<String> header, List<List<String>> rows) {
		List<List<String>> all = new ArrayList<>();
		all.add(header);
		all.addAll(rows);
		StringBuilder out = new StringBuilder();
		for (List<String> row : all) {
			for (int i = 0; i < row.size(); i++) {
				out.append(i == 0 ? "" : ",").append(field(row.get(i)));
			}
			out.append("\r\n");
		}
		return out.toString();
	}

	private static String field(String value) {
		String text = n(value);
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		return "\"" + text.replace("\"", "\"\"") + "\"";
	}

	private static String n(String value) {
		return value == null ? "" : value;
	}

}
