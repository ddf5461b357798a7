package io.keygate.auth.breakglass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.keygate.auth.access.AccessTestConfiguration;
import io.keygate.auth.access.EmulatedKey;
import io.keygate.auth.access.OrganisationSuspension;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.notify.ChatReceiver;
import io.keygate.auth.web.RefusedException;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.testsupport.MutableClock;

/**
 * Break-glass end to end in the auth server: eligibility set with the admin's key, the emergency
 * grant live at once with its mark, the HIGH alert entry, mail to every approver and admin (a real
 * SMTP server) and a chat message (a local receiver), the review, and each refusal.
 */
@SpringBootTest(properties = { AccessTestConfiguration.CATALOG, "keygate.webauthn.rp-id=localhost",
		"keygate.webauthn.origins=http://localhost", "keygate.access.expiry-sweep-interval=PT1H",
		"keygate.access.activation-interval=PT1H", "keygate.access.webhook.poll-interval=PT0.1S",
		"keygate.notify.portal-url=https://keygate.utility.example", "keygate.notify.mail.host=127.0.0.1",
		"keygate.notify.mail.security=NONE", "keygate.notify.mail.allow-plaintext=true",
		"keygate.notify.mail.from=keygate@utility.example", "keygate.notify.reminders.sweep-interval=PT1H" })
@ActiveProfiles("test")
@Import(AccessTestConfiguration.class)
class BreakGlassTest {

	static final String IP = "192.0.2.99";

	// Not stopped after the class: the PostgreSQL subclass uses the same servers; they end with the JVM.
	static final GreenMail smtp = start();

	static final ChatReceiver chat = new ChatReceiver();

	static GreenMail start() {
		GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		mail.start();
		return mail;
	}

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("keygate.notify.mail.port", () -> smtp.getSmtp().getPort());
		registry.add("keygate.notify.slack.url", () -> chat.url("/slack"));
	}

	@Autowired
	BreakGlassDesk desk;

	@Autowired
	BreakGlassEligibilities eligibilities;

	@Autowired
	BreakGlassReviewJob reviewJob;

	@Autowired
	OrganisationSuspension suspension;

	@Autowired
	GrantStore grantStore;

	@Autowired
	AccountRepository accounts;

	@Autowired
	CredentialRepository credentials;

	@Autowired
	JdbcAuditLog audit;

	@Autowired
	MutableClock clock;

	Actor vendor;

	Actor ann;

	Actor admin;

	EmulatedKey adminKey;

	@BeforeEach
	void people() throws Exception {
		this.clock.set(AccessTestConfiguration.START);
		smtp.purgeEmailFromAllMailboxes();
		chat.clear();
		String run = UUID.randomUUID().toString().substring(0, 8);
		this.vendor = Actor.of("val-" + run, "itron-" + run, Role.VENDOR_ENGINEER);
		this.ann = Actor.of("ann-" + run, "utility", Role.APPROVER);
		this.admin = Actor.of("sec-" + run, "utility", Role.SECURITY_ADMIN);
		EmulatedKey.enroll(this.vendor, this.accounts, this.credentials);
		EmulatedKey.enroll(this.ann, this.accounts, this.credentials);
		this.adminKey = EmulatedKey.enroll(this.admin, this.accounts, this.credentials);
	}

	@Test
	void openWhenEligibleThenGrantLiveAtOnceMarkedAlertedAndEveryApproverAndAdminNotifiedOnEveryChannel() throws Exception {
		makeEligible("head-end");

		BreakGlassDesk.Opened opened = this.desk.open(this.vendor, "head-end", "operate",
				"SCADA link down, meter reads failing across feeder 7", IP);

		Grant grant = opened.grant();
		assertThat(grant.isBreakGlass()).isTrue();
		assertThat(grant.notBefore()).isEqualTo(AccessTestConfiguration.START);
		assertThat(grant.notAfter()).isEqualTo(AccessTestConfiguration.START.plus(Duration.ofMinutes(30)));
		assertThat(this.grantStore.lookup(this.vendor.subject(), this.vendor.organisation(), "head-end"))
			.isEqualTo(new GrantLookup.Live(grant));
		AuditEntry alert = single("break-glass.opened", grant.id());
		assertThat(alert.severity()).isEqualTo(Severity.HIGH);
		assertThat(alert.details()).containsEntry("threat.technique.id", "T1078")
			.containsKey("alert.explanation")
			.containsEntry("level", "operate");
		assertThat(alert.reason()).isEqualTo("SCADA link down, meter reads failing across feeder 7");
		assertThat(opened.notified()).startsWith("Notified: mailed ").contains("posted to Slack");

		await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(this.ann).size() == 1 && mailsTo(this.admin).size() == 1);
		MimeMessage mail = mailsTo(this.admin).get(0);
		assertThat(mail.getSubject()).isEqualTo("[Keygate] BREAK-GLASS opened by " + this.vendor.subject() + " on AMI head-end");
		assertThat(GreenMailUtil.getBody(mail)).contains("Reason: SCADA link down, meter reads failing across feeder 7")
			.contains("approve it in hindsight or mark it as misuse");
		assertThat(mailsTo(this.vendor)).as("the opener is not mailed their own alert").isEmpty();
		await().atMost(Duration.ofSeconds(20)).until(() -> !chat.bodies("/slack").isEmpty());
		String slack = chat.bodies("/slack").get(chat.bodies("/slack").size() - 1);
		assertThat(slack).contains("BREAK-GLASS opened on AMI head-end").contains("\"style\":\"danger\"");
		save("mail-break-glass.eml", GreenMailUtil.getWholeMessage(mail));
		save("slack-break-glass.json", slack);
	}

	@Test
	void openWhenNotEligibleThenRefusedAndAudited() {
		refused(() -> this.desk.open(this.vendor, "head-end", "read", "outage", IP), BreakGlassRefusal.NOT_ELIGIBLE);
		assertThat(this.grantStore.lookup(this.vendor.subject(), this.vendor.organisation(), "head-end"))
			.isInstanceOf(GrantLookup.Absent.class);
		assertThat(this.audit.latestByAction("break-glass.refused", 50)).extracting(AuditEvent::entry)
			.anySatisfy(entry -> {
				assertThat(entry.actor()).isEqualTo(this.vendor.subject());
				assertThat(entry.reason()).isEqualTo("NOT_ELIGIBLE");
			});
	}

	@Test
	void openWhenEligibleButAskingForFirmwareThenRefusedLevelNotAllowed() {
		makeEligible("head-end");
		refused(() -> this.desk.open(this.vendor, "head-end", "firmware", "push the fix", IP),
				BreakGlassRefusal.LEVEL_NOT_ALLOWED);
	}

	@Test
	void openWhenOrganisationSuspendedThenRefusedEvenIfEligible() {
		makeEligible("head-end");
		this.suspension.suspend(this.ann, this.vendor.organisation(), "breach declared", IP);

		refused(() -> this.desk.open(this.vendor, "head-end", "read", "outage", IP), BreakGlassRefusal.ORG_SUSPENDED);
	}

	@Test
	void openWhenReasonBlankThenRefusedReasonRequired() {
		makeEligible("head-end");
		refused(() -> this.desk.open(this.vendor, "head-end", "read", "   ", IP), BreakGlassRefusal.REASON_REQUIRED);
	}

	@Test
	void openWhenNotAVendorThenRefused() {
		refused(() -> this.desk.open(this.ann, "head-end", "read", "outage", IP), BreakGlassRefusal.NOT_A_VENDOR);
	}

	@Test
	void setEligibilityWhenKeyAssertionIsNotForThisChangeThenRefusedAndNothingSet() {
		var challenge = this.eligibilities.challenge(this.admin, this.vendor.subject(), "head-end");

		refused(() -> this.eligibilities.set(this.admin, this.vendor.subject(), "head-end",
				this.adminKey.signBytes(challenge.challengeId(), "other action".getBytes(StandardCharsets.UTF_8)), IP),
				BreakGlassRefusal.CONFIRMATION_INVALID);
		refused(() -> this.desk.open(this.vendor, "head-end", "read", "outage", IP), BreakGlassRefusal.NOT_ELIGIBLE);
	}

	@Test
	void setEligibilityWhenNotASecurityAdminThenRefused() {
		refused(() -> this.eligibilities.challenge(this.ann, this.vendor.subject(), "head-end"), BreakGlassRefusal.NOT_FOUND);
	}

	@Test
	void reviewWhenApprovedInHindsightThenRecordedAndASecondReviewRefused() {
		makeEligible("head-end");
		Grant grant = this.desk.open(this.vendor, "head-end", "read", "outage", IP).grant();

		BreakGlassRepository.Opening reviewed = this.desk.review(this.admin, grant.id(), false, "matches INC-4411", IP);

		assertThat(reviewed.review()).isEqualTo(BreakGlassRepository.Review.APPROVED_IN_HINDSIGHT);
		assertThat(reviewed.reviewedBy()).isEqualTo(this.admin.subject());
		assertThat(this.accounts.findBySubject(this.vendor.subject()).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
		refused(() -> this.desk.review(this.admin, grant.id(), true, "changed my mind", IP), BreakGlassRefusal.ALREADY_REVIEWED);
	}

	@Test
	void reviewWhenMisuseThenPersonDisabledGrantRevokedAndAlertRaised() {
		makeEligible("head-end");
		Grant grant = this.desk.open(this.vendor, "head-end", "operate", "outage", IP).grant();

		BreakGlassRepository.Opening reviewed = this.desk.review(this.admin, grant.id(), true, "no outage that night", IP);

		assertThat(reviewed.review()).isEqualTo(BreakGlassRepository.Review.MISUSE);
		assertThat(this.accounts.findBySubject(this.vendor.subject()).orElseThrow().status()).isEqualTo(UserStatus.DISABLED);
		assertThat(this.grantStore.lookup(this.vendor.subject(), this.vendor.organisation(), "head-end"))
			.isInstanceOf(GrantLookup.Revoked.class);
		AuditEntry misuse = single("break-glass.misuse", grant.id());
		assertThat(misuse.severity()).isEqualTo(Severity.HIGH);
		assertThat(misuse.details()).containsKey("alert.explanation").containsEntry("threat.technique.id", "T1078");
	}

	@Test
	void reviewJobWhenGrantEndedUnreviewedThenAdminsMailedOnceAndAudited() {
		makeEligible("head-end");
		Grant grant = this.desk.open(this.vendor, "head-end", "read", "outage at substation 4", IP).grant();
		await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(this.admin).size() == 1);

		this.clock.set(grant.notAfter().minusSeconds(1));
		this.reviewJob.remindDue();
		assertThat(this.audit.latestByAction("break-glass.review-due", 200)).extracting(AuditEvent::entry)
			.as("not before the grant ended")
			.noneMatch(e -> grant.id().equals(e.grantId()));

		this.clock.set(grant.notAfter());
		assertThat(this.reviewJob.remindDue()).isPositive();
		this.reviewJob.remindDue();

		assertThat(single("break-glass.review-due", grant.id()).severity()).isEqualTo(Severity.WARNING);
		// Other tests' unreviewed openings end at the same instant: this admin is told of those too.
		String subject = "[Keygate] Review due: break-glass by " + this.vendor.subject() + " on AMI head-end";
		await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(this.admin).stream().filter(m -> {
			try {
				return subject.equals(m.getSubject());
			}
			catch (jakarta.mail.MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).count() == 1);
		assertThat(mailsTo(this.ann)).as("approvers are not reviewers").hasSize(1);
	}

	@Test
	void reviewWhenNoteMissingThenRefused() {
		refused(() -> this.desk.review(this.admin, "no-such-grant", true, "", IP), BreakGlassRefusal.REVIEW_NOTE_REQUIRED);
		refused(() -> this.desk.review(this.admin, "no-such-grant", true, "why", IP), BreakGlassRefusal.NOT_FOUND);
	}

	@Test
	void propertiesWhenFirmwareListedOrTooLongThenStartUpRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BreakGlassProperties(Duration.ofMinutes(30),
				List.of("read", "firmware"))).withMessageContaining("keygate.break-glass.levels");
		assertThatIllegalArgumentException().isThrownBy(() -> new BreakGlassProperties(Duration.ofHours(3), List.of("read")))
			.withMessageContaining("keygate.break-glass.duration");
	}

	private void makeEligible(String targetId) {
		var challenge = this.eligibilities.challenge(this.admin, this.vendor.subject(), targetId);
		this.eligibilities.set(this.admin, this.vendor.subject(), targetId, this.adminKey.sign(challenge), IP);
	}

	private static void refused(Runnable action, BreakGlassRefusal expected) {
		assertThatExceptionOfType(RefusedException.class).isThrownBy(action::run)
			.satisfies(ex -> assertThat(ex.refusal()).isEqualTo(expected));
	}

	private AuditEntry single(String action, String grantId) {
		List<AuditEntry> entries = this.audit.latestByAction(action, 200)
			.stream()
			.map(AuditEvent::entry)
			.filter(e -> grantId.equals(e.grantId()))
			.toList();
		assertThat(entries).hasSize(1);
		return entries.get(0);
	}

	private static List<MimeMessage> mailsTo(Actor person) {
		String address = person.subject() + "@example.org";
		return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
			try {
				return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
			}
			catch (jakarta.mail.MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	private static void save(String name, String text) throws IOException {
		Path dir = Path.of("target", "notify-evidence");
		Files.createDirectories(dir);
		Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
	}

}
