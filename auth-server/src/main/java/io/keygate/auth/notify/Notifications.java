package io.keygate.auth.notify;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.access.AccessNotifications;
import io.keygate.auth.access.ApproverQueue;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.access.webhook.OutboxChannel;
import io.keygate.auth.access.webhook.WebhookOutbox;
import io.keygate.auth.account.UserAccount;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.request.AccessRequest;

/**
 * Queues the mails and chat messages of access events in the outbox, inside the caller's
 * transaction, and records what a request's page may truthfully say about who was told. It says
 * what was queued, per channel; the channels' health (shown to admins) says whether it got out.
 */
public final class Notifications implements AccessNotifications {

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

	/** Where the messages go: per channel, with what a page may say about it. */
	private final NotificationQueue queue;

	private final Recipients recipients;

	private final TargetCatalog catalog;

	private final ObjectProvider<ApproverQueue> approverQueue;

	private final GrantHistoryRepository history;

	private final NotifyProperties properties;

	private final Clock clock;

	public Notifications(WebhookOutbox outbox, Recipients recipients, TargetCatalog catalog, ObjectProvider<ApproverQueue> queue,
			GrantHistoryRepository history, JdbcClient jdbc, NotifyProperties properties, List<OutboxChannel> channels,
			Clock clock) {
		this.recipients = recipients;
		this.catalog = catalog;
		this.approverQueue = queue;
		this.queue = new NotificationQueue(outbox, jdbc, channels, clock);
		this.history = history;
		this.properties = properties;
		this.clock = clock;
	}

	// ---- approvers -------------------------------------------------------------------------

	@Override
	public String submitted(AccessRequest request) {
		List<UserAccount> deciders = this.recipients.deciders(request, this.clock.instant());
		String subject = "[Keygate] " + request.organisation() + " asks for " + request.level() + " access to "
				+ targetName(request.targetId());
		String text = request.requester() + " (" + request.organisation() + ") asks for access.\n\n" + facts(request, true)
				+ "\nDecide it in the Keygate portal (your security key is needed there; this mail cannot approve):\n"
				+ this.properties.approvalLink(request.id()) + "\n";
		int mailed = this.queue.mail(deciders.stream().map(UserAccount::email).toList(), "request.submitted", subject, text);
		List<String> chats = this.queue.chat("request.submitted", new ChatMessage("Access request: " + request.organisation() + " → "
				+ targetName(request.targetId()), request.requester() + " asks for " + request.level() + " access. Reason: "
						+ request.reason(), chatFacts(request), this.properties.approvalLink(request.id()), "Review in Keygate",
				false));
		String sentence = this.queue.sentence(mailed, deciders.isEmpty(), chats);
		this.queue.record(request.id(), "request.submitted", sentence);
		return sentence;
	}

	/** Reminds the approvers of a request nobody decided; returns how many were mailed. */
	public int reminder(AccessRequest request, java.time.Duration waited) {
		List<String> addresses = this.recipients.deciders(request, this.clock.instant()).stream().map(UserAccount::email).toList();
		String subject = "[Keygate] Reminder: " + request.organisation() + " has waited " + minutes(waited) + " for "
				+ targetName(request.targetId());
		String text = "This request has had no decision for " + minutes(waited) + ".\n\n" + facts(request, true)
				+ "\nDecide it in the Keygate portal (your security key is needed there; this mail cannot approve):\n"
				+ this.properties.approvalLink(request.id()) + "\n";
		int mailed = this.queue.mail(addresses, "request.reminder", subject, text);
		this.queue.chat("request.reminder", new ChatMessage("Reminder: request waiting " + minutes(waited), request.requester() + " ("
				+ request.organisation() + ") still waits for " + request.level() + " access to " + targetName(request.targetId()),
				chatFacts(request), this.properties.approvalLink(request.id()), "Review in Keygate", false));
		tellRequester(request, "request.reminder", "[Keygate] Your request is still waiting; approvers were reminded",
				"Nobody has decided your request for " + request.level() + " access to " + targetName(request.targetId())
						+ " yet. Keygate reminded the approvers who can decide it.");
		return mailed;
	}

	/** Escalates to the configured second list; returns how many addresses were mailed. */
	public int escalation(AccessRequest request, java.time.Duration waited) {
		String subject = "[Keygate] ESCALATED: " + request.organisation() + " has waited " + minutes(waited) + " for "
				+ targetName(request.targetId());
		String text = "You are on the escalation list: this request has had no decision for " + minutes(waited)
				+ " and the approvers were reminded.\n\n" + facts(request, true)
				+ "\nDecide it, or find an approver who can, in the Keygate portal:\n" + this.properties.approvalLink(request.id())
				+ "\n";
		int mailed = this.queue.mail(this.properties.reminders().escalateTo(), "request.escalated", subject, text);
		this.queue.chat("request.escalated", new ChatMessage("ESCALATED: request waiting " + minutes(waited), request.requester() + " ("
				+ request.organisation() + ") has waited " + minutes(waited) + " for " + targetName(request.targetId()),
				chatFacts(request), this.properties.approvalLink(request.id()), "Review in Keygate", true));
		tellRequester(request, "request.escalated", "[Keygate] Your request was escalated",
				"Nobody has decided your request for " + request.level() + " access to " + targetName(request.targetId())
						+ " after " + minutes(waited) + ". Keygate escalated it to the on-call list.");
		return mailed;
	}

	// ---- the vendor --------------------------------------------------------------------------

	@Override
	public void decided(AccessRequest request, String decision) {
		String comment = request.resolution() == null || request.resolution().isBlank() ? ""
				: "\nApprover's comment: " + request.resolution() + "\n";
		tellRequester(request, "request." + decision, "[Keygate] Your request for " + targetName(request.targetId()) + " was "
				+ decision, "Your request for " + request.level() + " access to " + targetName(request.targetId()) + " was "
						+ decision + ".\n" + comment);
	}

	@Override
	public void revoked(List<String> grantIds, String why) {
		for (String id : grantIds) {
			this.history.find(id).map(GrantRecord::grant).ifPresent(grant -> mailHolder(grant, "grant.revoked",
					"[Keygate] Your access to " + targetName(grant.targetId()) + " was revoked",
					"Your " + grant.level() + " access to " + targetName(grant.targetId()) + " was ended before "
							+ TIME.format(grant.notAfter()) + ".\nReason: " + why + "\n"));
		}
	}

	/** Tells a grant's holder that it ends soon. */
	public void ending(Grant grant) {
		mailHolder(grant, "grant.ending", "[Keygate] Your access to " + targetName(grant.targetId()) + " ends at "
				+ TIME.format(grant.notAfter()), "Your " + grant.level() + " access to " + targetName(grant.targetId())
						+ " ends at " + TIME.format(grant.notAfter())
						+ ". A grant is never extended: ask again in the portal if you need more time.\n");
	}

	// ---- break-glass ------------------------------------------------------------------------

	/** Every approver and admin on every channel; returns the sentence the opener reads. */
	public String breakGlassOpened(Grant grant, String reason) {
		List<String> addresses = this.recipients.approversAndAdmins().stream().map(UserAccount::email).toList();
		String link = this.properties.portalUrl().toString().replaceAll("/$", "") + "/access/break-glass";
		String text = "BREAK-GLASS: " + grant.subject() + " (" + grant.organisation() + ") opened emergency " + grant.level()
				+ " access to " + targetName(grant.targetId()) + " without approval.\n\nReason: " + reason + "\nUntil: "
				+ TIME.format(grant.notAfter()) + "\nGrant: " + grant.id()
				+ "\n\nIt must be reviewed: approve it in hindsight or mark it as misuse (which disables the person's account and ends all their access):\n" + link + "\n";
		int mailed = this.queue.mail(addresses, "break-glass.opened", "[Keygate] BREAK-GLASS opened by " + grant.subject() + " on "
				+ targetName(grant.targetId()), text);
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Who", grant.subject() + " (" + grant.organisation() + ")");
		facts.put("Target", targetName(grant.targetId()));
		facts.put("Level", grant.level());
		facts.put("Until", TIME.format(grant.notAfter()));
		facts.put("Reason", reason);
		List<String> chats = this.queue.chat("break-glass.opened", new ChatMessage("BREAK-GLASS opened on " + targetName(grant.targetId()),
				grant.subject() + " opened emergency access without approval. Review it.", facts, link, "Review break-glass", true));
		Map<String, Object> webhook = new LinkedHashMap<>();
		webhook.put("grantId", grant.id());
		webhook.put("subject", grant.subject());
		webhook.put("organisation", grant.organisation());
		webhook.put("target", grant.targetId());
		webhook.put("level", grant.level());
		webhook.put("notAfter", grant.notAfter().toString());
		webhook.put("reason", reason);
		webhook.put("link", link);
		this.queue.webhook("break-glass.opened", webhook);
		String sentence = this.queue.sentence(mailed, addresses.isEmpty(), chats);
		this.queue.record(grant.requestId(), "break-glass.opened", sentence);
		return sentence;
	}

	/** An emergency grant ended and nobody reviewed it: security admins are told once; returns how many were mailed. */
	public int breakGlassReviewDue(String grantId, String subject, String organisation, String targetId, String reason,
			Instant ended) {
		List<String> admins = this.recipients.approversAndAdmins()
			.stream()
			.filter(a -> a.roles().contains(io.keygate.policy.identity.Role.SECURITY_ADMIN))
			.map(UserAccount::email)
			.toList();
		String link = this.properties.portalUrl().toString().replaceAll("/$", "") + "/access/break-glass";
		int mailed = this.queue.mail(admins, "break-glass.review-due", "[Keygate] Review due: break-glass by " + subject + " on "
				+ targetName(targetId), "The emergency access " + subject + " (" + organisation + ") opened to "
						+ targetName(targetId) + " ended at " + TIME.format(ended) + " and has not been reviewed.\n\nReason given: "
						+ reason + "\nGrant: " + grantId + "\n\nReview it: approve it in hindsight or mark it as misuse:\n" + link
						+ "\n");
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Who", subject + " (" + organisation + ")");
		facts.put("Target", targetName(targetId));
		facts.put("Ended", TIME.format(ended));
		facts.put("Reason", reason);
		this.queue.chat("break-glass.review-due", new ChatMessage("Review due: break-glass on " + targetName(targetId),
				"Emergency access by " + subject + " ended without a review.", facts, link, "Review break-glass", true));
		return mailed;
	}

	// ---- what the pages say ------------------------------------------------------------------

	@Override
	public String toldSentence(String requestId) {
		return this.queue.told(requestId);
	}

	@Override
	public String approvalLink(String requestId) {
		return this.properties.approvalLink(requestId);
	}

	/** The channels that are configured, by name. */
	public List<String> configuredChannels() {
		return this.queue.configured();
	}

	private void tellRequester(AccessRequest request, String type, String subject, String text) {
		this.recipients.addressOf(request.requester())
			.ifPresent(address -> this.queue.mail(List.of(address), type, subject, text + "\nYour requests: " + this.properties.vendorLink() + "\n"));
	}

	private void mailHolder(Grant grant, String type, String subject, String text) {
		this.recipients.addressOf(grant.subject())
			.ifPresent(address -> this.queue.mail(List.of(address), type, subject, text + "\nYour access: " + this.properties.vendorLink() + "\n"));
	}

	private String facts(AccessRequest request, boolean withHints) {
		Optional<Target> target = this.catalog.find(request.targetId());
		StringBuilder text = new StringBuilder();
		text.append("Target:  ").append(targetName(request.targetId()))
			.append(target.map(t -> " (" + t.id() + ", " + t.tier() + ")").orElse("")).append('\n');
		text.append("Level:   ").append(request.level()).append('\n');
		text.append("Window:  ").append(window(request)).append('\n');
		text.append("Reason:  ").append(request.reason()).append('\n');
		text.append("Ticket:  ").append(request.ticket()).append('\n');
		if (withHints) {
			List<String> hints = hints(request);
			text.append("Hints:   ").append(hints.isEmpty() ? "none" : String.join("; ", hints)).append('\n');
		}
		text.append("Expires unanswered at ").append(TIME.format(request.expiresAt())).append('\n');
		return text.toString();
	}

	private Map<String, String> chatFacts(AccessRequest request) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Target", targetName(request.targetId()));
		facts.put("Level", request.level());
		facts.put("Window", window(request));
		facts.put("Reason", request.reason());
		facts.put("Ticket", request.ticket());
		List<String> hints = hints(request);
		if (!hints.isEmpty()) {
			facts.put("Hints", String.join("; ", hints));
		}
		return facts;
	}

	private List<String> hints(AccessRequest request) {
		ApproverQueue approverQueue = this.approverQueue.getIfAvailable();
		return approverQueue == null ? List.of() : approverQueue.hintsFor(request);
	}

	private static String window(AccessRequest request) {
		String length = minutes(request.duration());
		return request.start().map(start -> TIME.format(start) + " for " + length).orElse("on approval, for " + length);
	}

	private String targetName(String targetId) {
		return this.catalog.find(targetId).map(Target::name).orElse(targetId);
	}

	static String minutes(java.time.Duration duration) {
		long minutes = duration.toMinutes();
		return minutes >= 120 && minutes % 60 == 0 ? (minutes / 60) + " hours" : minutes + " minutes";
	}


}
