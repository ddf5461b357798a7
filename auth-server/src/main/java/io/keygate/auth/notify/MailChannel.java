package io.keygate.auth.notify;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.keygate.auth.access.webhook.OutboxChannel;
import io.keygate.auth.access.webhook.WebhookOutbox;

/**
 * Mail over SMTP. The outbox row carries one recipient and the rendered subject and text; the
 * connection is STARTTLS (required, not opportunistic), TLS, or — only when explicitly allowed —
 * plain. Plain text only: a mail is a pointer to the portal, where approving needs the key.
 */
public final class MailChannel implements OutboxChannel {

	public static final String NAME = "mail";

	private final NotifyProperties.Mail properties;

	private final JavaMailSenderImpl sender;

	private final JsonMapper json = JsonMapper.builder().build();

	public MailChannel(NotifyProperties.Mail properties) {
		this.properties = properties;
		this.sender = new JavaMailSenderImpl();
		if (properties.enabled()) {
			if (properties.security() == NotifyProperties.Security.NONE) {
				org.slf4j.LoggerFactory.getLogger(MailChannel.class)
					.warn("keygate.notify.mail.allow-plaintext=true: mail to {}:{} is sent UNENCRYPTED (request details, and the "
							+ "SMTP password if one is set, cross the network in clear)", properties.host(), properties.port());
			}
			this.sender.setHost(properties.host());
			this.sender.setPort(properties.port());
			this.sender.setDefaultEncoding("UTF-8");
			Properties mail = new Properties();
			String timeout = Long.toString(properties.timeout().toMillis());
			String prefix = properties.security() == NotifyProperties.Security.TLS ? "mail.smtps." : "mail.smtp.";
			this.sender.setProtocol(properties.security() == NotifyProperties.Security.TLS ? "smtps" : "smtp");
			mail.put(prefix + "connectiontimeout", timeout);
			mail.put(prefix + "timeout", timeout);
			mail.put(prefix + "writetimeout", timeout);
			if (properties.security() == NotifyProperties.Security.STARTTLS) {
				// Required: with only "enable", a network attacker who strips the STARTTLS offer gets clear text.
				mail.put("mail.smtp.starttls.enable", "true");
				mail.put("mail.smtp.starttls.required", "true");
			}
			if (properties.security() != NotifyProperties.Security.NONE) {
				mail.put(prefix + "ssl.checkserveridentity", "true");
			}
			if (properties.username() != null && !properties.username().isBlank()) {
				this.sender.setUsername(properties.username());
				this.sender.setPassword(properties.password());
				mail.put(prefix + "auth", "true");
			}
			this.sender.setJavaMailProperties(mail);
		}
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean enabled() {
		return this.properties.enabled();
	}

	@Override
	public void send(WebhookOutbox.Delivery delivery) throws DeliveryFailedException {
		try {
			JsonNode envelope = this.json.readTree(delivery.payload());
			MimeMessage message = this.sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
			helper.setFrom(this.properties.from());
			helper.setTo(delivery.recipient());
			helper.setSubject(envelope.path("subject").asString());
			helper.setText(envelope.path("text").asString(), false);
			message.setHeader("X-Keygate-Event", delivery.type());
			this.sender.send(message);
		}
		catch (MessagingException | MailException ex) {
			throw new DeliveryFailedException(ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
		}
	}

}
