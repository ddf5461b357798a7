package io.keygate.infra.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.keygate.infra.quickstart.Quickstart;
import io.keygate.infra.quickstart.QuickstartSettings;
import io.keygate.infra.quickstart.RunningQuickstart;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser journey on the real quickstart (auth server, gateway, simulators in this JVM), in
 * headless Chromium with virtual authenticators. The auth server trusts Chromium's virtual
 * authenticator through its development-only flag, set here and nowhere else.
 * <p>
 * Covered so far: a synced-passkey-like (backup-eligible) authenticator is refused at
 * registration with a clear message; the first security admin enrolls with a hardware-key-like
 * authenticator through the one-time link. The rest of the journey (invitations, request,
 * approval, use through the gateway, suspension, audit) waits for the portal pages it drives.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserJourneyTest {

	@TempDir
	static Path data;

	private static RunningQuickstart keygate;

	@BeforeAll
	static void start() throws IOException {
		Browser.requireChromium();
		QuickstartSettings settings = new QuickstartSettings(data, freePort(), freePort(), 0, 0, 0)
			.withArguments("--auth.keygate.webauthn.allow-chromium-virtual-authenticator=true");
		keygate = Quickstart.start(settings);
	}

	@AfterAll
	static void stop() {
		if (keygate != null) {
			keygate.close();
		}
	}

	@Test
	@Order(1)
	void enrollWhenSyncedPasskeyLikeAuthenticatorThenRefusedWithClearMessage() throws Exception {
		try (Browser browser = Browser.open(true)) {
			browser.driver.get(firstAdminLink());
			browser.driver.findElement(By.id("enroll")).click();
			String message = new WebDriverWait(browser.driver, Duration.ofSeconds(30))
				.until(driver -> {
					String text = driver.findElement(By.id("message")).getText();
					return text.isBlank() ? null : text;
				});
			browser.screenshot("00-backup-eligible-key-refused");
			assertThat(message.toLowerCase()).containsAnyOf("synced", "passkey", "backup");
			assertThat(browser.driver.getCurrentUrl()).contains("/enroll");
		}
	}

	@Test
	@Order(2)
	void enrollWhenFirstAdminUsesHardwareKeyThenEnrolled() throws Exception {
		try (Browser browser = Browser.open(false)) {
			browser.driver.get(firstAdminLink());
			browser.screenshot("01-first-admin-enrollment-page");
			browser.driver.findElement(By.id("enroll")).click();
			new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(driver -> !driver.getCurrentUrl().contains("/enroll"));
			browser.screenshot("02-first-admin-enrolled");
			assertThat(browser.authenticator.getCredentials()).hasSize(1);
			// Landed on a real page, signed in, not on an error page.
			assertThat(browser.driver.getPageSource()).doesNotContain("Whitelabel Error Page");
			assertThat(browser.driver.getTitle()).doesNotContainIgnoringCase("error");
			assertThat(browser.driver.getPageSource()).contains("Security admin");
			// And the server agrees: an account exists, so no first-admin link is issued any more.
			Object bootstrap = keygate.auth().getBean(Quickstart.FIRST_ADMIN_BEAN);
			assertThat(bootstrap.getClass().getMethod("issueIfNoAccounts").invoke(bootstrap)).isNull();
		}
	}

	/**
	 * A fresh one-time link for the first admin, from the auth server's bootstrap (by name: this
	 * module compiles against whichever auth server is installed while it is written).
	 */
	private static String firstAdminLink() throws Exception {
		Object bootstrap = keygate.auth().getBean(Quickstart.FIRST_ADMIN_BEAN);
		java.lang.reflect.Method issue = bootstrap.getClass().getMethod("issueIfNoAccounts");
		issue.setAccessible(true);
		Object issued = issue.invoke(bootstrap);
		assertThat(issued).as("the auth server has no account yet, so it issues a first-admin link").isNotNull();
		java.lang.reflect.Method linkMethod = issued.getClass().getMethod("link");
		linkMethod.setAccessible(true);
		Object link = linkMethod.invoke(issued);
		return String.valueOf(link);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
