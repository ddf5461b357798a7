package io.keygate.auth.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.keygate.policy.catalog.Tier;

/**
 * {@code keygate.notify.*}: how people are told. Every channel is off until configured; a request
 * page then says plainly that nobody was told. A bad value stops start-up naming the property.
 *
 * @param portalUrl where people open the portal; mails and chat messages link into it
 * @param mail the SMTP server approvers and vendors are mailed through
 * @param slack a Slack incoming-webhook URL
 * @param teams a Microsoft Teams incoming-webhook URL
 * @param reminders when pending requests are reminded and escalated, per tier
 * @param endingNotice how long before a grant ends its holder is told
 */
@Validated
@ConfigurationProperties("keygate.notify")
public record NotifyProperties(@DefaultValue("http://localhost:9000") URI portalUrl, @DefaultValue Mail mail,
		@DefaultValue Chat slack, @DefaultValue Chat teams, @DefaultValue Reminders reminders,
		@DefaultValue("PT10M") Duration endingNotice) {

	public NotifyProperties {
		requireHttp(portalUrl, "keygate.notify.portal-url");
		positive(endingNotice, "keygate.notify.ending-notice");
	}

	/** How the SMTP connection is protected. */
	public enum Security {
		/** Plain connection upgraded with STARTTLS, which is required (a server that does not offer it is refused). */
		STARTTLS,
		/** TLS from the first byte (SMTPS, usually port 465). */
		TLS,
		/** No encryption: only with {@code allow-plaintext=true}, for a relay on the same host or a test server. */
		NONE
	}

	/**
	 * @param host the SMTP server; mail is off when empty
	 * @param username the SMTP user; no authentication when empty
	 * @param password the SMTP password: give it as the secret {@code KEYGATE_NOTIFY_MAIL_PASSWORD}, never in a file
	 * @param from the sender address; required with a host
	 * @param allowPlaintext lets {@code security=NONE} through: passwords and request details cross the network in clear
	 */
	public record Mail(String host, @DefaultValue("587") int port, @DefaultValue("STARTTLS") Security security,
			String username, String password, String from, @DefaultValue("false") boolean allowPlaintext,
			@DefaultValue("PT10S") Duration timeout) {

		public Mail {
			if (host != null && !host.isBlank()) {
				if (port < 1 || port > 65535) {
					throw new IllegalArgumentException("keygate.notify.mail.port must be 1..65535, was " + port);
				}
				if (from == null || !Recipients.isMailAddress(from)) {
					throw new IllegalArgumentException("keygate.notify.mail.from must be an e-mail address when keygate.notify.mail.host is set");
				}
				if (security == Security.NONE && !allowPlaintext) {
					throw new IllegalArgumentException(
							"keygate.notify.mail.security=NONE sends mail in clear; set keygate.notify.mail.allow-plaintext=true to accept that");
				}
				if (username != null && !username.isBlank() && (password == null || password.isEmpty())) {
					throw new IllegalArgumentException(
							"keygate.notify.mail.username is set but the password is not (give it as KEYGATE_NOTIFY_MAIL_PASSWORD)");
				}
			}
			positive(timeout, "keygate.notify.mail.timeout");
		}

		public boolean enabled() {
			return this.host != null && !this.host.isBlank();
		}

		/** Without the password: a record's own toString would print it wherever the properties are logged. */
		@Override
		public String toString() {
			return "Mail[host=" + this.host + ", port=" + this.port + ", security=" + this.security + ", username="
					+ this.username + ", password=" + (this.password == null ? "none" : "(secret)") + ", from=" + this.from
					+ ", allowPlaintext=" + this.allowPlaintext + "]";
		}

	}

	/** An incoming-webhook URL; the channel is off when empty. */
	public record Chat(URI url, @DefaultValue("PT10S") Duration timeout) {

		public Chat {
			if (url != null) {
				requireHttp(url, "keygate.notify.slack/teams.url");
			}
			positive(timeout, "keygate.notify.slack/teams.timeout");
		}

		public boolean enabled() {
			return this.url != null;
		}

		/** An incoming-webhook URL is a bearer secret (whoever has it can post): never printed whole. */
		@Override
		public String toString() {
			return "Chat[url=" + (this.url == null ? "none" : this.url.getScheme() + "://" + this.url.getHost() + "/(secret)")
					+ ", timeout=" + this.timeout + "]";
		}

	}

	/**
	 * @param standard the standard tier's timings
	 * @param critical the critical tier's timings (default: remind after 5 minutes, escalate after 15)
	 * @param escalateTo the second list (e.g. the on-call security admin's mailbox), mailed at escalation
	 * @param sweepInterval how often pending requests are looked at
	 */
	public record Reminders(@DefaultValue Timing standard, Timing critical, @DefaultValue List<String> escalateTo,
			@DefaultValue("PT1M") Duration sweepInterval) {

		public Reminders {
			// Critical targets are the ones an outage is about: sooner than standard unless configured.
			critical = critical == null ? new Timing(Duration.ofMinutes(5), Duration.ofMinutes(15)) : critical;
			escalateTo = List.copyOf(escalateTo);
			for (String address : escalateTo) {
				if (!Recipients.isMailAddress(address)) {
					throw new IllegalArgumentException("keygate.notify.reminders.escalate-to has a value that is not an e-mail address: " + address);
				}
			}
			positive(sweepInterval, "keygate.notify.reminders.sweep-interval");
		}

		public Timing of(Tier tier) {
			return tier == Tier.CRITICAL ? this.critical : this.standard;
		}

	}

	/** Remind approvers after {@code remindAfter} without a decision; escalate after {@code escalateAfter}. */
	public record Timing(@DefaultValue("PT15M") Duration remindAfter, @DefaultValue("PT30M") Duration escalateAfter) {

		public Timing {
			positive(remindAfter, "keygate.notify.reminders.*.remind-after");
			positive(escalateAfter, "keygate.notify.reminders.*.escalate-after");
			if (escalateAfter.compareTo(remindAfter) < 0) {
				throw new IllegalArgumentException("keygate.notify.reminders: escalate-after (" + escalateAfter
						+ ") must not come before remind-after (" + remindAfter + ")");
			}
		}

	}

	/** The link to the approver's page for one request. */
	public String approvalLink(String requestId) {
		String base = this.portalUrl.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/access/approver#request-" + requestId;
	}

	/** The link to the vendor's page. */
	public String vendorLink() {
		String base = this.portalUrl.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/access/vendor";
	}

	private static void requireHttp(URI url, String property) {
		if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
			throw new IllegalArgumentException(property + " must be an absolute http(s) URL: " + url);
		}
	}

	private static void positive(Duration d, String property) {
		if (d == null || d.isNegative() || d.isZero()) {
			throw new IllegalArgumentException(property + " must be a positive duration, was " + d);
		}
	}

}
