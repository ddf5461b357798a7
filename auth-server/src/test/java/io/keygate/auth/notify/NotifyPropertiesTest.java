package io.keygate.auth.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.keygate.policy.catalog.Tier;

/** A bad notification setting stops start-up naming the property; secrets never print. */
class NotifyPropertiesTest {

	static final Duration TEN_SECONDS = Duration.ofSeconds(10);

	@Test
	void mailWhenPlaintextNotExplicitlyAllowedThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NotifyProperties.Mail("smtp.utility.example", 25, NotifyProperties.Security.NONE, null, null,
					"keygate@utility.example", false, TEN_SECONDS))
			.withMessageContaining("keygate.notify.mail.allow-plaintext");
	}

	@Test
	void mailWhenUsernameWithoutPasswordThenRefusedNamingTheSecret() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NotifyProperties.Mail("smtp.utility.example", 587, NotifyProperties.Security.STARTTLS,
					"keygate", null, "keygate@utility.example", false, TEN_SECONDS))
			.withMessageContaining("KEYGATE_NOTIFY_MAIL_PASSWORD");
	}

	@Test
	void mailWhenFromMissingThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NotifyProperties.Mail("smtp.utility.example", 587, NotifyProperties.Security.STARTTLS, null,
					null, null, false, TEN_SECONDS))
			.withMessageContaining("keygate.notify.mail.from");
	}

	@Test
	void remindersWhenEscalationAddressInvalidOrEscalationBeforeReminderThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NotifyProperties.Reminders(null, null, List.of("oncall@utility.example\r\nBcc: x@evil.example"),
					Duration.ofMinutes(1)))
			.withMessageContaining("keygate.notify.reminders.escalate-to");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NotifyProperties.Timing(Duration.ofMinutes(30), Duration.ofMinutes(15)))
			.withMessageContaining("escalate-after");
	}

	@Test
	void remindersWhenCriticalNotConfiguredThenSoonerThanStandard() {
		NotifyProperties.Reminders reminders = new NotifyProperties.Reminders(
				new NotifyProperties.Timing(Duration.ofMinutes(15), Duration.ofMinutes(30)), null, List.of(), Duration.ofMinutes(1));
		assertThat(reminders.of(Tier.CRITICAL)).isEqualTo(new NotifyProperties.Timing(Duration.ofMinutes(5), Duration.ofMinutes(15)));
		assertThat(reminders.of(Tier.STANDARD).remindAfter()).isEqualTo(Duration.ofMinutes(15));
	}

	@Test
	void toStringWhenSecretsSetThenNeitherPasswordNorWebhookPathPrinted() {
		NotifyProperties.Mail mail = new NotifyProperties.Mail("smtp.utility.example", 587, NotifyProperties.Security.STARTTLS,
				"keygate", "hunter2-smtp", "keygate@utility.example", false, TEN_SECONDS);
		NotifyProperties.Chat slack = new NotifyProperties.Chat(URI.create("https://hooks.slack.example/services/T0/B0/XYZSECRET"),
				TEN_SECONDS);
		assertThat(mail.toString()).doesNotContain("hunter2-smtp").contains("(secret)");
		assertThat(slack.toString()).doesNotContain("XYZSECRET");
	}

	@Test
	void isMailAddressWhenHeaderInjectionOrDisplayNameThenFalse() {
		assertThat(Recipients.isMailAddress("ann@utility.example")).isTrue();
		assertThat(Recipients.isMailAddress("ann@utility.example\nBcc: x@evil.example")).isFalse();
		assertThat(Recipients.isMailAddress("Ann <ann@utility.example>")).isFalse();
		assertThat(Recipients.isMailAddress("ann@localhost")).as("a local relay's address").isTrue();
		assertThat(Recipients.isMailAddress("ann@utility.example,eve@evil.example")).isFalse();
		assertThat(Recipients.isMailAddress(null)).isFalse();
	}

}
