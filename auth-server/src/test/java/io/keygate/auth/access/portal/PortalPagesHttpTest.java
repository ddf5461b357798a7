package io.keygate.auth.access.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;

/**
 * The portal pages through real HTTP as each kind of person sees them: every action answers with
 * a sentence saying what it did, every refusal says why.
 */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.gateway.public-url=https://gateway.utility.example" })
class PortalPagesHttpTest extends KeygateHttpTest {

	String run;

	String vendorOrg;

	VirtualKey approverKey;

	TestClient vendor;

	TestClient approver;

	@BeforeEach
	void people() {
		this.run = UUID.randomUUID().toString().substring(0, 8);
		this.vendorOrg = "landis" + this.run + "-example";
		this.vendor = enroll(VirtualKey.packed(), "lea-" + this.run + "@landis" + this.run + ".example", Role.VENDOR_ENGINEER);
		this.approverKey = VirtualKey.packed();
		this.approver = enroll(this.approverKey, "otto-" + this.run + "@utility.example", Role.APPROVER);
	}

	/** Posts an HTML form as the browser does (CSRF token included) and follows the redirect back. */
	static TestClient.Response submitForm(TestClient client, String path, Map<String, String> fields) {
		if (client.csrf() == null) {
			client.get("/login");
		}
		String form = fields.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		TestClient.Response posted = client.send(HttpRequest.newBuilder(client.uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.header("X-XSRF-TOKEN", client.csrf())
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
		assertThat(posted.status()).as(path + " -> " + posted.body()).isEqualTo(302);
		return client.get(posted.header("Location"));
	}

	private String requestHeadEnd() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("choice", "head-end/read");
		fields.put("minutes", "60");
		fields.put("reason", "check meter firmware");
		fields.put("ticket", "CHG-" + this.run);
		TestClient.Response page = submitForm(this.vendor, "/access/vendor/requests", fields);
		assertThat(page.body()).contains("Request sent: read access to head-end for 1 h.");
		return this.vendor.getJson("/api/v1/requests").json().get(0).get("id").asString();
	}

	@Test
	void vendorPageWhenSignedInThenShowsTargetsFormAndRequests() {
		TestClient.Response home = this.vendor.get("/access");
		assertThat(home.status()).isEqualTo(302);
		assertThat(home.header("Location")).endsWith("/access/vendor");

		TestClient.Response page = this.vendor.get("/access/vendor");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Ask for access").contains("value=\"head-end/operate\"")
			.contains("AMI head-end — read (STANDARD, at most 8 h)").doesNotContain("historian")
			.contains("You have no live access right now.");
		requestHeadEnd();
		assertThat(this.vendor.get("/access/vendor").body()).contains("PENDING").contains("Cancel");
	}

	@Test
	void approverPageWhenRequestWaitsThenQueueWithHintsAndAfterApprovalVendorSeesOpenLink() {
		String id = requestHeadEnd();

		TestClient.Response queue = this.approver.get("/access/approver");
		assertThat(queue.status()).isEqualTo(200);
		assertThat(queue.body()).contains("lea-" + this.run).contains("first request from " + this.vendorOrg)
			.contains("Approve with security key").contains("CHG-" + this.run);

		TestClient.Response challenge = this.approver.post("/api/v1/requests/" + id + "/step-up", "{}");
		String credential = this.approverKey.get(challenge.json().get("publicKey"));
		assertThat(this.approver.post("/api/v1/requests/" + id + "/approvals", "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"comment\":\"\",\"credential\":" + credential + "}")
			.status()).isEqualTo(200);

		TestClient.Response mine = this.vendor.get("/access/vendor");
		assertThat(mine.body()).contains("https://gateway.utility.example/t/head-end/").contains("left").contains("I'm done");
		assertThat(this.approver.get("/access/approver").body()).contains("Revoke");

		String grantId = this.vendor.getJson("/api/v1/grants").json().get(0).get("id").asString();
		TestClient.Response done = submitForm(this.vendor, "/access/vendor/grants/" + grantId + "/end", Map.of());
		assertThat(done.body()).contains("Done: your access has ended now.");
	}

	private String requestHeadEndFrom(String startUtc) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("choice", "head-end/read");
		fields.put("start", startUtc);
		fields.put("minutes", "60");
		fields.put("reason", "planned firmware rollout");
		fields.put("ticket", "CHG-" + this.run);
		assertThat(submitForm(this.vendor, "/access/vendor/requests", fields).body()).contains("Request sent");
		return this.vendor.getJson("/api/v1/requests").json().get(0).get("id").asString();
	}

	@Test
	void approveWhenWindowStartsLaterThenPagesShowItScheduledNotLiveAndAnOverlappingOneIsRefusedSayingWhy() {
		String start = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)
			.plusDays(2)
			.withSecond(0)
			.withNano(0)
			.toString();
		String id = requestHeadEndFrom(start);
		TestClient.Response challenge = this.approver.post("/api/v1/requests/" + id + "/step-up", "{}");
		String credential = this.approverKey.get(challenge.json().get("publicKey"));
		TestClient.Response approved = this.approver.post("/api/v1/requests/" + id + "/approvals", "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"comment\":\"\",\"credential\":" + credential + "}");
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);
		assertThat(approved.json().get("message").asString()).startsWith("Approved. Access is scheduled: it starts at ");
		assertThat(approved.json().get("grant").get("state").asString()).isEqualTo("SCHEDULED");

		TestClient.Response mine = this.vendor.get("/access/vendor");
		assertThat(mine.body()).contains("scheduled: starts").contains("Scheduled access is not usable yet")
			.doesNotContain("https://gateway.utility.example/t/head-end/")
			.doesNotContain("I'm done");
		assertThat(this.vendor.getJson("/api/v1/grants").json().get(0).get("state").asString()).isEqualTo("SCHEDULED");
		assertThat(this.vendor.getJson("/api/v1/grants").json().get(0).get("secondsLeft").asLong()).isZero();
		assertThat(this.approver.get("/access/approver").body()).contains("scheduled: starts").contains("lea-" + this.run);

		String overlapping = requestHeadEndFrom(start);
		assertThat(this.approver.get("/access/approver").body()).contains("overlaps a scheduled grant until");
		TestClient.Response refused = this.approver.post("/api/v1/requests/" + overlapping + "/step-up", "{}");
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.code()).isEqualTo("GRANT_OVERLAP");
		assertThat(refused.detail()).startsWith("lea-" + this.run + "@landis" + this.run + ".example is already approved for"
				+ " head-end from ").endsWith("Approve a window that does not overlap it, or revoke that grant first.");

		String grantId = approved.json().get("grant").get("id").asString();
		TestClient.Response cancelled = submitForm(this.vendor, "/access/vendor/grants/" + grantId + "/end", Map.of());
		assertThat(cancelled.body()).contains("Cancelled: your scheduled access will not start.")
			.contains("You have no live access right now.");
	}

	@Test
	void denyWhenNoCommentThenPageSaysWhyAndRequestStaysPending() {
		String id = requestHeadEnd();

		TestClient.Response page = submitForm(this.approver, "/access/approver/requests/" + id + "/deny", Map.of("comment", ""));

		assertThat(page.body()).contains("Refused: Say why you deny the request");
		assertThat(this.vendor.getJson("/api/v1/requests/" + id).json().get("state").asString()).isEqualTo("PENDING");
		TestClient.Response denied = submitForm(this.approver, "/access/approver/requests/" + id + "/deny",
				Map.of("comment", "no change window tonight"));
		assertThat(denied.body()).contains("Denied the request of lea-" + this.run);
		assertThat(this.vendor.get("/access/vendor").body()).contains("no change window tonight");
	}

	@Test
	void suspendWhenApproverSuspendsVendorThenPageReportsGrantsEndedAndVendorIsToldWhy() {
		String id = requestHeadEnd();
		TestClient.Response challenge = this.approver.post("/api/v1/requests/" + id + "/step-up", "{}");
		this.approver.post("/api/v1/requests/" + id + "/approvals", "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"comment\":\"\",\"credential\":"
				+ this.approverKey.get(challenge.json().get("publicKey")) + "}");

		assertThat(this.approver.get("/access/organisations").body()).contains(this.vendorOrg).contains("Suspend " + this.vendorOrg);
		TestClient.Response page = submitForm(this.approver, "/access/organisations/" + this.vendorOrg + "/suspend",
				Map.of("comment", "breach reported"));

		assertThat(page.body()).contains("Suspended " + this.vendorOrg + ": 1 grant ended.").contains("SUSPENDED");
		TestClient.Response vendorPage = this.vendor.get("/access/vendor");
		assertThat(vendorPage.body()).contains("Your organisation's access is suspended").contains("You have no live access");
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("target", "head-end");
		fields.put("level", "read");
		fields.put("minutes", "30");
		fields.put("reason", "again");
		fields.put("ticket", "CHG-2");
		assertThat(submitForm(this.vendor, "/access/vendor/requests", fields).body())
			.contains("Refused: Your organisation&#39;s access is suspended.");

		assertThat(submitForm(this.approver, "/access/organisations/" + this.vendorOrg + "/resume", Map.of()).body())
			.contains("Resumed " + this.vendorOrg);
	}

	@Test
	void formWhenPostedWithThePagesHiddenCsrfFieldThenAcceptedAndWithoutItForbidden() {
		String page = this.vendor.get("/access/vendor").body();
		java.util.regex.Matcher hidden = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		assertThat(hidden.find()).as("the form carries a CSRF field").isTrue();
		String form = "target=head-end&level=read&minutes=30&reason=r&ticket=t";

		TestClient.Response without = this.vendor.send(HttpRequest.newBuilder(this.vendor.uri("/access/vendor/requests"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
		TestClient.Response with = this.vendor.send(HttpRequest.newBuilder(this.vendor.uri("/access/vendor/requests"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + URLEncoder.encode(hidden.group(1), StandardCharsets.UTF_8)))
			.build());

		assertThat(without.status()).isEqualTo(403);
		assertThat(with.status()).isEqualTo(302);
		assertThat(this.vendor.getJson("/api/v1/requests").json().size()).isEqualTo(1);
	}

	@Test
	void approverPageWhenVendorOpensItThenRefusedWithReason() {
		TestClient.Response page = this.vendor.get("/access/approver");

		assertThat(page.status()).isEqualTo(403);
		assertThat(page.body()).contains("You are not allowed to do this.").doesNotContain("Exception");
	}

	@Test
	void adminPageWhenSecurityAdminThenCatalogueReadOnlyAndChainIntact() {
		TestClient admin = enroll(VirtualKey.packed(), "sec-" + this.run + "@utility.example", Role.SECURITY_ADMIN);
		requestHeadEnd();

		TestClient.Response page = admin.get("/access/admin");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Intact:").contains("DECOY").contains("head-end").contains("request.submitted")
			.contains("Grant history");
		assertThat(admin.get("/access/admin?action=request.submitted&actor=lea-" + this.run + "@landis" + this.run + ".example")
			.body()).contains("request.submitted").doesNotContain("enrollment.completed");
	}

}
