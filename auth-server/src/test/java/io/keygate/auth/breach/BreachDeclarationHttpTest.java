package io.keygate.auth.breach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.firmware.FirmwareDistrust;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.breach.SuspensionReceipt;
import io.keygate.policy.breach.SuspensionReceipts;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.RevocationEvent;
import io.keygate.policy.grant.RevocationListener;
import io.keygate.policy.identity.Role;
import io.keygate.policy.presence.GatewayInstance;
import io.keygate.policy.presence.GatewayPresence;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import tools.jackson.databind.JsonNode;

/**
 * "Declare vendor breach" over real HTTP with emulated hardware keys: the declaration suspends the
 * vendor, quarantines exactly the keys used from an unseen network inside the window, makes
 * detection strict, reports correct counts and a hunt report, shows one gateway's receipt and the
 * other's missing (red, alerted); resuming makes every request need two approvals; each refusal.
 * Where keys were used from is what the audit chain says: the test writes the vendor's earlier key
 * uses (with their addresses) into the chain, as sign-ins from those networks would have.
 */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.gateway.public-url=https://gateway.utility.example", "keygate.breach.receipt-bound=1s",
		"keygate.breach.receipt-check-interval=200ms" })
class BreachDeclarationHttpTest extends KeygateHttpTest {

	@Autowired
	GrantStore grantStore;

	@Autowired
	GatewayPresence presence;

	@Autowired
	SuspensionReceipts receipts;

	@Autowired
	FirmwareDistrust firmwareDistrust;

	@Autowired
	AccountRepository accounts;

	@Autowired
	JdbcClient jdbc;

	String run;

	Instant now;

	String vendorOrg;

	Person adminA;

	Person ann;

	Person amy;

	Person vic;

	Person eve;

	Person zed;

	record Person(String subject, VirtualKey key, TestClient client) {
	}

	@BeforeEach
	void people() {
		this.run = UUID.randomUUID().toString().substring(0, 8);
		this.now = Instant.now();
		this.vendorOrg = "itron" + this.run + "-example";
		this.adminA = person("sec-a-" + this.run + "@utility.example", Role.SECURITY_ADMIN);
		this.ann = person("ann-" + this.run + "@utility.example", Role.APPROVER);
		this.amy = person("amy-" + this.run + "@utility.example", Role.APPROVER);
		this.vic = person("vic-" + this.run + "@itron" + this.run + ".example", Role.VENDOR_ENGINEER);
		this.eve = person("eve-" + this.run + "@itron" + this.run + ".example", Role.VENDOR_ENGINEER);
		this.zed = person("zed-" + this.run + "@other" + this.run + ".example", Role.VENDOR_ENGINEER);
	}

	private Person person(String email, Role... roles) {
		VirtualKey key = VirtualKey.packed();
		return new Person(email, key, enroll(key, email, roles));
	}

	private String credentialOf(Person person) {
		return this.credentials.findBySubject(person.subject()).get(0).credentialId();
	}

	private void keyUse(Person person, String organisation, String address, Instant at) {
		this.audit.append(AuditEntry.builder(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED, at)
			.actor(person.subject())
			.organisation(organisation)
			.outcome("SUCCEEDED")
			.clientAddress(address)
			.detail("credentialId", credentialOf(person))
			.build());
	}

	/**
	 * The vendor's history: vic and eve worked from the vendor's office network before the window;
	 * inside it, vic again from the office and eve from a network never seen; zed (another vendor)
	 * from an unseen network too. Plus a request, its approval, two gateway decisions, a refused
	 * firmware upload and an alert of the vendor inside the window: 8 hunt lines in all.
	 */
	private void history() {
		Instant before = this.now.minus(Duration.ofDays(10));
		Instant inside = this.now.minus(Duration.ofHours(2));
		keyUse(this.vic, this.vendorOrg, "10.20.30.5", before);
		keyUse(this.eve, this.vendorOrg, "10.20.30.6", before);
		keyUse(this.vic, this.vendorOrg, "10.20.30.77", inside);
		keyUse(this.eve, this.vendorOrg, "203.0.113.9", inside);
		keyUse(this.zed, "other" + this.run + "-example", "198.51.100.4", inside);
		String requestId = "req-" + this.run;
		this.audit.append(AuditEntry.builder(AuditAction.REQUEST_SUBMITTED, inside).actor(this.eve.subject())
			.organisation(this.vendorOrg).request(requestId).target("head-end").outcome("submitted").build());
		this.audit.append(AuditEntry.builder(AuditAction.REQUEST_APPROVAL, inside).actor(this.ann.subject())
			.organisation("utility-example").request(requestId).target("head-end").outcome("approved").build());
		this.audit.append(AuditEntry.builder(AuditAction.ACCESS_DECISION, inside).actor(this.eve.subject())
			.organisation(this.vendorOrg).target("head-end").outcome("allow").clientAddress("203.0.113.9").build());
		this.audit.append(AuditEntry.builder(AuditAction.ACCESS_DECISION, inside).actor(this.eve.subject())
			.organisation(this.vendorOrg).target("mdm").outcome("deny").reason("NO_GRANT").clientAddress("203.0.113.9").build());
		this.audit.append(AuditEntry.builder(AuditAction.FIRMWARE_UPLOAD_REFUSED, inside).actor(this.eve.subject())
			.organisation(this.vendorOrg).target("head-end").outcome("refused").build());
		this.audit.append(AuditEntry.builder(AuditAction.ALERT_RAISED, inside).actor(this.eve.subject())
			.organisation(this.vendorOrg).severity(Severity.HIGH).detail("alert.explanation", "Eve probed mdm without a grant.")
			.detail("threat.technique.id", "T1021").build());
	}

	private Map<String, Object> draftBody(String organisation, String from, String to) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("organisation", organisation);
		body.put("from", from);
		body.put("to", to);
		body.put("reference", "VENDOR-ADV-" + this.run);
		return body;
	}

	private TestClient.Response draft(Person admin) {
		return admin.client().post("/admin/breach/declarations", draftBody(this.vendorOrg,
				this.now.minus(Duration.ofHours(3)).toString(), this.now.minus(Duration.ofHours(1)).toString()));
	}

	private static TestClient.Response keySigned(Person who, String stepUpPath, String actionPath) {
		TestClient.Response challenge = who.client().post(stepUpPath, "{}");
		if (challenge.status() != 200) {
			return challenge;
		}
		String credential = who.key().get(challenge.json().get("publicKey"));
		return who.client().post(actionPath,
				"{\"challengeId\":\"" + challenge.json().get("challengeId").asString() + "\",\"credential\":" + credential + "}");
	}

	private static TestClient.Response confirm(Person admin, String id) {
		return keySigned(admin, "/admin/breach/declarations/" + id + "/step-up", "/admin/breach/declarations/" + id + "/confirmation");
	}

	private String declared() {
		TestClient.Response drafted = draft(this.adminA);
		assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
		String id = drafted.json().get("id").asString();
		TestClient.Response confirmed = confirm(this.adminA, id);
		assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
		assertThat(confirmed.json().get("state").asString()).isEqualTo("DECLARED");
		return id;
	}

	private String ask(Person vendor) {
		TestClient.Response created = vendor.client().post("/api/v1/requests", Map.of("targetId", "head-end", "level", "read",
				"durationMinutes", 60, "reason", "read meter events", "ticket", "CHG-" + this.run));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private static TestClient.Response approve(Person approver, String requestId) {
		TestClient.Response challenge = approver.client().post("/api/v1/requests/" + requestId + "/step-up", "{}");
		assertThat(challenge.status()).as(challenge.body()).isEqualTo(200);
		String credential = approver.key().get(challenge.json().get("publicKey"));
		return approver.client().post("/api/v1/requests/" + requestId + "/approvals", "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"comment\":\"ok\",\"credential\":" + credential + "}");
	}

	private AuditEvent lastAuditAbout(String action, String key, String value) {
		return this.audit.latestByAction(action, 1000).stream()
			.filter(e -> value.equals(String.valueOf(e.entry().details().get(key))))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + action + " with " + key + "=" + value));
	}

	@Test
	void declareWhenConfirmedWithKeyThenSuspendsQuarantinesOnlySuspectKeysAndReportsCounts() {
		history();
		TestClient.Response approved = approve(this.ann, ask(this.vic));
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);
		String grantId = approved.json().get("grant").get("id").asString();
		// Two gateways are alive; only gw-a answers the suspension (as its revocation watcher would).
		String gwA = "gw-a-" + this.run;
		String gwB = "gw-b-" + this.run;
		this.presence.heartbeat(new GatewayInstance(gwA, "test", this.now, Instant.now()));
		this.presence.heartbeat(new GatewayInstance(gwB, "test", this.now, Instant.now()));
		AutoCloseable gatewayA = this.grantStore.subscribe(new RevocationListener() {
			@Override
			public void revoked(RevocationEvent event) {
				if (event.scope() == RevocationEvent.Scope.ORGANISATION) {
					BreachDeclarationHttpTest.this.receipts
						.record(new SuspensionReceipt(event.key(), event.reason(), gwA, 1, Instant.now()));
				}
			}
		});
		try {
			String id = declared();

			JsonNode result = this.adminA.client().getJson("/admin/breach/declarations/" + id).json();
			assertThat(result.get("grantsEnded").asInt()).isEqualTo(1);
			assertThat(result.get("keysQuarantined").asInt()).isEqualTo(1);
			assertThat(result.get("peopleQuarantined").asInt()).isEqualTo(1);
			assertThat(result.get("quarantinedPeople").toString()).contains(this.eve.subject()).doesNotContain(this.vic.subject());
			assertThat(result.get("huntEvents").asInt()).isEqualTo(8);
			assertThat(this.grantStore.isSuspended(this.vendorOrg)).isTrue();
			assertThat(this.grantStore.lookup(this.vic.subject(), this.vendorOrg, "head-end")).isNotInstanceOf(GrantLookup.Live.class);
			assertThat(this.grantStore.isSuspended("other" + this.run + "-example")).isFalse();
			long strictUntil = this.jdbc.sql("select until_epoch_second from detection_strict where organisation = ?")
				.param(this.vendorOrg).query(Long.class).single();
			assertThat(strictUntil).isGreaterThan(this.now.plus(Duration.ofDays(29)).getEpochSecond());
			assertThat(this.firmwareDistrust.windows())
				.anyMatch(w -> w.organisation().equals(this.vendorOrg) && w.reason().equals("breach " + id));
			AuditEvent declaredEvent = lastAuditAbout("breach.declared", "declarationId", id);
			assertThat(declaredEvent.entry().severity()).isEqualTo(Severity.CRITICAL);
			assertThat(declaredEvent.entry().details()).containsEntry("grantsEnded", "1").containsEntry("keysQuarantined", "1");
			assertThat(this.accounts.findBySubject(this.eve.subject()).orElseThrow().status()).isEqualTo(UserStatus.PENDING);
			assertThat(grantId).isNotBlank();

			// The quarantined key is refused at sign-in with its own sentence; the others still work.
			TestClient.Response eveSignIn = signIn(this.eve.key()).response();
			assertThat(eveSignIn.status()).isEqualTo(403);
			assertThat(eveSignIn.code()).isEqualTo("KEY_QUARANTINED");
			assertThat(eveSignIn.detail()).contains("quarantined").contains("re-enroll");
			assertThat(signIn(this.vic.key()).response().status()).isEqualTo(200);
			assertThat(signIn(this.zed.key()).response().status()).isEqualTo(200);

			// gw-a's receipt is shown; gw-b's goes missing after the bound, red and alerted.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				String receipts = this.adminA.client().getJson("/admin/breach/declarations/" + id).json().get("receipts").toString();
				assertThat(receipts).contains("\"gatewayInstance\":\"" + gwA + "\",\"state\":\"RECEIVED\",\"sessionsClosed\":1")
					.contains("\"gatewayInstance\":\"" + gwB + "\",\"state\":\"MISSING\"");
			});
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				AuditEvent missing = lastAuditAbout("breach.receipt.missing", "declarationId", id);
				assertThat(missing.entry().details()).containsEntry("gatewayInstance", gwB).containsKey("alert.explanation");
				assertThat(missing.entry().severity()).isEqualTo(Severity.HIGH);
			});
			assertThat(this.audit.latestByAction("breach.receipt.missing", 1000))
				.noneMatch(e -> gwA.equals(e.entry().details().get("gatewayInstance")));
			TestClient.Response page = this.adminA.client().get("/access/admin/breach/" + id);
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body()).contains(gwA).contains(gwB).contains("data-receipt=\"MISSING\"").contains("color:#b00020")
				.contains("1 key(s) of 1 person(s) quarantined").contains("Eve probed mdm without a grant.");

			// The hunt report: the 8 lines of the vendor in the window, the other vendor's not.
			TestClient.Response csv = this.adminA.client().get("/admin/breach/declarations/" + id + "/hunt.csv");
			assertThat(csv.status()).isEqualTo(200);
			List<String> lines = csv.body().lines().toList();
			assertThat(lines).hasSize(9);
			assertThat(csv.body()).contains("decision-allowed").contains("decision-denied").contains("firmware")
				.contains("approval").contains(",alert,").contains("203.0.113.9").doesNotContain("198.51.100.4");
			JsonNode json = this.adminA.client().getJson("/admin/breach/declarations/" + id + "/hunt.json").json();
			assertThat(json.get("lines")).hasSize(8);
			assertThat(json.get("counts").get("sign-in").asInt()).isEqualTo(2);
		}
		finally {
			try {
				gatewayA.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	@Test
	void resumeWhenKeyConfirmedThenSuspensionLiftsAndEveryRequestNeedsTwoApprovals() {
		String id = declared();
		TestClient.Response refusedWhileSuspended = this.vic.client().post("/api/v1/requests", Map.of("targetId", "head-end",
				"level", "read", "durationMinutes", 60, "reason", "read meter events", "ticket", "CHG-" + this.run));
		assertThat(refusedWhileSuspended.status()).isGreaterThanOrEqualTo(400);

		TestClient.Response resumed = keySigned(this.adminA, "/admin/breach/declarations/" + id + "/resume/step-up",
				"/admin/breach/declarations/" + id + "/resume");

		assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
		assertThat(resumed.json().get("state").asString()).isEqualTo("RESUMED");
		assertThat(resumed.json().get("resumeTerms").asString()).startsWith("2 approvals for every request until");
		assertThat(this.grantStore.isSuspended(this.vendorOrg)).isFalse();
		String requestId = ask(this.vic);
		JsonNode queue = this.ann.client().getJson("/api/v1/requests?scope=pending").json();
		assertThat(queue.toString()).as("the queue shows what the approval will ask").contains(requestId);
		for (JsonNode item : queue) {
			if (item.toString().contains(requestId)) {
				assertThat(item.get("approvalsNeeded").asInt()).isEqualTo(2);
			}
		}
		TestClient.Response first = approve(this.ann, requestId);
		assertThat(first.status()).as(first.body()).isEqualTo(200);
		// A STANDARD target needs one approval by the configured rule; the resumption's terms need two.
		assertThat(first.json().get("grant").isNull()).as(first.body()).isTrue();
		assertThat(first.json().get("approvalsNeeded").asInt()).isEqualTo(2);
		TestClient.Response second = approve(this.amy, requestId);
		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(second.json().get("grant").get("id").asString()).isNotBlank();
		// Another vendor is not under those terms.
		String zedRequest = ask(this.zed);
		assertThat(approve(this.ann, zedRequest).json().get("grant").get("id").asString()).isNotBlank();
		// And a resumption is one action: a second one is refused.
		TestClient.Response again = this.adminA.client().post("/admin/breach/declarations/" + id + "/resume/step-up", "{}");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.code()).isEqualTo("NOT_DECLARED");
	}

	@Test
	void declareWhenNotSecurityAdminThenRefused() {
		TestClient.Response api = this.ann.client().post("/admin/breach/declarations", draftBody(this.vendorOrg,
				this.now.minus(Duration.ofHours(3)).toString(), this.now.toString()));
		assertThat(api.status()).isEqualTo(403);
		TestClient.Response page = this.ann.client().get("/access/admin/breach");
		assertThat(page.status()).isEqualTo(403);
		assertThat(page.body()).contains("Only a security admin can declare or lift a vendor breach.");
		assertThat(this.grantStore.isSuspended(this.vendorOrg)).isFalse();
	}

	@Test
	void declareWhenKeyConfirmationMissingOrInvalidThenNothingTakesEffect() {
		TestClient.Response drafted = draft(this.adminA);
		assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
		String id = drafted.json().get("id").asString();
		assertThat(this.grantStore.isSuspended(this.vendorOrg)).as("a draft does nothing").isFalse();

		TestClient.Response garbage = this.adminA.client().post("/admin/breach/declarations/" + id + "/confirmation",
				"{\"challengeId\":\"nope\",\"credential\":{\"type\":\"public-key\"}}");
		assertThat(garbage.status()).isEqualTo(403);
		assertThat(garbage.code()).isEqualTo("CONFIRMATION_INVALID");
		TestClient.Response none = this.adminA.client().post("/admin/breach/declarations/" + id + "/confirmation", "{}");
		assertThat(none.status()).isEqualTo(400);
		// Another admin's key cannot confirm this admin's draft.
		Person adminB = person("sec-b-" + this.run + "@utility.example", Role.SECURITY_ADMIN);
		TestClient.Response other = confirm(adminB, id);
		assertThat(other.status()).isEqualTo(409);
		assertThat(other.code()).isEqualTo("NOT_AWAITING_CONFIRMATION");

		assertThat(this.grantStore.isSuspended(this.vendorOrg)).isFalse();
		assertThat(this.adminA.client().getJson("/admin/breach/declarations/" + id).json().get("state").asString())
			.isEqualTo("AWAITING_KEY");
		TestClient.Response waiting = this.adminA.client().get("/access/admin/breach/" + id);
		assertThat(waiting.status()).isEqualTo(200);
		assertThat(waiting.body()).contains("Not in effect: waiting for the declaring admin").doesNotContain("Gateway receipts");
		TestClient.Response form = this.adminA.client().get("/access/admin/breach");
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.body()).contains("Declare a vendor breach").contains(this.vendorOrg).contains("AWAITING_KEY")
			.contains("Vendor breach</a>");
		assertThat(this.adminA.client().get("/access/admin/breach/no-such-declaration").status()).isEqualTo(404);
		assertThat(this.adminA.client().getJson("/admin/breach/declarations/" + "x".repeat(80)).status()).isEqualTo(404);
		assertThat(this.audit.latestByAction("breach.declare.refused", 50))
			.anyMatch(e -> e.entry().reason().equals("CONFIRMATION_INVALID") && e.entry().actor().equals(this.adminA.subject()));
	}

	@Test
	void declareWhenUnknownOrganisationThenRefusedNotFound() {
		TestClient.Response refused = this.adminA.client().post("/admin/breach/declarations",
				draftBody("nobody" + this.run, this.now.minus(Duration.ofHours(3)).toString(), this.now.toString()));
		assertThat(refused.status()).isEqualTo(404);
		assertThat(refused.code()).isEqualTo("UNKNOWN_ORGANISATION");
		assertThat(this.audit.latestByAction("breach.declare.refused", 50))
			.anyMatch(e -> e.entry().reason().equals("UNKNOWN_ORGANISATION") && e.entry().actor().equals(this.adminA.subject()));
	}

	@Test
	void declareWhenOwnOrganisationThenRefused() {
		TestClient.Response refused = this.adminA.client().post("/admin/breach/declarations",
				draftBody("utility-example", this.now.minus(Duration.ofHours(3)).toString(), this.now.toString()));
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.code()).isEqualTo("OWN_ORGANISATION");
	}

	@Test
	void declareWhenWindowBadThenRefusedBadRequest() {
		String start = this.now.minus(Duration.ofHours(3)).toString();
		for (Map<String, Object> body : List.of(draftBody(this.vendorOrg, this.now.toString(), start),
				draftBody(this.vendorOrg, start, start), draftBody(this.vendorOrg, "yesterday", this.now.toString()),
				draftBody(this.vendorOrg, null, this.now.toString()),
				draftBody(this.vendorOrg, this.now.plus(Duration.ofDays(1)).toString(), this.now.plus(Duration.ofDays(2)).toString()),
				draftBody(this.vendorOrg, this.now.minus(Duration.ofDays(900)).toString(), this.now.toString()))) {
			TestClient.Response refused = this.adminA.client().post("/admin/breach/declarations", body);
			assertThat(refused.status()).as(body + " " + refused.body()).isEqualTo(400);
			assertThat(refused.code()).isEqualTo("BAD_WINDOW");
		}
		assertThat(this.grantStore.isSuspended(this.vendorOrg)).isFalse();
	}

	@Test
	void declareWhenBodyMalformedThenRefusedBadRequestNever500() {
		for (String body : List.of("nonsense", "{\"organisation\":[1]}", "[]", "{\"reference\":\"" + "r".repeat(500) + "\"}")) {
			TestClient.Response refused = this.adminA.client().postRaw("/admin/breach/declarations", body, "application/json");
			assertThat(refused.status()).as(body + " " + refused.body()).isEqualTo(400);
		}
		TestClient.Response noReference = this.adminA.client().post("/admin/breach/declarations", Map.of("organisation",
				this.vendorOrg, "from", this.now.minus(Duration.ofHours(3)).toString(), "to", this.now.toString()));
		assertThat(noReference.status()).isEqualTo(400);
		assertThat(noReference.code()).isEqualTo("BAD_REFERENCE");
	}

}
