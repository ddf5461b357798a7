package io.keygate.auth.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
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
import io.keygate.auth.access.GrantRevocation;
import io.keygate.auth.access.RequestApproval;
import io.keygate.auth.access.RequestSubmission;
import io.keygate.auth.access.webhook.ChannelHealth;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest;
import io.keygate.policy.testsupport.MutableClock;

/**
 * Every channel at once against real servers in this JVM: GreenMail for SMTP (with the password
 * the secret would give) and a local HTTP receiver for Slack, Teams and the signed webhook.
 */
@SpringBootTest(properties = { AccessTestConfiguration.CATALOG, "keygate.webauthn.rp-id=localhost",
		"keygate.webauthn.origins=http://localhost", "keygate.access.expiry-sweep-interval=PT1H",
		"keygate.access.activation-interval=PT1H", "keygate.access.webhook.poll-interval=PT0.1S",
		"keygate.access.webhook.initial-backoff=PT1S", "keygate.access.webhook.max-backoff=PT2S",
		"keygate.access.webhook.secret=0123456789abcdef0123456789abcdef-notify",
		"keygate.notify.portal-url=https://keygate.utility.example", "keygate.notify.mail.host=127.0.0.1",
		"keygate.notify.mail.security=NONE", "keygate.notify.mail.allow-plaintext=true",
		"keygate.notify.mail.from=keygate@utility.example", "keygate.notify.mail.username=keygate",
		"keygate.notify.reminders.sweep-interval=PT1H" })
@ActiveProfiles("test")
@Import(AccessTestConfiguration.class)
class NotificationDeliveryTest {

	static final String IP = "192.0.2.19";

	static final GreenMail smtp = startSmtp();

	static final ChatReceiver chat = new ChatReceiver();

	static GreenMail startSmtp() {
		GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		mail.start();
		mail.setUser("keygate@utility.example", "keygate", "smtp-secret-from-env");
		return mail;
	}

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("keygate.notify.mail.port", () -> smtp.getSmtp().getPort());
		// What KEYGATE_NOTIFY_MAIL_PASSWORD gives in production.
		registry.add("keygate.notify.mail.password", () -> "smtp-secret-from-env");
		registry.add("keygate.notify.slack.url", () -> chat.url("/slack"));
		registry.add("keygate.notify.teams.url", () -> chat.url("/teams"));
		registry.add("keygate.access.webhook.url", () -> chat.url("/hook"));
	}

	@AfterAll
	static void stop() {
		smtp.stop();
		chat.close();
	}

	@Autowired
	RequestSubmission submission;

	@Autowired
	RequestApproval approval;

	@Autowired
	GrantRevocation revocation;

	@Autowired
	Notifications notifications;

	@Autowired
	ReminderJob reminders;

	@Autowired
	ChannelHealth health;

	@Autowired
	ChannelHealthController healthView;

	@Autowired
	AccountRepository accounts;

	@Autowired
	CredentialRepository credentials;

	@Autowired
	MutableClock clock;

	Actor vendor;

	Actor ann;

	Actor amy;

	Actor vendorsOwnApprover;

	Actor adminOnly;

	EmulatedKey annKey;

	@BeforeEach
	void people() throws Exception {
		this.clock.set(AccessTestConfiguration.START);
		smtp.purgeEmailFromAllMailboxes();
		chat.clear();
		String run = UUID.randomUUID().toString().substring(0, 8);
		this.vendor = Actor.of("val-" + run, "itron-" + run, Role.VENDOR_ENGINEER);
		this.ann = Actor.of("ann-" + run, "utility", Role.APPROVER);
		this.amy = Actor.of("amy-" + run, "utility", Role.APPROVER);
		this.vendorsOwnApprover = Actor.of("vic-" + run, this.vendor.organisation(), Role.APPROVER);
		this.adminOnly = Actor.of("sec-" + run, "utility", Role.SECURITY_ADMIN);
		EmulatedKey.enroll(this.vendor, this.accounts, this.credentials);
		this.annKey = EmulatedKey.enroll(this.ann, this.accounts, this.credentials);
		EmulatedKey.enroll(this.amy, this.accounts, this.credentials);
		EmulatedKey.enroll(this.vendorsOwnApprover, this.accounts, this.credentials);
		EmulatedKey.enroll(this.adminOnly, this.accounts, this.credentials);
	}

	@Test
	void submitWhenEveryChannelConfiguredThenDecidersMailedWithDetailsAndLinkAndChatsPostedAndSentenceSaysSo() throws Exception {
		AccessRequest request = submit("head-end", "operate", "feeder 12 meters offline after storm");

		assertThat(this.notifications.toldSentence(request.id()))
			.isEqualTo("Notified: mailed " + decidersNow(request) + " approvers, posted to Slack, posted to Microsoft Teams, "
					+ "sent to the webhook.");
		List<MimeMessage> mails = mailsTo(this.ann, this.amy);
		assertThat(mails).hasSize(2);
		MimeMessage mail = mails.get(0);
		String body = GreenMailUtil.getBody(mail);
		assertThat(mail.getSubject()).isEqualTo("[Keygate] " + this.vendor.organisation() + " asks for operate access to AMI head-end");
		assertThat(mail.getFrom()[0].toString()).isEqualTo("keygate@utility.example");
		assertThat(body).contains("Target:  AMI head-end (head-end, STANDARD)")
			.contains("Level:   operate")
			.contains("Window:  on approval, for 30 minutes")
			.contains("Reason:  feeder 12 meters offline after storm")
			.contains("Ticket:  INC-19")
			.contains("Hints:   first request from " + this.vendor.organisation() + " for this target")
			.contains("this mail cannot approve")
			.contains("https://keygate.utility.example/access/approver#request-" + request.id());
		// Never the requester's own organisation, never someone without the approver role.
		assertThat(smtp.getReceivedMessagesForDomain("example.org")).extracting(m -> m.getAllRecipients()[0].toString())
			.doesNotContain(this.vendorsOwnApprover.subject() + "@example.org", this.adminOnly.subject() + "@example.org",
					this.vendor.subject() + "@example.org");
		Evidence.save("mail-request-submitted.eml", GreenMailUtil.getWholeMessage(mail));

		// Other tests' messages may still be arriving: each receiver is read for this request only.
		await().atMost(Duration.ofSeconds(20)).until(() -> about("/slack", request).size() == 1
				&& about("/teams", request).size() == 1 && about("/hook", request).size() == 1);
		String slack = about("/slack", request).get(0);
		assertThat(slack).contains("\"blocks\"")
			.contains("\"type\":\"header\"")
			.contains("feeder 12 meters offline after storm")
			.contains("\"url\":\"https://keygate.utility.example/access/approver#request-" + request.id() + "\"");
		String teams = about("/teams", request).get(0);
		assertThat(teams).startsWith("{\"type\":\"message\"")
			.contains("\"contentType\":\"application/vnd.microsoft.card.adaptive\"")
			.contains("\"type\":\"AdaptiveCard\"")
			.contains("{\"title\":\"Ticket\",\"value\":\"INC-19\"}")
			.contains("\"type\":\"Action.OpenUrl\"")
			.contains("https://keygate.utility.example/access/approver#request-" + request.id());
		assertThat(about("/hook", request).get(0)).contains("\"type\":\"request.submitted\"").contains("\"reason\":\"feeder 12 meters offline after storm\"")
			.contains("\"link\":\"https://keygate.utility.example/access/approver#request-" + request.id() + "\"");
		Evidence.save("slack-request-submitted.json", slack);
		Evidence.save("teams-request-submitted.json", teams);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.health.all())
			.filteredOn(state -> state.channel().equals("mail"))
			.singleElement()
			.satisfies(state -> assertThat(state.lastSuccessAt()).isNotNull()));
	}

	@Test
	void decideWhenApprovedOrDeniedThenTheVendorIsMailedTheDecision() throws Exception {
		AccessRequest denied = submit("head-end", "read", "look at the logs");
		awaitMails(2);
		smtp.purgeEmailFromAllMailboxes();
		this.approval.deny(this.ann, denied.id(), "use the maintenance window on Thursday", IP);

		MimeMessage deniedMail = singleMailTo(this.vendor);
		assertThat(deniedMail.getSubject()).isEqualTo("[Keygate] Your request for AMI head-end was denied");
		assertThat(GreenMailUtil.getBody(deniedMail)).contains("Approver's comment: use the maintenance window on Thursday");

		smtp.purgeEmailFromAllMailboxes();
		AccessRequest approved = submit("mdm", "read", "reading meters");
		awaitMails(2);
		smtp.purgeEmailFromAllMailboxes();
		approve(approved);
		assertThat(singleMailTo(this.vendor).getSubject()).isEqualTo("[Keygate] Your request for Meter data management was approved");
	}

	@Test
	void grantWhenAboutToEndOrRevokedThenTheHolderIsMailed() throws Exception {
		AccessRequest request = submit("head-end", "read", "firmware inventory");
		awaitMails(2);
		Grant grant = approve(request).grant().orElseThrow();
		assertThat(singleMailTo(this.vendor).getSubject()).endsWith("was approved");
		smtp.purgeEmailFromAllMailboxes();

		this.clock.set(grant.notAfter().minus(Duration.ofMinutes(11)));
		assertThat(this.reminders.sweep().endingNotices()).as("11 minutes before the end: not yet").isZero();
		this.clock.set(grant.notAfter().minus(Duration.ofMinutes(9)));
		assertThat(this.reminders.sweep().endingNotices()).as("this grant, and any other test's ending then").isPositive();
		assertThat(this.reminders.sweep().endingNotices()).as("once per grant").isZero();
		MimeMessage ending = singleMailTo(this.vendor);
		assertThat(ending.getSubject()).startsWith("[Keygate] Your access to AMI head-end ends at ");

		smtp.purgeEmailFromAllMailboxes();
		this.revocation.revokeGrant(this.ann, grant.id(), "vendor laptop reported stolen", IP);
		MimeMessage revoked = singleMailTo(this.vendor);
		assertThat(revoked.getSubject()).isEqualTo("[Keygate] Your access to AMI head-end was revoked");
		assertThat(GreenMailUtil.getBody(revoked)).contains("Reason: vendor laptop reported stolen");
	}

	@Test
	void deliverWhenChatReceiverFailsThenHealthShowsTheErrorAndTheRetryRecordsSuccess() {
		chat.failNext("/slack", 1);
		AccessRequest request = submit("head-end", "read", "check the health");

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.health.all())
			.filteredOn(state -> state.channel().equals("slack"))
			.singleElement()
			.satisfies(state -> assertThat(state.lastError()).isEqualTo("HTTP 500")));
		assertThat(this.healthView.channels().get("channels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.anySatisfy(row -> assertThat(castRow(row)).containsEntry("channel", "slack")
				.containsEntry("configured", true)
				.containsEntry("healthy", false)
				.containsEntry("lastError", "HTTP 500"));
		assertThat(about("/slack", request)).isEmpty();

		// The retry waits for its backoff on the injected clock.
		this.clock.advance(Duration.ofSeconds(3));
		await().atMost(Duration.ofSeconds(20)).until(() -> about("/slack", request).size() == 1);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.health.all())
			.filteredOn(state -> state.channel().equals("slack"))
			.singleElement()
			.satisfies(state -> assertThat(state.lastSuccessAt()).isAfter(state.lastErrorAt())));
	}

	@SuppressWarnings("unchecked")
	private static java.util.Map<String, Object> castRow(Object row) {
		return (java.util.Map<String, Object>) row;
	}

	private static List<String> about(String path, AccessRequest request) {
		return chat.bodies(path).stream().filter(body -> body.contains(request.id())).toList();
	}

	private AccessRequest submit(String target, String level, String reason) {
		return this.submission.submit(this.vendor, new RequestSubmission.Submission(target, level, Optional.empty(),
				Duration.ofMinutes(30), reason, "INC-19"), IP);
	}

	private RequestApproval.ApprovalResult approve(AccessRequest request) {
		RequestApproval.ApprovalResult result = this.approval.approve(this.ann, request.id(), "ok",
				this.annKey.sign(this.approval.stepUp(this.ann, request.id(), IP)), IP);
		if (result.grant().isEmpty()) {
			EmulatedKey amyKey = EmulatedKey.enroll(this.amy, this.accounts, this.credentials);
			result = this.approval.approve(this.amy, request.id(), "ok",
					amyKey.sign(this.approval.stepUp(this.amy, request.id(), IP)), IP);
		}
		return result;
	}

	/** Approvers who could decide the request in this context (this test's two, and any other test's). */
	private long decidersNow(AccessRequest request) {
		return this.accounts.findAll()
			.stream()
			.filter(a -> a.isActive() && request.reviewRefusal(a.actor(), this.clock.instant()).isEmpty())
			.count();
	}

	private List<MimeMessage> mailsTo(Actor... people) {
		List<String> addresses = Arrays.stream(people).map(p -> p.subject() + "@example.org").toList();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Arrays.stream(smtp.getReceivedMessages()).filter(m -> addressedTo(m, addresses)).count() >= people.length);
		return Arrays.stream(smtp.getReceivedMessages()).filter(m -> addressedTo(m, addresses)).toList();
	}

	private MimeMessage singleMailTo(Actor person) {
		List<MimeMessage> mails = mailsTo(person);
		assertThat(mails).hasSize(1);
		return mails.get(0);
	}

	private void awaitMails(int count) {
		await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length >= count);
	}

	private static boolean addressedTo(MimeMessage message, List<String> addresses) {
		try {
			return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).anyMatch(a -> addresses.contains(a.toString()));
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
