package io.keygate.auth.evidence;

import java.time.Instant;
import java.util.List;

import org.springframework.web.util.HtmlUtils;

/**
 * The report as one self-contained HTML file (inline style, no script, no external resource), so
 * that it opens the same from the bundle on an auditor's machine as in the portal.
 */
public final class EvidenceHtml {

	private EvidenceHtml() {
	}

	public static String render(EvidenceReport report) {
		StringBuilder html = new StringBuilder(16_384);
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Keygate compliance evidence ")
			.append(esc(day(report.from()))).append(" – ").append(esc(day(report.to())))
			.append("</title>\n<style>body{font-family:sans-serif;max-width:80rem;margin:1rem auto;padding:0 1rem}"
					+ "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #bbb;padding:.2rem .4rem;"
					+ "font-size:.85rem;text-align:left;vertical-align:top}th{background:#eef}.bad{color:#b00020;font-weight:bold}"
					+ ".ok{color:#1e7e34;font-weight:bold}.muted{color:#666}</style></head><body>\n");
		html.append("<h1 id=\"evidence-title\">Keygate compliance evidence</h1>\n<p>Installation <strong>")
			.append(esc(report.installation())).append("</strong>; period <strong id=\"evidence-period\">")
			.append(esc(report.from().toString())).append(" to ").append(esc(report.to().toString()))
			.append("</strong> (end exclusive); generated ").append(esc(report.generatedAt().toString())).append(" by ")
			.append(esc(report.generatedBy())).append(".</p>\n");

		html.append("<h2>Requirements</h2>\n");
		table(html, List.of("Requirement", "Subject", "What Keygate does", "Evidence below"),
				EvidenceRequirements.ALL.stream()
					.map(r -> List.of(r.id(), r.title(), r.keygate(), String.join(", ", r.sections())))
					.toList());

		html.append("<h2 id=\"gateways\">Intermediate system: gateway instances</h2>\n");
		if (report.gateways() == null) {
			html.append("<p class=\"bad\">Gateway instances: not reported (no gateway presence in this deployment).</p>\n");
		}
		else if (report.gateways().isEmpty()) {
			// Presence is wired but nobody heartbeats: no gateway is enforcing anything that can be shown.
			html.append("<p class=\"bad\">Gateway instances: none has reported a heartbeat.</p>\n");
		}
		else {
			table(html, List.of("Gateway", "Version", "Started", "Last heartbeat", "State"), report.gateways()
				.stream()
				.map(g -> List.of(g.id(), g.version(), s(g.startedAt()), s(g.lastHeartbeat()), g.silent() ? "NOT HEARTBEATING" : "live"))
				.toList());
		}
		html.append("<h2 id=\"tls\">Encryption in transit (as configured)</h2>\n");
		table(html, List.of("Hop", "Endpoint", "Protection", "Setting"),
				report.tls().stream().map(t -> List.of(t.hop(), t.endpoint(), t.protection(), t.source())).toList());

		html.append("<h2 id=\"authenticators\">Multi-factor authentication: every registered key</h2>\n<p>No account has a "
				+ "password. Synced passkeys refused at registration in the period: <strong id=\"synced-refused\">")
			.append(report.syncedPasskeysRefused()).append("</strong>.</p>\n");
		table(html, List.of("Person", "Organisation", "Roles", "Key label", "AAGUID (model)", "Attestation", "User verification",
				"Backup eligible", "Registered", "Last used"),
				report.authenticators()
					.stream()
					.map(a -> List.of(a.subject(), a.organisation(), a.roles(), a.label(), a.aaguid(), a.attestationFormat(),
							a.userVerification() ? "yes" : "NO", a.backupEligible() ? "YES (synced)" : "no", s(a.registeredAt()),
							s(a.lastUsedAt())))
					.toList());

		html.append("<h2 id=\"active\">Active vendor access now</h2>\n<p>Live grants:</p>\n");
		grants(html, report.activeNow());
		html.append("<p>Gateway browser sessions with a request in the last ").append(EvidenceCollector.RECENT.toMinutes())
			.append(" minutes (<span id=\"count-sessions-now\">").append(report.recentSessions().size())
			.append("</span>), from the audit log of every gateway:</p>\n");
		table(html, List.of("Session (hash)", "Person", "Organisation", "Target", "Grant", "Last request", "Requests"),
				report.recentSessions()
					.stream()
					.map(r -> List.of(r.session(), r.subject(), r.organisation(), r.target(), r.grant(), s(r.lastRequest()),
							Long.toString(r.requests())))
					.toList());
		EvidenceReport.Sessions sessions = report.sessions();
		html.append("<h2 id=\"sessions\">Gateway sessions in the period</h2>\n<p>Requests allowed <strong id=\"count-allowed\">")
			.append(sessions.allowed()).append("</strong>, denied <strong id=\"count-denied\">").append(sessions.denied())
			.append("</strong>; browser sessions <strong id=\"count-sessions\">").append(sessions.distinctSessions())
			.append("</strong> by ").append(sessions.distinctPeople()).append(" people on ").append(sessions.distinctGrants())
			.append(" grants. Each grant's transcript is in the portal.</p>\n");
		html.append("<h2 id=\"grants\">Grants of the period (<span id=\"count-grants\">").append(report.grants().size())
			.append("</span>)</h2>\n");
		grants(html, report.grants());
		html.append("<h2 id=\"terminations\">Access ended by people (<span id=\"count-terminations\">")
			.append(report.terminations().size()).append("</span>)</h2>\n");
		table(html, List.of("#", "When", "Action", "By", "Scope", "Reason", "Last in-flight response ended after"),
				report.terminations()
					.stream()
					.map(t -> List.of(Long.toString(t.sequence()), s(t.at()), t.action(), t.actor(), t.scope(), t.reason(),
							t.closeMillis() < 0 ? "none in flight" : t.closeMillis() + " ms"))
					.toList());

		html.append("<h2 id=\"firmware\">Software integrity: firmware allow-list and holds</h2>\n");
		if (report.firmware() == null) {
			html.append("<p class=\"bad\">Firmware gate: not reported in this deployment.</p>\n");
		}
		else {
			table(html, List.of("SHA-256", "Vendor", "Model", "Version", "Verified how", "Added by", "Added"),
					report.firmware()
						.allowList()
						.stream()
						.map(f -> List.of(f.sha256(), f.vendor(), f.model(), f.version(), f.verifiedHow(), f.addedBy(), s(f.addedAt())))
						.toList());
			table(html, List.of("SHA-256", "Organisation", "Target", "Uploaded by", "Held", "Decision", "By", "When"),
					report.firmware()
						.holds()
						.stream()
						.map(h -> List.of(h.sha256(), h.organisation(), h.target(), h.uploadedBy(), s(h.heldAt()),
								h.decision().isEmpty() ? "HELD" : h.decision(), h.decidedBy(), s(h.decidedAt())))
						.toList());
		}

		EvidenceReport.Chain chain = report.chain();
		html.append("<h2 id=\"chain\">Audit chain</h2>\n<p class=\"").append(chain.intact() ? "ok" : "bad")
			.append("\" id=\"chain-status\">Chain ").append(esc(chain.status())).append(": ").append(chain.eventsChecked())
			.append(" events verified; head at event ").append(chain.lastSequence()).append(", block hash <code>")
			.append(esc(chain.lastBlockHash())).append("</code>.</p>\n<p id=\"checkpoints\">")
			.append(esc(chain.checkpointStatus())).append("</p>\n");
		table(html, List.of("Block", "Last event", "Block hash", "Signed at", "Key"),
				report.checkpoints()
					.stream()
					.map(c -> List.of(Long.toString(c.block()), Long.toString(c.lastSequence()), c.hash(), s(c.at()), c.keyId()))
					.toList());
		html.append("<p class=\"muted\">Verify a signed bundle of this report: see VERIFY.txt in the bundle.</p>\n</body></html>\n");
		return html.toString();
	}

	private static void grants(StringBuilder html, List<EvidenceReport.GrantRow> grants) {
		table(html, List.of("Grant", "Request", "Person", "Organisation", "Target", "Level", "From", "Until", "Requester",
				"Approvers", "Reason", "Ticket", "Ended"),
				grants.stream()
					.map(g -> List.of(g.grantId(), g.requestId(), g.subject(), g.organisation(), g.target(), g.level(),
							s(g.notBefore()), s(g.notAfter()), g.requester(), g.approvers(), g.reason(), g.ticket(),
							g.endedAt() == null ? "" : s(g.endedAt()) + " by " + g.endedBy() + ": " + g.endReason()))
					.toList());
	}

	private static void table(StringBuilder html, List<String> header, List<List<String>> rows) {
		if (rows.isEmpty()) {
			html.append("<p class=\"muted\">None.</p>\n");
			return;
		}
		html.append("<table><tr>");
		header.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
		html.append("</tr>\n");
		for (List<String> row : rows) {
			html.append("<tr>");
			row.forEach(cell -> html.append("<td>").append(esc(cell)).append("</td>"));
			html.append("</tr>\n");
		}
		html.append("</table>\n");
	}

	static String s(Instant instant) {
		return instant == null ? "" : instant.toString();
	}

	private static String day(Instant instant) {
		return instant.toString().substring(0, 10);
	}

	private static String esc(String text) {
		return text == null ? "" : HtmlUtils.htmlEscape(text);
	}

}
