package io.keygate.auth.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.decoy.HoneytokenRegistry;
import io.keygate.policy.decoy.Tripwire;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;

/**
 * Decoy and honeytoken trips, the detection runner and the alerts page through the real auth
 * server (H2, the scheduled runner, the in-memory grant store): a trip chained in the audit log
 * becomes a CRITICAL alert and cuts the person off within the bound; staff act from the alert
 * with their key.
 */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/auth/alert/alert-catalog.yml" })
class AlertsHttpTest extends KeygateHttpTest {

	/** The bound a trip must be acted on within (the poll interval is 200 ms). */
	static final Duration BOUND = Duration.ofSeconds(2);

	private static final Pattern TOKEN = Pattern.compile("kgh_[0-9a-f]{48}");

	@Autowired
	AlertRepository alerts;

	@Autowired
	AccountRepository accounts;

	@Autowired
	GrantStore grantStore;

	@Autowired
	GrantHistoryRepository history;

	@Autowired
	HoneytokenRegistry registry;

	@Autowired
	DetectionCursor cursor;

	record Person(String subject, String organisation, VirtualKey key, TestClient client) {
	}

	Person admin;

	Person approver;

	Person vendor;

	@BeforeEach
	void people() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		this.admin = person("sec-" + run + "@utility.example", Role.SECURITY_ADMIN);
		this.approver = person("ann-" + run + "@utility.example", Role.APPROVER);
		this.vendor = person("vic-" + run + "@itron" + run + ".example", Role.VENDOR_ENGINEER);
	}

	private Person person(String email, Role role) {
		VirtualKey key = VirtualKey.packed();
		TestClient client = enroll(key, email, role);
		String organisation = email.substring(email.indexOf('@') + 1).replace('.', '-');
		return new Person(email, organisation, key, client);
	}

	/** A request of {@code who}, approved with the approver's key through the API: a real grant in store and history. */
	private Grant liveGrant(Person who, String target) {
		TestClient.Response created = who.client()
			.post("/api/v1/requests", java.util.Map.of("targetId", target, "level", "read", "durationMinutes", 60, "reason",
					"read meter events", "ticket", "CHG-" + UUID.randomUUID().toString().substring(0, 6)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String requestId = created.json().get("id").asString();
		TestClient.Response challenge = this.approver.client().post("/api/v1/requests/" + requestId + "/step-up", "{}");
		String credential = this.approver.key().get(challenge.json().get("publicKey"));
		TestClient.Response approved = this.approver.client()
			.post("/api/v1/requests/" + requestId + "/approvals", "{\"challengeId\":\""
					+ challenge.json().get("challengeId").asString() + "\",\"comment\":\"ok\",\"credential\":" + credential + "}");
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);
		return this.history.find(approved.json().get("grant").get("id").asString()).orElseThrow().grant();
	}

	private Alert awaitAlert(long sequence) {
		return await().atMost(BOUND).until(() -> this.alerts.list(AlertFilter.parse("all", "", "", "").orElseThrow(), 500)
			.stream()
			.filter(a -> a.eventSequences().contains(sequence))
			.findFirst()
			.orElse(null), a -> a != null);
	}

	private static TestClient.Response keySigned(Person who, String base) {
		TestClient.Response challenge = who.client().post(base + "/step-up", "{}");
		if (challenge.status() != 200) {
			return challenge;
		}
		String credential = who.key().get(challenge.json().get("publicKey"));
		return who.client().post(base,
				"{\"challengeId\":\"" + challenge.json().get("challengeId").asString() + "\",\"credential\":" + credential + "}");
	}

	@Test
	void decoyTouchWhenChainedThenCriticalAlertAndPersonAndOrganisationCutOffWithinBound() {
		Grant grant = liveGrant(this.vendor, "head-end");
		long started = System.nanoTime();

		AuditEvent touch = this.audit.append(Tripwire
			.decoy(Instant.now(), this.vendor.subject(), this.vendor.organisation(), "billing-db", true)
			.clientAddress("203.0.113.9")
			.build());

		await().atMost(BOUND)
			.until(() -> this.accounts.findBySubject(this.vendor.subject()).orElseThrow().status() == UserStatus.DISABLED
					&& this.grantStore.isSuspended(this.vendor.organisation()));
		long tookMillis = (System.nanoTime() - started) / 1_000_000;
		System.out.println("measured: decoy touch chained -> account disabled and organisation suspended in " + tookMillis + " ms");
		assertThat(this.grantStore.lookup(this.vendor.subject(), this.vendor.organisation(), "head-end"))
			.isInstanceOf(GrantLookup.Suspended.class);
		assertThat(this.history.find(grant.id()).orElseThrow().endReason()).isNotBlank();
		Alert alert = awaitAlert(touch.sequence());
		assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(alert.techniqueId()).isEqualTo("T1021");
		assertThat(alert.actor()).isEqualTo(this.vendor.subject());
		assertThat(alert.targetId()).isEqualTo("billing-db");
		await().atMost(BOUND).until(() -> this.alerts.find(alert.id()).orElseThrow().responseState().equals("DONE"));
		assertThat(this.alerts.find(alert.id()).orElseThrow().actionsTaken()).anyMatch(line -> line.contains("disabled"))
			.anyMatch(line -> line.contains("Organisation " + this.vendor.organisation() + " suspended"));
		AuditEvent raised = this.audit.latestByAction(AuditAction.ALERT_RAISED.action(), 50)
			.stream()
			.filter(e -> alert.id().equals(e.entry().details().get("alert.id")))
			.findFirst()
			.orElseThrow();
		assertThat(raised.entry().details()).containsEntry("threat.technique.id", "T1021")
			.containsEntry("alert.events", String.valueOf(touch.sequence()))
			.containsKey("alert.explanation");
		assertThat(raised.entry().severity()).isEqualTo(Severity.CRITICAL);
	}

	@Test
	void decoyTouchWhenDecoyDoesNotSuspendOrganisationThenPersonOnlyAndRepeatsFoldIntoOneAlert() {
		AuditEvent first = this.audit.append(
				Tripwire.decoy(Instant.now(), this.vendor.subject(), this.vendor.organisation(), "historian", false).build());
		AuditEvent second = this.audit.append(
				Tripwire.decoy(Instant.now(), this.vendor.subject(), this.vendor.organisation(), "historian", false).build());

		Alert alert = awaitAlert(first.sequence());
		await().atMost(BOUND).until(() -> this.alerts.find(alert.id()).orElseThrow().eventSequences().contains(second.sequence()));
		assertThat(this.alerts.find(alert.id()).orElseThrow().repeatCount()).isEqualTo(2);
		await().atMost(BOUND)
			.until(() -> this.accounts.findBySubject(this.vendor.subject()).orElseThrow().status() == UserStatus.DISABLED);
		assertThat(this.grantStore.isSuspended(this.vendor.organisation())).isFalse();
		assertThat(this.audit.latestByAction(AuditAction.ALERT_RAISED.action(), 100))
			.filteredOn(e -> alert.id().equals(e.entry().details().get("alert.id")))
			.hasSize(1);
	}

	@Test
	void decoyTouchWhenNobodySignedInThenAlertWithoutCutOff() {
		AuditEvent touch = this.audit.append(Tripwire.decoy(Instant.now(), "", "", "historian", false)
			.clientAddress("198.51.100." + (1 + (int) (Math.random() * 200)))
			.build());

		Alert alert = awaitAlert(touch.sequence());

		assertThat(alert.actor()).isEmpty();
		assertThat(alert.responseState()).isEqualTo("NONE");
	}

	@Test
	void alertRaisedWhenRunnerPassesItThenNoFurtherAlert() {
		AuditEvent touch = this.audit.append(Tripwire.decoy(Instant.now(), "", "", "historian", false)
			.clientAddress("192.0.2." + (1 + (int) (Math.random() * 200)))
			.build());
		Alert alert = awaitAlert(touch.sequence());
		long raisedAt = this.audit.latestByAction(AuditAction.ALERT_RAISED.action(), 50)
			.stream()
			.filter(e -> alert.id().equals(e.entry().details().get("alert.id")))
			.findFirst()
			.orElseThrow()
			.sequence();

		await().atMost(BOUND).until(() -> this.cursor.position() >= raisedAt);

		assertThat(this.alerts.list(AlertFilter.parse("all", "", "", "").orElseThrow(), 500))
			.noneMatch(a -> a.eventSequences().contains(raisedAt));
	}

	@Test
	void honeytokenWhenCreatedAtPortalThenShownOnceAndPresentingItSignedInCutsOffAndAlertNamesIt() {
		TestClient.Response created = this.admin.client()
			.postRaw("/access/honeytokens", "label=MDM+wiki+key&plantedWhere=MDM+wiki+page", "application/x-www-form-urlencoded");
		assertThat(created.status()).as(created.body()).isEqualTo(302);
		String page = this.admin.client().get("/access/honeytokens").body();
		Matcher shown = TOKEN.matcher(page);
		assertThat(shown.find()).as(page).isTrue();
		String token = shown.group();
		assertThat(TOKEN.matcher(this.admin.client().get("/access/honeytokens").body()).find()).as("shown once").isFalse();
		Liveness.awaitPlanted(this.registry, token);

		TestClient.Response presented = this.vendor.client().get("/access/vendor?api_key=" + token);

		assertThat(presented.status()).isEqualTo(404);
		AuditEvent trip = lastAudit(AuditAction.ACCESS_DECISION.action());
		assertThat(trip.entry().reason()).isEqualTo("HONEYTOKEN");
		assertThat(trip.entry().actor()).isEqualTo(this.vendor.subject());
		String tokenId = trip.entry().details().get("honeytoken.id");
		assertThat(tokenId).startsWith("ht-");
		Alert alert = awaitAlert(trip.sequence());
		assertThat(alert.explanation()).contains(tokenId);
		await().atMost(BOUND)
			.until(() -> this.accounts.findBySubject(this.vendor.subject()).orElseThrow().status() == UserStatus.DISABLED);
		assertThat(this.vendor.client().get("/access/vendor").status()).as("session ended").isNotEqualTo(200);
	}

	@Test
	void honeytokenWhenPresentedNotSignedInThenSameAnswerAndAuditedWithoutActor() {
		String token = io.keygate.policy.decoy.HoneytokenFormat.generate();
		this.registry.plant("ht-anon-" + UUID.randomUUID().toString().substring(0, 6),
				io.keygate.policy.decoy.HoneytokenFormat.hash(token));
		TestClient stranger = client();
		TestClient.Response ordinary = stranger.get("/login?key=nothing");

		TestClient.Response baited = client().send(java.net.http.HttpRequest.newBuilder(stranger.uri("/login"))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build());

		assertThat(baited.status()).isEqualTo(ordinary.status());
		AuditEvent trip = lastAudit(AuditAction.ACCESS_DECISION.action());
		assertThat(trip.entry().reason()).isEqualTo("HONEYTOKEN");
		assertThat(trip.entry().actor()).isEmpty();
		assertThat(trip.entry().severity()).isEqualTo(Severity.CRITICAL);
	}

	@Test
	void honeytokenWhenRevokedThenRegistryForgetsIt() {
		this.admin.client()
			.postRaw("/access/honeytokens", "label=x&plantedWhere=y", "application/x-www-form-urlencoded");
		Matcher shown = TOKEN.matcher(this.admin.client().get("/access/honeytokens").body());
		assertThat(shown.find()).isTrue();
		String hash = io.keygate.policy.decoy.HoneytokenFormat.hash(shown.group());
		String id = this.registry.idOf(hash).orElseThrow();

		TestClient.Response revoked = this.admin.client()
			.postRaw("/access/honeytokens/" + id + "/revoke", "", "application/x-www-form-urlencoded");

		assertThat(revoked.status()).isEqualTo(302);
		assertThat(this.registry.idOf(hash)).isEmpty();
		assertThat(lastAudit(AuditAction.HONEYTOKEN_REVOKED.action()).entry().details()).containsEntry("honeytoken.id", id);
	}

	@Test
	void honeytokensWhenNotSecurityAdminThenRefused() {
		assertThat(this.approver.client().get("/access/honeytokens").status()).isEqualTo(403);
		assertThat(this.vendor.client()
			.postRaw("/access/honeytokens", "label=x&plantedWhere=y", "application/x-www-form-urlencoded")
			.status()).isEqualTo(302);
		assertThat(this.registry.all().values()).noneMatch(id -> id.contains(this.vendor.subject()));
	}

	@Test
	void alertPageWhenApproverRevokesGrantWithKeyThenGrantEndsAndActionChained() {
		Grant grant = liveGrant(this.vendor, "head-end");
		AuditEvent event = this.audit.append(AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.now())
			.actor(this.vendor.subject())
			.organisation(this.vendor.organisation())
			.target("head-end")
			.severity(Severity.HIGH)
			.detail("alert.explanation", "Probing paths outside the granted level.")
			.detail("threat.technique.id", "T1021")
			.build());
		Alert alert = awaitAlert(event.sequence());
		assertThat(this.approver.client().get("/access/alerts").body()).contains(alert.id());
		String detail = this.approver.client().get("/access/alerts/" + alert.id()).body();
		assertThat(detail).contains("event-" + event.sequence()).contains("Revoke grant");

		TestClient.Response done = keySigned(this.approver, "/access/alerts/" + alert.id() + "/revoke-grant");

		assertThat(done.status()).as(done.body()).isEqualTo(200);
		assertThat(this.grantStore.lookup(this.vendor.subject(), this.vendor.organisation(), "head-end"))
			.isInstanceOf(GrantLookup.Revoked.class);
		assertThat(lastAudit(AuditAction.ALERT_ACTION_TAKEN.action()).entry().details())
			.containsEntry("alert.id", alert.id())
			.containsKey("credentialId");
		assertThat(this.alerts.find(alert.id()).orElseThrow().actionsTaken()).anyMatch(l -> l.contains(grant.subject()));
	}

	@Test
	void alertPageWhenSuspendPersonAndOrganisationWithKeyThenBothCutOff() {
		AuditEvent event = this.audit.append(AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.now())
			.actor(this.vendor.subject())
			.organisation(this.vendor.organisation())
			.severity(Severity.HIGH)
			.detail("alert.explanation", "Sign-in from a network never seen for this person.")
			.build());
		Alert alert = awaitAlert(event.sequence());

		assertThat(keySigned(this.admin, "/access/alerts/" + alert.id() + "/suspend-person").status()).isEqualTo(200);
		assertThat(keySigned(this.approver, "/access/alerts/" + alert.id() + "/suspend-organisation").status()).isEqualTo(200);

		assertThat(this.accounts.findBySubject(this.vendor.subject()).orElseThrow().status()).isEqualTo(UserStatus.DISABLED);
		assertThat(this.grantStore.isSuspended(this.vendor.organisation())).isTrue();
	}

	@Test
	void alertActionsWhenRefusedThenEachBranchAnswersItsCode() {
		AuditEvent event = this.audit.append(AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.now())
			.actor(this.approver.subject())
			.organisation(this.approver.organisation())
			.target("head-end")
			.severity(Severity.WARNING)
			.detail("alert.explanation", "Something about the approver.")
			.build());
		Alert alert = awaitAlert(event.sequence());
		String base = "/access/alerts/" + alert.id();

		assertThat(this.vendor.client().get("/access/alerts").status()).as("vendor").isEqualTo(403);
		assertThat(this.vendor.client().post(base + "/suspend-person/step-up", "{}").code()).isEqualTo("NOT_ALLOWED");
		assertThat(this.admin.client().post(base + "/reboot/step-up", "{}").status()).isEqualTo(404);
		assertThat(this.admin.client().get("/access/alerts/no-such-alert").status()).isEqualTo(404);
		assertThat(this.admin.client().get("/access/alerts?severity=LOUD").status()).isEqualTo(400);
		assertThat(this.approver.client().post(base + "/suspend-person/step-up", "{}").code()).as("self").isEqualTo("SELF_ACTION");
		// The key signs one challenge; the answer names another: the signature does not cover it.
		TestClient.Response signed = this.admin.client().post(base + "/suspend-person/step-up", "{}");
		TestClient.Response other = this.admin.client().post(base + "/suspend-person/step-up", "{}");
		String credential = this.admin.key().get(signed.json().get("publicKey"));
		assertThat(this.admin.client()
			.post(base + "/suspend-person",
					"{\"challengeId\":\"" + other.json().get("challengeId").asString() + "\",\"credential\":" + credential + "}")
			.code()).isEqualTo("CONFIRMATION_INVALID");
		assertThat(this.accounts.findBySubject(this.approver.subject()).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
		AuditEvent unnamed = this.audit.append(AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.now())
			.severity(Severity.WARNING)
			.detail("alert.explanation", "Nobody in particular.")
			.detail("alert.dedup", "nobody-" + UUID.randomUUID())
			.build());
		Alert nobody = awaitAlert(unnamed.sequence());
		assertThat(this.admin.client().post("/access/alerts/" + nobody.id() + "/suspend-organisation/step-up", "{}").code())
			.isEqualTo("NOTHING_TO_ACT_ON");
		assertThat(this.admin.client().postRaw(base + "/close", "", "application/x-www-form-urlencoded").status()).isEqualTo(302);
		assertThat(this.alerts.find(alert.id()).orElseThrow().state()).isEqualTo(AlertState.CLOSED);
		assertThat(this.admin.client().post(base + "/suspend-person/step-up", "{}").status()).isEqualTo(200)
			.as("a closed alert still names who to act on");
	}

	/** Waits for the registry to hold a token (a Redis registry refreshes; the in-memory one is at once). */
	static final class Liveness {

		static void awaitPlanted(HoneytokenRegistry registry, String token) {
			await().atMost(BOUND).until(() -> registry.idOf(io.keygate.policy.decoy.HoneytokenFormat.hash(token)).isPresent());
		}

	}

}
