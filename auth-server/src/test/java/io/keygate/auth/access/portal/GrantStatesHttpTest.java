package io.keygate.auth.access.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.access.grant.GrantActivation;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/** What the vendor's page says about a grant as it runs down and after it is over. */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.gateway.public-url=https://gateway.utility.example" })
class GrantStatesHttpTest extends KeygateHttpTest {

	TestClient vendor;

	TestClient approver;

	VirtualKey approverKey;

	String run;

	@BeforeEach
	void people() {
		this.run = UUID.randomUUID().toString().substring(0, 8);
		this.vendor = enroll(VirtualKey.packed(), "gus-" + this.run + "@abb" + this.run + ".example", Role.VENDOR_ENGINEER);
		this.approverKey = VirtualKey.packed();
		this.approver = enroll(this.approverKey, "ida-" + this.run + "@utility.example", Role.APPROVER);
	}

	private String approvedOneMinuteGrant() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("choice", "head-end/read");
		fields.put("minutes", "1");
		fields.put("reason", "quick look");
		fields.put("ticket", "CHG-" + this.run);
		PortalPagesHttpTest.submitForm(this.vendor, "/access/vendor/requests", fields);
		String id = this.vendor.getJson("/api/v1/requests").json().get(0).get("id").asString();
		TestClient.Response challenge = this.approver.post("/api/v1/requests/" + id + "/step-up", "{}");
		String credential = this.approverKey.get(challenge.json().get("publicKey"));
		TestClient.Response approved = this.approver.post("/api/v1/requests/" + id + "/approvals", "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"comment\":\"\",\"credential\":" + credential + "}");
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);
		return approved.json().get("grant").get("id").asString();
	}

	@Test
	void vendorPageWhenOneMinuteGrantLiveThenShowsSecondsNeverZeroMinutes() {
		approvedOneMinuteGrant();

		String page = this.vendor.get("/access/vendor").body();

		assertThat(page).containsPattern("<strong>[1-6]?[0-9] s left</strong>").doesNotContain("0 min left");
		assertThat(page).contains("<span class=\"state-APPROVED\">APPROVED</span>");
	}

	@Test
	void vendorPageWhenHolderSaidDoneThenRequestShowsEndedNotApproved() {
		String grantId = approvedOneMinuteGrant();

		String page = PortalPagesHttpTest.submitForm(this.vendor, "/access/vendor/grants/" + grantId + "/end", Map.of()).body();

		assertThat(page).contains("Done: your access has ended now.")
			.contains("<span class=\"state-ENDED\">ENDED</span>")
			.doesNotContain("<span class=\"state-APPROVED\">");
	}

	@Test
	void shownStateWhenGrantRanOutOrWasRevokedThenSaysSo() {
		Instant start = Instant.parse("2026-11-25T10:00:00Z");
		Grant grant = new Grant("g-1", "gus", "abb", "head-end", "read", start, start.plus(Duration.ofMinutes(1)), "r-1",
				java.util.List.of("ida"));
		GrantRecord live = GrantRecord.activated(grant, start);
		assertThat(RequestOutcomes.shownState(live, "gus", start.plusSeconds(30))).isEqualTo("APPROVED");
		assertThat(RequestOutcomes.shownState(live, "gus", start.plusSeconds(60))).isEqualTo("EXPIRED");
		GrantRecord revoked = new GrantRecord(grant, start, GrantActivation.ACTIVATED, start, start.plusSeconds(10), "ida",
				"stolen laptop");
		assertThat(RequestOutcomes.shownState(revoked, "gus", start.plusSeconds(30))).isEqualTo("REVOKED");
		GrantRecord cancelled = new GrantRecord(grant, start, GrantActivation.CANCELLED, null, start, "ida", "no");
		assertThat(RequestOutcomes.shownState(cancelled, "gus", start.plusSeconds(30))).isEqualTo("CANCELLED");
	}

}
