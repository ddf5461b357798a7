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
import io.keygate.auth.access.RequestSubmission;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest;
import io.keygate.policy.testsupport.MutableClock;

/**
 * Reminders and escalation on a clock the test moves: standard targets remind after 15 minutes
 * and escalate after 30 (the defaults), critical ones after 5 and 15; each step happens once, is
 * audited, and the requester is told. The sweep is called directly (its schedule is an hour).
 */
@SpringBootTest(properties = { AccessTestConfiguration.CATALOG, "keygate.webauthn.rp-id=localhost",
		"keygate.webauthn.origins=http://localhost", "keygate.access.expiry-sweep-interval=PT1H",
		"keygate.access.activation-interval=PT1H", "keygate.access.webhook.poll-interval=PT0.1S",
		"keygate.notify.mail.host=127.0.0.1", "keygate.notify.mail.security=NONE", "keygate.notify.mail.allow-plaintext=true",
		"keygate.notify.mail.from=keygate@utility.example", "keygate.notify.reminders.sweep-interval=PT1H",
		"keygate.notify.reminders.escalate-to[0]=oncall-secadmin@utility.example" })
@ActiveProfiles("test")
@Import(AccessTestConfiguration.class)
class ReminderEscalationTest {

	static final GreenMail smtp = start();

	static GreenMail start() {
		GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		mail.start();
		return mail;
	}

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("keygate.notify.mail.port", () -> smtp.getSmtp().getPort());
	}

	@AfterAll
	static void stop() {
		smtp.stop();
	}

	@Autowired
	RequestSubmission submission;

	@Autowired
	ReminderJob reminders;

	@Autowired
	Notifications notifications;

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

	@BeforeEach
	void people() throws Exception {
		this.clock.set(AccessTestConfiguration.START);
		smtp.purgeEmailFromAllMailboxes();
		String run = UUID.randomUUID().toString().substring(0, 8);
		this.vendor = Actor.of("val-" + run, "itron-" + run, Role.VENDOR_ENGINEER);
		this.ann = Actor.of("ann-" + run, "utility", Role.APPROVER);
		EmulatedKey.enroll(this.vendor, this.accounts, this.credentials);
		EmulatedKey.enroll(this.ann, this.accounts, this.credentials);
	}

	@Test
	void sweepWhenStandardRequestWaitsThenRemindedAt15MinutesAndEscalatedAt30OnceEachAndAudited() {
		AccessRequest request = submit("head-end");
		await().atMost(Duration.ofSeconds(20)).until(() -> about(mailsTo(this.ann), request).size() == 1);

		this.clock.advance(Duration.ofMinutes(14));
		assertThat(this.reminders.sweep().reminded()).as("14 minutes: too early").isZero();

		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.reminders.sweep().reminded()).isPositive();
		assertThat(this.reminders.sweep().reminded()).as("a reminder is sent once").isZero();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> about(mailsTo(this.ann), request).size() == 2 && mailsTo(this.vendor).size() == 1);
		MimeMessage reminder = about(mailsTo(this.ann), request).stream()
			.filter(m -> subject(m).startsWith("[Keygate] Reminder"))
			.findFirst()
			.orElseThrow();
		assertThat(subject(reminder)).isEqualTo("[Keygate] Reminder: " + this.vendor.organisation() + " has waited 15 minutes for AMI head-end");
		assertThat(GreenMailUtil.getBody(reminder)).contains("Reason:  grid outage, meters unreachable")
			.contains("/access/approver#request-" + request.id());
		assertThat(subject(mailsTo(this.vendor).get(0))).isEqualTo("[Keygate] Your request is still waiting; approvers were reminded");
		assertThat(auditOf("request.reminded", request.id())).singleElement()
			.satisfies(entry -> assertThat(entry.details()).containsEntry("mailed", "1").containsEntry("waitedMinutes", "15"));

		this.clock.advance(Duration.ofMinutes(15));
		assertThat(this.reminders.sweep().escalated()).isPositive();
		assertThat(this.reminders.sweep().escalated()).as("escalated once").isZero();
		await().atMost(Duration.ofSeconds(20)).until(() -> !mailsTo("oncall-secadmin@utility.example").isEmpty());
		await().atMost(Duration.ofSeconds(20)).until(() -> about(mailsTo("oncall-secadmin@utility.example"), request).size() == 1);
		MimeMessage escalation = about(mailsTo("oncall-secadmin@utility.example"), request).get(0);
		assertThat(subject(escalation)).isEqualTo("[Keygate] ESCALATED: " + this.vendor.organisation() + " has waited 30 minutes for AMI head-end");
		await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(this.vendor).size() == 2);
		assertThat(mailsTo(this.vendor)).extracting(ReminderEscalationTest::subject).contains("[Keygate] Your request was escalated");
		assertThat(auditOf("request.escalated", request.id())).singleElement()
			.satisfies(entry -> assertThat(entry.severity()).isEqualTo(Severity.WARNING));
	}

	@Test
	void sweepWhenCriticalRequestWaitsFiveMinutesThenRemindedSoonerThanStandard() {
		AccessRequest critical = submit("mdm");
		AccessRequest standard = submit("head-end");

		this.clock.advance(Duration.ofMinutes(5));
		this.reminders.sweep();

		assertThat(auditOf("request.reminded", critical.id())).hasSize(1);
		assertThat(auditOf("request.reminded", standard.id())).isEmpty();
	}

	@Test
	void submitWhenMailIsOnButNobodyCanDecideThenTheSentenceSaysNobodyWasNotified() {
		// The utility's own staff asking: every approver here is of the same organisation.
		Actor insider = Actor.of("ulf-" + UUID.randomUUID().toString().substring(0, 8), "utility", Role.VENDOR_ENGINEER);
		EmulatedKey.enroll(insider, this.accounts, this.credentials);

		AccessRequest request = this.submission.submit(insider, new RequestSubmission.Submission("head-end", "read",
				Optional.empty(), Duration.ofMinutes(30), "own maintenance", "INC-2"), "192.0.2.2");

		assertThat(this.notifications.toldSentence(request.id())).isEqualTo(
				"Nobody was notified: no approver who can decide this has an e-mail address and no chat channel is configured — tell your admin.");
	}

	private AccessRequest submit(String target) {
		return this.submission.submit(this.vendor, new RequestSubmission.Submission(target, "read", Optional.empty(),
				Duration.ofMinutes(30), "grid outage, meters unreachable", "INC-7"), "192.0.2.7");
	}

	/** Mails about one request: other tests' requests pending in this context are reminded by the same sweeps. */
	private static List<MimeMessage> about(List<MimeMessage> mails, AccessRequest request) {
		return mails.stream().filter(m -> GreenMailUtil.getBody(m).contains(request.id())).toList();
	}

	private List<AuditEntry> auditOf(String action, String requestId) {
		return this.audit.latestByAction(action, 500)
			.stream()
			.map(AuditEvent::entry)
			.filter(e -> e.requestId().equals(requestId))
			.toList();
	}

	private List<MimeMessage> mailsTo(Actor person) {
		return mailsTo(person.subject() + "@example.org");
	}

	private static List<MimeMessage> mailsTo(String address) {
		return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
			try {
				return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
			}
			catch (jakarta.mail.MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
