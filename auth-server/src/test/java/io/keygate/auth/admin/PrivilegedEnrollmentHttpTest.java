package io.keygate.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.enrollment.EnrollmentLinkRefusal;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.auth.webauthn.StoredCredential;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Separation of duties over real HTTP, with emulated hardware keys: an insider security admin
 * trying to become an approver (re-inviting one, confirming their own invitation, creating two
 * approver identities) and a disabled person trying to come back through a link.
 */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.gateway.public-url=https://gateway.utility.example" })
class PrivilegedEnrollmentHttpTest extends KeygateHttpTest {

	@Autowired
	AccountRepository accounts;

	String run;

	Person adminA;

	Person adminB;

	/** A signed-in person and their key. */
	record Person(String subject, VirtualKey key, TestClient client) {
	}

	@BeforeEach
	void twoSecurityAdmins() {
		this.run = UUID.randomUUID().toString().substring(0, 8);
		this.adminA = person("admin-a-" + this.run + "@utility.example", Role.SECURITY_ADMIN);
		this.adminB = person("admin-b-" + this.run + "@utility.example", Role.SECURITY_ADMIN);
	}

	private Person person(String email, Role... roles) {
		VirtualKey key = VirtualKey.packed();
		return new Person(email, key, enroll(key, email, roles));
	}

	/** A step-up for {@code who}'s own key, then the action with its assertion. */
	private static TestClient.Response keySigned(Person who, String stepUpPath, String actionPath) {
		TestClient.Response challenge = who.client().post(stepUpPath, "{}");
		if (challenge.status() != 200) {
			return challenge;
		}
		String credential = who.key().get(challenge.json().get("publicKey"));
		return who.client().post(actionPath,
				"{\"challengeId\":\"" + challenge.json().get("challengeId").asString() + "\",\"credential\":" + credential + "}");
	}

	private static TestClient.Response confirm(Person admin, String invitationId) {
		return keySigned(admin, "/admin/invitations/" + invitationId + "/confirmation/step-up",
				"/admin/invitations/" + invitationId + "/confirmation");
	}

	private TestClient.Response inviteApprover(Person admin, String email) {
		return admin.client().post("/admin/invitations",
				Map.of("email", email, "displayName", "Approver " + email, "organisation", "utility", "roles", List.of("APPROVER")));
	}

	/** Registers {@code key} through a one-time link on a fresh client (signed in afterwards). */
	private TestClient.Response enrollWithLink(String link, VirtualKey key, TestClient client) {
		String token = link.substring(link.indexOf("token=") + 6);
		TestClient.Response options = client.post("/enroll/options", Map.of("token", token));
		if (options.status() != 200) {
			return options;
		}
		return client.post("/enroll/finish",
				"{\"token\":\"" + token + "\",\"label\":\"k\",\"credential\":" + key.create(options.json()) + "}");
	}

	/** An approver created by {@code asker}, confirmed by {@code confirmer}, enrolled with their own key. */
	private Person approverMadeBy(Person asker, Person confirmer, String email) {
		TestClient.Response asked = inviteApprover(asker, email);
		assertThat(asked.status()).as(asked.body()).isEqualTo(202);
		TestClient.Response confirmed = confirm(confirmer, asked.json().get("invitationId").asString());
		assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
		VirtualKey key = VirtualKey.packed();
		TestClient client = client();
		assertThat(enrollWithLink(asked.json().get("link").asString(), key, client).status()).isEqualTo(200);
		return new Person(email, key, client);
	}

	private AuditEvent lastAuditAbout(String action, String key, String value) {
		return this.audit.latestByAction(action, 1000).stream()
			.filter(e -> value.equals(String.valueOf(e.entry().details().get(key))))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + action + " with " + key + "=" + value));
	}

	@Test
	void reinviteWhenOneAdminReinvitesExistingApproverThenLinkRefusedUntilSecondAdminConfirmsAndOldKeysRevoked() {
		Person approver = person("ann-" + this.run + "@utility.example", Role.APPROVER);

		TestClient.Response reinvited = this.adminA.client().post("/admin/users/" + approver.subject() + "/reinvite", "{}");

		// Nothing usable reaches the admin who asked: the link is refused until a second admin confirms.
		assertThat(reinvited.status()).as(reinvited.body()).isEqualTo(202);
		assertThat(reinvited.json().get("state").asString()).isEqualTo("AWAITING_CONFIRMATION");
		String link = reinvited.json().get("link").asString();
		TestClient holder = client();
		assertThat(holder.get("/enroll?token=" + link.substring(link.indexOf("token=") + 6)).status()).isEqualTo(403);
		TestClient.Response early = enrollWithLink(link, VirtualKey.packed(), holder);
		assertThat(early.status()).isEqualTo(403);
		assertThat(early.code()).isEqualTo("INVITATION_AWAITING_CONFIRMATION");
		assertThat(this.credentials.findBySubject(approver.subject())).hasSize(1);
		assertThat(signIn(approver.key()).response().status()).isEqualTo(200);
		// Nor can they get one by inviting the e-mail afresh.
		TestClient.Response fresh = inviteApprover(this.adminA, approver.subject());
		assertThat(fresh.status()).isEqualTo(409);
		assertThat(fresh.code()).isEqualTo("ACCOUNT_EXISTS");
		// Nor by confirming it themself.
		String invitationId = reinvited.json().get("invitationId").asString();
		assertThat(confirm(this.adminA, invitationId).code()).isEqualTo("OWN_INVITATION");

		TestClient.Response confirmed = confirm(this.adminB, invitationId);
		assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
		VirtualKey newKey = VirtualKey.packed();
		assertThat(enrollWithLink(link, newKey, holder).status()).isEqualTo(200);

		// The new key replaced every earlier one: whoever holds the link does not share the account.
		assertThat(this.credentials.findBySubject(approver.subject())).extracting(StoredCredential::label).containsExactly("k");
		assertThat(signIn(approver.key()).response().status()).isEqualTo(401);
		assertThat(signIn(newKey).response().status()).isEqualTo(200);
		AuditEvent completed = lastAuditAbout("enrollment.completed", "invitationId", invitationId);
		assertThat(completed.entry().severity()).isEqualTo(Severity.HIGH);
		assertThat(completed.entry().details()).containsEntry("invitedBy", this.adminA.subject())
			.containsEntry("confirmedBy", this.adminB.subject())
			.containsEntry("keysRevoked", "1");
		// Who re-enrolled the account is on record (and feeds the approval rule).
		JsonNode users = this.adminB.client().getJson("/admin/users").json();
		JsonNode row = null;
		for (JsonNode user : users) {
			if (user.get("subject").asString().equals(approver.subject())) {
				row = user;
			}
		}
		assertThat(row).isNotNull();
		assertThat(row.get("enrolledBy").toString()).contains("reenrolled by " + this.adminA.subject());
	}

	@Test
	void confirmWhenAdminConfirmsOwnInvitationThenRefusedAndOnlySecondAdminMakesTheLinkWork() {
		String email = "new-approver-" + this.run + "@utility.example";
		TestClient.Response asked = inviteApprover(this.adminA, email);
		assertThat(asked.status()).as(asked.body()).isEqualTo(202);
		String invitationId = asked.json().get("invitationId").asString();
		assertThat(this.adminB.client().getJson("/admin/invitations/awaiting-confirmation").body()).contains(invitationId);
		assertThat(lastAuditAbout("enrollment.invitation.awaiting-confirmation", "invitationId", invitationId).entry().severity())
			.isEqualTo(Severity.HIGH);

		// The asking admin is refused at the step-up, before any key touch...
		TestClient.Response own = this.adminA.client().post("/admin/invitations/" + invitationId + "/confirmation/step-up", "{}");
		assertThat(own.status()).isEqualTo(403);
		assertThat(own.code()).isEqualTo("OWN_INVITATION");
		// ...and with a key assertion made for another admin's step-up, at the confirmation itself.
		TestClient.Response challenge = this.adminB.client()
			.post("/admin/invitations/" + invitationId + "/confirmation/step-up", "{}");
		ObjectNode anyKey = (ObjectNode) challenge.json().get("publicKey").deepCopy();
		anyKey.remove("allowCredentials");
		String stolen = "{\"challengeId\":\"" + challenge.json().get("challengeId").asString() + "\",\"credential\":"
				+ this.adminA.key().get(anyKey) + "}";
		TestClient.Response replayed = this.adminA.client().post("/admin/invitations/" + invitationId + "/confirmation", stolen);
		assertThat(replayed.status()).isEqualTo(403);
		assertThat(replayed.code()).isEqualTo("OWN_INVITATION");
		assertThat(lastAuditAbout("enrollment.invitation.confirm.refused", "invitee", email).entry().reason())
			.isEqualTo("OWN_INVITATION");
		// A garbage assertion by the second admin is refused too and issues nothing.
		TestClient.Response garbage = this.adminB.client().post("/admin/invitations/" + invitationId + "/confirmation",
				"{\"challengeId\":\"nope\",\"credential\":{\"type\":\"public-key\"}}");
		assertThat(garbage.status()).isEqualTo(403);
		assertThat(garbage.code()).isEqualTo("CONFIRMATION_INVALID");

		TestClient.Response confirmed = confirm(this.adminB, invitationId);

		assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
		assertThat(confirmed.json().get("state").asString()).isEqualTo("ISSUED");
		assertThat(confirmed.json().has("link")).isFalse();
		AuditEvent event = lastAuditAbout("enrollment.invitation.confirmed", "invitationId", invitationId);
		assertThat(event.entry().severity()).isEqualTo(Severity.HIGH);
		assertThat(event.entry().details()).containsEntry("invitedBy", this.adminA.subject())
			.containsEntry("confirmedBy", this.adminB.subject());
		// Confirmed once: a second confirmation finds nothing waiting.
		assertThat(confirm(this.adminB, invitationId).code()).isEqualTo("NOT_AWAITING_CONFIRMATION");
		assertThat(enrollWithLink(asked.json().get("link").asString(), VirtualKey.packed(), client()).status()).isEqualTo(200);
		assertThat(this.accounts.findBySubject(email).orElseThrow().roles()).containsExactly(Role.APPROVER);
	}

	@Test
	void approveWhenOneAdminCreatedBothApproversThenTheyCannotMeetATwoApproverRuleAlone() {
		Person first = approverMadeBy(this.adminA, this.adminB, "p1-" + this.run + "@utility.example");
		Person second = approverMadeBy(this.adminA, this.adminB, "p2-" + this.run + "@utility.example");
		Person independent = approverMadeBy(this.adminB, this.adminA, "p3-" + this.run + "@utility.example");
		Person vendor = person("vic-" + this.run + "@itron" + this.run + ".example", Role.VENDOR_ENGINEER);
		TestClient.Response asked = vendor.client().post("/api/v1/requests", Map.of("targetId", "mdm", "level", "read",
				"durationMinutes", 30, "reason", "read meter events", "ticket", "CHG-" + this.run));
		assertThat(asked.status()).as(asked.body()).isEqualTo(201);
		String requestId = asked.json().get("id").asString();

		TestClient.Response one = approve(first, requestId);
		assertThat(one.status()).as(one.body()).isEqualTo(200);
		assertThat(one.json().path("grant").isMissingNode() || one.json().path("grant").isNull()).as(one.body()).isTrue();

		// Both accounts were created by admin A: for counting they are one person.
		TestClient.Response sameCreator = approve(second, requestId);
		assertThat(sameCreator.status()).isEqualTo(403);
		assertThat(sameCreator.code()).isEqualTo("NOT_INDEPENDENT");

		TestClient.Response two = approve(independent, requestId);
		assertThat(two.status()).as(two.body()).isEqualTo(200);
		assertThat(two.json().get("grant").get("approvers").toString()).contains(first.subject())
			.contains(independent.subject())
			.doesNotContain(second.subject());
	}

	private static TestClient.Response approve(Person approver, String requestId) {
		TestClient.Response challenge = approver.client().post("/api/v1/requests/" + requestId + "/step-up", "{}");
		if (challenge.status() != 200) {
			return challenge;
		}
		return approver.client().post("/api/v1/requests/" + requestId + "/approvals", "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"comment\":\"ok\",\"credential\":"
				+ approver.key().get(challenge.json().get("publicKey")) + "}");
	}

	@Test
	void enrollWhenAccountDisabledThenEveryLinkRefusedAndAccountStaysDisabled() {
		Person vendor = person("leaver-" + this.run + "@itron.example", Role.VENDOR_ENGINEER);
		TestClient.Response reinvited = this.adminA.client().post("/admin/users/" + vendor.subject() + "/reinvite", "{}");
		assertThat(confirm(this.adminB, reinvited.json().get("invitationId").asString()).status()).isEqualTo(200);
		String reenrollLink = reinvited.json().get("link").asString();

		assertThat(this.adminA.client().post("/admin/users/" + vendor.subject() + "/disable", "{}").status()).isEqualTo(200);
		// A link for the same e-mail that disabling did not see (made in-process, as links were before
		// this release): a plain new-account link, asking for more roles.
		String otherLink = this.invitations.invite("test-admin", vendor.subject(), "Leaver", "itron-example",
				java.util.Set.of(Role.VENDOR_ENGINEER, Role.APPROVER), "127.0.0.1").link();

		// Disabling withdrew the outstanding re-enrollment.
		TestClient.Response reenroll = enrollWithLink(reenrollLink, VirtualKey.packed(), client());
		assertThat(reenroll.status()).isEqualTo(410);
		assertThat(reenroll.code()).isEqualTo("INVITATION_REVOKED");
		assertThat(lastAudit("enrollment.invitations.cancelled").entry().details()).containsEntry("invitee", vendor.subject());
		// Any other link is refused as long as the account is disabled, on the page and at the key ceremony.
		String token = otherLink.substring(otherLink.indexOf("token=") + 6);
		TestClient stranger = client();
		assertThat(stranger.get("/enroll?token=" + token).status()).isEqualTo(403);
		TestClient.Response other = enrollWithLink(otherLink, VirtualKey.packed(), stranger);
		assertThat(other.status()).isEqualTo(403);
		assertThat(other.code()).isEqualTo(EnrollmentLinkRefusal.ACCOUNT_DISABLED.name());
		assertThat(stranger.getJson("/account/keys").status()).isEqualTo(401);

		assertThat(this.accounts.findBySubject(vendor.subject()).orElseThrow().status()).isEqualTo(UserStatus.DISABLED);
		assertThat(this.accounts.findBySubject(vendor.subject()).orElseThrow().roles()).containsExactly(Role.VENDOR_ENGINEER);
		assertThat(this.credentials.findBySubject(vendor.subject())).hasSize(1);
		AuditEvent refused = lastAudit("enrollment.refused");
		assertThat(refused.entry().reason()).isEqualTo("ACCOUNT_DISABLED");
		assertThat(refused.entry().severity()).isEqualTo(Severity.HIGH);
		// A re-enrollment of a disabled account is not even created.
		assertThat(this.adminA.client().post("/admin/users/" + vendor.subject() + "/reinvite", "{}").code())
			.isEqualTo("ACCOUNT_DISABLED");
	}

	@Test
	void enableWhenAdminConfirmsWithKeyThenActiveAgainOtherwiseRefused() {
		Person vendor = person("back-" + this.run + "@itron" + this.run + ".example", Role.VENDOR_ENGINEER);
		Person approver = person("otto-" + this.run + "@utility.example", Role.APPROVER);
		TestClient.Response asked = vendor.client().post("/api/v1/requests", Map.of("targetId", "head-end", "level", "read",
				"durationMinutes", 30, "reason", "read meter events", "ticket", "CHG-" + this.run));
		assertThat(approve(approver, asked.json().get("id").asString()).status()).isEqualTo(200);
		java.util.regex.Pattern marked = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(vendor.subject())
				+ " \\([^)]*\\)</span>\\s*<span class=\"disabled-person\">DISABLED</span>");
		assertThat(marked.matcher(this.adminA.client().get("/access/admin").body()).find()).isFalse();

		assertThat(this.adminA.client().post("/admin/users/" + vendor.subject() + "/disable", "{}").status()).isEqualTo(200);

		// Wherever staff see the person listed, the disabled state shows.
		assertThat(marked.matcher(this.adminA.client().get("/access/admin").body()).find()).isTrue();
		assertThat(this.adminA.client().getJson("/admin/users").body())
			.contains("\"subject\":\"" + vendor.subject() + "\",\"displayName\"")
			.containsPattern(java.util.regex.Pattern.quote(vendor.subject()) + "[^}]*\"status\":\"DISABLED\",\"disabled\":true");

		TestClient.Response noKey = this.adminA.client().post("/admin/users/" + vendor.subject() + "/enable",
				"{\"challengeId\":\"nope\",\"credential\":{\"type\":\"public-key\"}}");
		assertThat(noKey.status()).isEqualTo(403);
		assertThat(noKey.code()).isEqualTo("CONFIRMATION_INVALID");
		assertThat(this.accounts.findBySubject(vendor.subject()).orElseThrow().status()).isEqualTo(UserStatus.DISABLED);
		assertThat(signIn(vendor.key()).response().status()).isEqualTo(401);

		TestClient.Response enabled = keySigned(this.adminA, "/admin/users/" + vendor.subject() + "/enable/step-up",
				"/admin/users/" + vendor.subject() + "/enable");

		assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
		assertThat(enabled.json().get("grantsRestored").asInt()).isZero();
		assertThat(this.accounts.findBySubject(vendor.subject()).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
		assertThat(signIn(vendor.key()).response().status()).isEqualTo(200);
		assertThat(lastAudit("account.enabled").entry().details()).containsEntry("subject", vendor.subject());
		assertThat(marked.matcher(this.adminA.client().get("/access/admin").body()).find()).isFalse();
		// Enabling an account that is not disabled is refused.
		assertThat(this.adminA.client().post("/admin/users/" + vendor.subject() + "/enable/step-up", "{}").code())
			.isEqualTo("NOT_DISABLED");
	}

}
