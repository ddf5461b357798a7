package io.keygate.auth.breach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.keygate.policy.breach.BreachWindow;

class HuntReportCsvTest {

	@Test
	void csvWhenCellsCarryFormulasQuotesAndNewlinesThenInertAndQuoted() {
		Instant at = Instant.parse("2026-11-08T10:00:00Z");
		HuntReport.Line line = new HuntReport.Line(7, at, "decision-denied", "access.decision", "=HYPERLINK(\"x\")", "itron",
				"head-end", "", "", "deny", "NO_GRANT", "203.0.113.9", "INFO", "line one\nline, two", "@T1021");
		HuntReport.Report report = new HuntReport.Report("itron", new BreachWindow(at.minusSeconds(60), at.plusSeconds(60)),
				List.of(line), Map.of("decision-denied", 1), false);

		String csv = HuntReport.csv(report);

		assertThat(csv).startsWith("sequence,at,kind,action,actor,");
		assertThat(csv).contains("7,2026-11-08T10:00:00Z,decision-denied,access.decision,\"'=HYPERLINK(\"\"x\"\")\",itron,")
			.contains("\"line one\nline, two\"")
			.contains("\"'@T1021\"");
	}

	@Test
	void kindOfWhenEntryCarriesAlertExplanationThenAlertWhateverItsAction() {
		assertThat(HuntReport.kindOf("breach.receipt.missing", "MISSING", Map.of("alert.explanation", "x"))).isEqualTo("alert");
		assertThat(HuntReport.kindOf("access.decision", "allow", Map.of())).isEqualTo("decision-allowed");
		assertThat(HuntReport.kindOf("access.decision", "deny", Map.of())).isEqualTo("decision-denied");
		assertThat(HuntReport.kindOf("request.approval", "approved", Map.of())).isEqualTo("approval");
		assertThat(HuntReport.kindOf("firmware.upload.refused", "refused", Map.of())).isEqualTo("firmware");
		assertThat(HuntReport.kindOf("webauthn.signin.succeeded", "SUCCEEDED", Map.of())).isEqualTo("sign-in");
	}

}
