package io.keygate.auth.access.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.identity.Role;
import tools.jackson.databind.JsonNode;

/**
 * The access API through real HTTP on a random port: people enrolled by invitation with emulated
 * hardware keys, signed in by WebAuthn, CSRF tokens from the cookie, the real grant store.
 */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.gateway.public-url=https://gateway.utility.example" })
class AccessApiHttpTest extends KeygateHttpTest {

	@Autowired
	GrantStore grantStore;

	String run;

	String vendorOrg;

	VirtualKey vendorKey;

	VirtualKey approverKey;

	TestClient vendor;

	TestClient approver;

	String vendorSubject;

	@BeforeEach
	void people() {
		this.run = UUID.randomUUID().toString().substring(0, 8);
		this.vendorKey = VirtualKey.packed();
		this.approverKey = VirtualKey.packed();
		this.vendorSubject = "ana-" + this.run + "@itron" + this.run + ".example";
		this.vendorOrg = "itron" + this.run + "-example";
		this.vendor = enroll(this.vendorKey, this.vendorSubject, Role.VENDOR_ENGINEER);
		this.approver = enroll(this.approverKey, "ann-" + this.run + "@utility.example", Role.APPROVER);
	}

	private TestClient.Response ask(TestClient client, String target, int minutes) {
		return client.post("/api/v1/requests", Map.of("targetId", target, "level", "read", "durationMinutes", minutes, "reason",
				"read meter events", "ticket", "CHG-" + this.run));
	}

	private TestClient.Response approve(TestClient client, VirtualKey key, String requestId) {
		TestClient.Response challenge = client.post("/api/v1/requests/" + requestId + "/step-up", "{}");
		assertThat(challenge.status()).as(challenge.body()).isEqualTo(200);
		String credential = key.get(challenge.json().get("publicKey"));
		return client.post("/api/v1/requests/" + requestId + "/approvals", "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"comment\":\"ok\",\"credential\":" + credential + "}");
	}

	@Test
	void wholeFlowWhenVendorAsksApproverSignsAndVendorIsDoneThenGrantLivesAndEnds() {
		TestClient.Response targets = this.vendor.getJson("/api/v1/targets");
		assertThat(targets.status()).isEqualTo(200);
		assertThat(targets.body()).contains("head-end").doesNotContain("historian");

		TestClient.Response created = ask(this.vendor, "head-end", 60);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(created.json().get("state").asString()).isEqualTo("PENDING");

		TestClient.Response queue = this.approver.getJson("/api/v1/requests?scope=pending");
		assertThat(queue.status()).isEqualTo(200);
		assertThat(queue.body()).contains(id).contains("first request");

		TestClient.Response approved = approve(this.approver, this.approverKey, id);
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);
		JsonNode grant = approved.json().get("grant");
		assertThat(grant.get("subject").asString()).isEqualTo(this.vendorSubject);
		assertThat(approved.json().get("message").asString()).startsWith("Approved.");
		assertThat(this.grantStore.lookup(this.vendorSubject, this.vendorOrg, "head-end")).isInstanceOf(GrantLookup.Live.class);

		TestClient.Response mine = this.vendor.getJson("/api/v1/grants");
		assertThat(mine.status()).isEqualTo(200);
		assertThat(mine.json().get(0).get("openUrl").asString()).isEqualTo("https://gateway.utility.example/t/head-end/");
		assertThat(mine.json().get(0).get("secondsLeft").asLong()).isBetween(3500L, 3600L);
		assertThat(this.vendor.getJson("/api/v1/requests/" + id).json().get("state").asString()).isEqualTo("APPROVED");

		TestClient.Response done = this.vendor.post("/api/v1/grants/" + grant.get("id").asString() + "/end", "{}");
		assertThat(done.status()).isEqualTo(200);
		assertThat(done.json().get("grantsEnded").asInt()).isEqualTo(1);
		assertThat(this.grantStore.lookup(this.vendorSubject, this.vendorOrg, "head-end"))
			.isInstanceOf(GrantLookup.Revoked.class);
		TestClient.Response history = this.approver.getJson("/api/v1/grants?scope=history");
		assertThat(history.status()).isEqualTo(200);
		assertThat(history.body()).contains(grant.get("id").asString()).contains("ended early by its holder");
		assertThat(this.vendor.getJson("/api/v1/grants?scope=history").status()).isEqualTo(403);
		assertThat(this.audit.latestByAction("grant.issued", 5)).anySatisfy(
				event -> assertThat(event.entry().requestId()).isEqualTo(id));
	}

	@Test
	void suspendWhenApproverSuspendsVendorThenGrantsEndAndNewRequestsRefusedUntilResumed() {
		String id = ask(this.vendor, "head-end", 60).json().get("id").asString();
		assertThat(approve(this.approver, this.approverKey, id).status()).isEqualTo(200);

		TestClient.Response suspended = this.approver.post("/api/v1/organisations/" + this.vendorOrg + "/suspend",
				Map.of("comment", "vendor reports a breach"));

		assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
		assertThat(suspended.json().get("grantsEnded").asInt()).isEqualTo(1);
		assertThat(suspended.json().get("message").asString()).contains("1 grant ended").contains("sessions");
		TestClient.Response refused = ask(this.vendor, "head-end", 30);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.code()).isEqualTo("ORG_SUSPENDED");
		assertThat(refused.detail()).isEqualTo("Your organisation's access is suspended.");
		assertThat(this.approver.getJson("/api/v1/organisations").body()).contains(
				"{\"id\":\"" + this.vendorOrg + "\",\"suspended\":true}");

		assertThat(this.approver.post("/api/v1/organisations/" + this.vendorOrg + "/resume", "{}").status()).isEqualTo(200);
		assertThat(ask(this.vendor, "head-end", 30).status()).isEqualTo(201);
	}

	@Test
	void postWhenCsrfTokenMissingThenForbiddenAndNothingStored() {
		this.vendor.getJson("/api/v1/targets");
		HttpRequest request = HttpRequest.newBuilder(this.vendor.uri("/api/v1/requests"))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"targetId\":\"head-end\",\"level\":\"read\",\"durationMinutes\":30,"
					+ "\"reason\":\"r\",\"ticket\":\"t\"}"))
			.build();

		TestClient.Response response = this.vendor.send(request);

		assertThat(response.status()).isEqualTo(403);
		assertThat(this.vendor.getJson("/api/v1/requests").json().size()).isZero();
	}

	private static JsonNode withoutInstance(TestClient.Response problem) {
		tools.jackson.databind.node.ObjectNode json = (tools.jackson.databind.node.ObjectNode) problem.json();
		json.remove("instance");
		return json;
	}

	@Test
	void getWhenSomeoneElsesRequestIdThenNotFound() {
		String id = ask(this.vendor, "head-end", 60).json().get("id").asString();
		TestClient other = enroll(VirtualKey.packed(), "bob-" + this.run + "@itron" + this.run + ".example",
				Role.VENDOR_ENGINEER);

		TestClient.Response read = other.getJson("/api/v1/requests/" + id);
		TestClient.Response cancel = other.post("/api/v1/requests/" + id + "/cancel", "{}");
		TestClient.Response unknown = other.getJson("/api/v1/requests/" + UUID.randomUUID());

		assertThat(read.status()).isEqualTo(404);
		assertThat(cancel.status()).isEqualTo(404);
		assertThat(unknown.status()).isEqualTo(404);
		// The problem documents differ only in 'instance', the path each caller asked for.
		assertThat(withoutInstance(read)).isEqualTo(withoutInstance(unknown));
		assertThat(this.vendor.getJson("/api/v1/requests/" + id).json().get("state").asString()).isEqualTo("PENDING");
	}

	@Test
	void endWhenSomeoneElsesGrantIdThenNotFoundAndGrantLives() {
		String id = ask(this.vendor, "head-end", 60).json().get("id").asString();
		String grantId = approve(this.approver, this.approverKey, id).json().get("grant").get("id").asString();
		TestClient other = enroll(VirtualKey.packed(), "eve-" + this.run + "@itron" + this.run + ".example",
				Role.VENDOR_ENGINEER);

		assertThat(other.post("/api/v1/grants/" + grantId + "/end", "{}").status()).isEqualTo(404);
		assertThat(this.grantStore.lookup(this.vendorSubject, this.vendorOrg, "head-end")).isInstanceOf(GrantLookup.Live.class);
	}

	@Test
	void submitWhenDurationOverCapThenUnprocessableWithReason() {
		TestClient.Response response = ask(this.vendor, "head-end", 9 * 60);

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.code()).isEqualTo("DURATION_OVER_CAP");
		assertThat(response.detail()).isEqualTo("The requested duration is longer than this target allows.");
	}

	@Test
	void approveWhenAssertionWasMadeForAnotherRequestThenForbiddenStepUpInvalid() {
		String mine = ask(this.vendor, "head-end", 60).json().get("id").asString();
		String other = ask(this.vendor, "mdm", 60).json().get("id").asString();
		TestClient.Response challenge = this.approver.post("/api/v1/requests/" + other + "/step-up", "{}");
		String credential = this.approverKey.get(challenge.json().get("publicKey"));

		TestClient.Response response = this.approver.post("/api/v1/requests/" + mine + "/approvals", "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"comment\":\"\",\"credential\":" + credential + "}");

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.code()).isEqualTo("STEP_UP_INVALID");
		assertThat(this.grantStore.lookup(this.vendorSubject, this.vendorOrg, "head-end")).isInstanceOf(GrantLookup.Absent.class);
	}

	@Test
	void stepUpWhenVendorTriesToApproveOwnRequestThenForbiddenSelfApproval() {
		String id = ask(this.vendor, "head-end", 60).json().get("id").asString();

		TestClient.Response response = this.vendor.post("/api/v1/requests/" + id + "/step-up", "{}");

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.code()).isEqualTo("SELF_APPROVAL");
	}

	@Test
	void callsWhenBodiesAreMalformedThenClearFourHundredsNeverFiveHundred() {
		String id = ask(this.vendor, "head-end", 60).json().get("id").asString();
		String[][] calls = { { "/api/v1/requests", "{not json" }, { "/api/v1/requests", "[]" },
				{ "/api/v1/requests", "{\"durationMinutes\":\"lots\"}" }, { "/api/v1/requests", "{}" },
				{ "/api/v1/requests", "{\"targetId\":\"head-end\",\"level\":\"read\",\"durationMinutes\":30,\"start\":\"soon\","
						+ "\"reason\":\"r\",\"ticket\":\"t\"}" },
				{ "/api/v1/requests", "{\"targetId\":\"../../etc\",\"level\":\"read\",\"durationMinutes\":30,\"reason\":\"r\","
						+ "\"ticket\":\"t\"}" },
				{ "/api/v1/requests", "{\"targetId\":\"head-end\",\"level\":\"read\",\"durationMinutes\":-5,\"reason\":\"r\","
						+ "\"ticket\":\"t\"}" },
				{ "/api/v1/requests/" + id + "/approvals", "{}" },
				{ "/api/v1/requests/" + id + "/approvals", "{\"challengeId\":\"x\",\"credential\":{\"type\":\"public-key\"}}" },
				{ "/api/v1/requests/" + id + "/denial", "{}" }, { "/api/v1/requests/%2e%2e/cancel", "{}" },
				{ "/api/v1/organisations/" + "x".repeat(300) + "/suspend", "{}" } };
		for (String[] call : calls) {
			TestClient.Response response = (call[0].contains("approvals") || call[0].contains("denial")
					|| call[0].contains("suspend") ? this.approver : this.vendor).post(call[0], call[1]);
			assertThat(response.status()).as(call[0] + " " + call[1] + " -> " + response.body()).isBetween(400, 499);
			assertThat(response.body()).as(call[0]).doesNotContain("Exception").doesNotContain("at io.keygate");
		}
	}

	@Test
	void callWhenNotSignedInThenUnauthorized() {
		assertThat(client().getJson("/api/v1/requests").status()).isEqualTo(401);
	}

	@Test
	void openApiWhenSecurityAdminThenDescribesTheAccessApi() {
		// The API description is for security admins only (issue 18); ApiDocsAccessTest covers the refusals.
		TestClient admin = enroll(VirtualKey.packed(), "sam-" + this.run + "@utility.example", Role.SECURITY_ADMIN);
		assertThat(this.approver.getJson("/v3/api-docs").status()).isEqualTo(403);
		TestClient.Response docs = admin.getJson("/v3/api-docs");

		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.body()).contains("/api/v1/requests/{id}/approvals").contains("/api/v1/organisations/{organisation}/suspend");
	}

}
