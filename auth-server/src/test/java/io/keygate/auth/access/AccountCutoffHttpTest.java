package io.keygate.auth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.access.grant.GrantActivation;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.oidc.CodeFlow;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/**
 * Cutting a person off through the real HTTP endpoints: an admin's disable, revoke-keys and delete
 * each end every live and scheduled grant in the grant store (whose revocation event closes the
 * gateways' sessions) and history, end the person's sessions (the portal and {@code /oauth2/authorize}
 * answer 401 SESSION_ENDED), make codes and refresh tokens issued before useless, withdraw the
 * person's pending approvals, and refuse approving their requests. Re-enabling brings nothing back.
 */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.gateway.public-url=https://gateway.utility.example" })
class AccountCutoffHttpTest extends KeygateHttpTest {

	@Autowired
	GrantStore grantStore;

	@Autowired
	GrantHistoryRepository history;

	@Autowired
	AccountRepository accounts;

	String run;

	TestClient admin;

	VirtualKey vendorKey;

	String vendorSubject;

	String vendorOrg;

	TestClient vendor;

	VirtualKey annKey;

	String annSubject;

	TestClient ann;

	VirtualKey amyKey;

	TestClient amy;

	@BeforeEach
	void people() {
		this.run = UUID.randomUUID().toString().substring(0, 8);
		this.admin = enroll(VirtualKey.packed(), "sec-" + this.run + "@utility.example", Role.SECURITY_ADMIN);
		this.vendorKey = VirtualKey.packed();
		this.vendorSubject = "vic-" + this.run + "@itron" + this.run + ".example";
		this.vendorOrg = "itron" + this.run + "-example";
		this.vendor = enroll(this.vendorKey, this.vendorSubject, Role.VENDOR_ENGINEER);
		this.annKey = VirtualKey.packed();
		this.annSubject = "ann-" + this.run + "@utility.example";
		this.ann = enroll(this.annKey, this.annSubject, Role.APPROVER);
		this.amyKey = VirtualKey.packed();
		this.amy = enroll(this.amyKey, "amy-" + this.run + "@utility.example", Role.APPROVER);
	}

	@Test
	void disableWhenVendorHoldsLiveAndScheduledGrantsAndSessionsThenAllEndAtOnceAndReEnablingRestoresNothing() {
		String live = grant("head-end", null);
		String scheduled = grant("head-end", Instant.now().plus(Duration.ofDays(1)));
		assertThat(this.grantStore.lookup(this.vendorSubject, this.vendorOrg, "head-end")).isInstanceOf(GrantLookup.Live.class);
		// Sessions and OIDC state from before the disable: a browser about to ask for a code, a code
		// not yet redeemed, a refresh token, and an untouched browser kept for after re-enabling.
		TestClient authorizingBrowser = signIn(this.vendorKey).client();
		TestClient jsonBrowser = signIn(this.vendorKey).client();
		TestClient laterBrowser = signIn(this.vendorKey).client();
		String verifier = CodeFlow.verifier();
		String refreshToken = redeem(code(this.vendor, verifier), verifier).json().get("refresh_token").asString();
		String pendingVerifier = CodeFlow.verifier();
		String pendingCode = code(this.vendor, pendingVerifier);

		TestClient.Response disabled = this.admin.post("/admin/users/" + this.vendorSubject + "/disable", "{}");

		assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
		assertThat(disabled.json().get("grantsEnded").toString()).contains(live);
		assertThat(disabled.json().get("scheduledCancelled").toString()).contains(scheduled);
		assertCutOff(live, scheduled, authorizingBrowser, jsonBrowser, UserStatus.DISABLED);
		TestClient.Response redeemed = redeem(pendingCode, pendingVerifier);
		assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(400);
		assertThat(redeemed.oauthError()).isEqualTo("invalid_grant");
		TestClient.Response refreshed = CodeFlow.refresh(client(), refreshToken);
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(400);
		assertThat(refreshed.oauthError()).isEqualTo("invalid_grant");
		AuditEntry ended = lastAudit("account.access.ended").entry();
		assertThat(ended.reason()).isEqualTo("DISABLED");
		assertThat(ended.details()).containsEntry("subject", this.vendorSubject);
		assertThat(String.valueOf(ended.details().get("grantIds"))).contains(live);
		assertThat(String.valueOf(ended.details().get("scheduledCancelled"))).contains(scheduled);

		// Enabling again (whoever does it, however) gives back no session, no grant, no schedule.
		this.accounts.updateStatus(this.vendorSubject, UserStatus.ACTIVE);
		assertSessionEnded(laterBrowser.getJson("/api/v1/grants"));
		assertThat(this.grantStore.lookup(this.vendorSubject, this.vendorOrg, "head-end")).isNotInstanceOf(GrantLookup.Live.class);
		assertThat(this.history.find(scheduled).orElseThrow().activation()).isEqualTo(GrantActivation.CANCELLED);
		assertThat(signIn(this.vendorKey).response().status()).as("a fresh sign-in after enabling works").isEqualTo(200);
	}

	@Test
	void revokeKeysWhenVendorHoldsLiveGrantThenGrantSessionAndAuthorizeEnd() {
		String live = grant("head-end", null);
		String scheduled = grant("head-end", Instant.now().plus(Duration.ofDays(2)));
		TestClient authorizingBrowser = signIn(this.vendorKey).client();
		TestClient jsonBrowser = signIn(this.vendorKey).client();

		TestClient.Response revoked = this.admin.post("/admin/users/" + this.vendorSubject + "/revoke-keys", "{}");

		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertCutOff(live, scheduled, authorizingBrowser, jsonBrowser, UserStatus.PENDING);
		assertThat(lastAudit("account.access.ended").entry().reason()).isEqualTo("KEYS_REVOKED");
	}

	@Test
	void deleteWhenVendorHoldsLiveGrantThenGrantSessionAndAuthorizeEndAndAccountIsATombstone() {
		String live = grant("head-end", null);
		String scheduled = grant("head-end", Instant.now().plus(Duration.ofDays(3)));
		TestClient authorizingBrowser = signIn(this.vendorKey).client();
		TestClient jsonBrowser = signIn(this.vendorKey).client();

		TestClient.Response deleted = this.admin.post("/admin/users/" + this.vendorSubject + "/delete", "{}");

		assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
		assertCutOff(live, scheduled, authorizingBrowser, jsonBrowser, UserStatus.DELETED);
		assertThat(this.credentials.countBySubject(this.vendorSubject)).isZero();
		assertThat(lastAudit("account.access.ended").entry().reason()).isEqualTo("DELETED");
		assertThat(lastAudit("account.deleted").entry().details()).containsEntry("subject", this.vendorSubject);
	}

	@Test
	void approveWhenOneOfTwoApproversWasDisabledThenTheirApprovalNoLongerCountsAndAFreshOneIsNeeded() {
		VirtualKey adaKey = VirtualKey.packed();
		TestClient ada = enroll(adaKey, "ada-" + this.run + "@utility.example", Role.APPROVER);
		String requestId = ask("mdm", null);
		assertThat(approve(this.ann, this.annKey, requestId).status()).isEqualTo(200);

		TestClient.Response disabled = this.admin.post("/admin/users/" + this.annSubject + "/disable", "{}");
		assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
		assertThat(disabled.json().get("approvalsWithdrawnFrom").toString()).contains(requestId);

		TestClient.Response second = approve(this.amy, this.amyKey, requestId);
		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(second.json().get("request").get("state").asString()).as(second.body()).isEqualTo("PENDING");
		assertThat(second.json().get("grant").isNull()).as(second.body()).isTrue();
		assertThat(this.grantStore.lookup(this.vendorSubject, this.vendorOrg, "mdm")).isInstanceOf(GrantLookup.Absent.class);
		assertThat(lastAudit("request.approvals.withdrawn").entry().details()).containsEntry("approver", this.annSubject);

		TestClient.Response third = approve(ada, adaKey, requestId);
		assertThat(third.status()).as(third.body()).isEqualTo(200);
		assertThat(third.json().get("request").get("state").asString()).isEqualTo("APPROVED");
	}

	/** An approver disabled by anything that did not withdraw their approvals (e.g. before this release): still not counted. */
	@Test
	void approveWhenEarlierApproverIsNoLongerActiveWithoutWithdrawalThenItIsWithdrawnAtApproval() {
		String requestId = ask("mdm", null);
		assertThat(approve(this.ann, this.annKey, requestId).status()).isEqualTo(200);
		this.accounts.updateStatus(this.annSubject, UserStatus.DISABLED);

		TestClient.Response second = approve(this.amy, this.amyKey, requestId);

		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(second.json().get("request").get("state").asString()).as(second.body()).isEqualTo("PENDING");
		assertThat(this.grantStore.lookup(this.vendorSubject, this.vendorOrg, "mdm")).isInstanceOf(GrantLookup.Absent.class);
	}

	@Test
	void approveWhenRequesterWasDisabledThenRefusedBeforeAndAtTheKeyTouchAndQueueSaysWhy() {
		String requestId = ask("head-end", null);
		TestClient.Response challenge = this.ann.post("/api/v1/requests/" + requestId + "/step-up", "{}");
		assertThat(challenge.status()).as(challenge.body()).isEqualTo(200);

		assertThat(this.admin.post("/admin/users/" + this.vendorSubject + "/disable", "{}").status()).isEqualTo(200);

		TestClient.Response approval = this.ann.post("/api/v1/requests/" + requestId + "/approvals", "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"comment\":\"ok\",\"credential\":"
				+ this.annKey.get(challenge.json().get("publicKey")) + "}");
		assertThat(approval.status()).as(approval.body()).isEqualTo(409);
		assertThat(approval.code()).isEqualTo("REQUESTER_NOT_ACTIVE");
		TestClient.Response stepUp = this.amy.post("/api/v1/requests/" + requestId + "/step-up", "{}");
		assertThat(stepUp.status()).as(stepUp.body()).isEqualTo(409);
		assertThat(stepUp.code()).isEqualTo("REQUESTER_NOT_ACTIVE");
		assertThat(this.grantStore.lookup(this.vendorSubject, this.vendorOrg, "head-end")).isInstanceOf(GrantLookup.Absent.class);
		TestClient.Response queue = this.amy.getJson("/api/v1/requests?scope=pending");
		assertThat(queue.status()).as(queue.body()).isEqualTo(200);
		assertThat(queue.body()).contains(requestId).contains("\"requesterStatus\":\"disabled\"");
	}

	// ---- what every cut-off must have done ----

	private void assertCutOff(String live, String scheduled, TestClient authorizingBrowser, TestClient signedInBefore,
			UserStatus status) {
		assertThat(this.accounts.findBySubject(this.vendorSubject).orElseThrow().status()).isEqualTo(status);
		// The store's revocation is what every gateway hears: sessions close with 1008, the next request is denied.
		assertThat(this.grantStore.lookup(this.vendorSubject, this.vendorOrg, "head-end")).isInstanceOf(GrantLookup.Revoked.class);
		assertThat(this.history.find(live).orElseThrow().endedAt()).isNotNull();
		assertThat(this.history.find(scheduled).orElseThrow().activation()).isEqualTo(GrantActivation.CANCELLED);
		// The browser's authorize: no code for the gateway, sent to the page that says why (401).
		TestClient.Response authorize = CodeFlow.authorize(authorizingBrowser, CodeFlow.verifier());
		assertThat(authorize.status()).as("authorize after the cut-off: %s", authorize.body()).isEqualTo(302);
		assertThat(authorize.header("Location")).endsWith("/session/ended").doesNotContain("code=");
		TestClient.Response why = authorizingBrowser.get("/session/ended");
		assertThat(why.status()).isEqualTo(401);
		assertThat(why.body()).contains("your account is no longer active");
		// Asked as JSON, the same refusal as a problem document.
		TestClient.Response asJson = signedInBefore.getJson("/oauth2/authorize?"
				+ CodeFlow.query(CodeFlow.authorizeParameters(CodeFlow.pkceChallenge(CodeFlow.verifier()))));
		assertSessionEnded(asJson);
		assertSessionEnded(this.vendor.getJson("/api/v1/grants"));
		assertThat(signIn(this.vendorKey).response().status()).isEqualTo(401);
		TestClient.Response liveList = this.ann.getJson("/api/v1/grants?scope=live");
		assertThat(liveList.body()).doesNotContain(live).doesNotContain(scheduled);
	}

	private static void assertSessionEnded(TestClient.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("SESSION_ENDED");
	}

	// ---- steps ----

	/** A request of the vendor, approved by Ann; {@code start} null for "now". Returns the grant id. */
	private String grant(String target, Instant start) {
		String requestId = ask(target, start);
		TestClient.Response approved = approve(this.ann, this.annKey, requestId);
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);
		return approved.json().get("grant").get("id").asString();
	}

	private String ask(String target, Instant start) {
		Map<String, Object> body = new LinkedHashMap<>(Map.of("targetId", target, "level", "read", "durationMinutes", 60,
				"reason", "read meter events", "ticket", "CHG-" + this.run));
		if (start != null) {
			body.put("start", start.toString());
		}
		TestClient.Response created = this.vendor.post("/api/v1/requests", body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private TestClient.Response approve(TestClient client, VirtualKey key, String requestId) {
		TestClient.Response challenge = client.post("/api/v1/requests/" + requestId + "/step-up", "{}");
		assertThat(challenge.status()).as(challenge.body()).isEqualTo(200);
		String credential = key.get(challenge.json().get("publicKey"));
		return client.post("/api/v1/requests/" + requestId + "/approvals", "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"comment\":\"ok\",\"credential\":" + credential + "}");
	}

	private String code(TestClient browser, String verifier) {
		TestClient.Response authorize = CodeFlow.authorize(browser, verifier);
		assertThat(authorize.status()).as(authorize.body()).isEqualTo(302);
		String code = CodeFlow.parameters(authorize.header("Location")).get("code");
		assertThat(code).isNotBlank();
		return code;
	}

	private TestClient.Response redeem(String code, String verifier) {
		return CodeFlow.redeem(client(), code, verifier);
	}

}
