package io.keygate.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.infra.quickstart.Quickstart;
import io.keygate.infra.quickstart.QuickstartSettings;
import io.keygate.infra.quickstart.RunningQuickstart;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;

/**
 * Decoys and honeytokens in the browser, on the real quickstart with headless Chromium and virtual
 * authenticators: the head-end console shows its bait; a vendor who follows the decoy link, and
 * another who uses the console's API key, are refused like an unknown target and cut off; the
 * approver finds both CRITICAL alerts, opens one, and suspends the organisation with a key touch.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DecoyJourneyIT {

	@TempDir
	static Path data;

	private static RunningQuickstart keygate;

	private static Browser admin;

	private static Browser approver;

	private static Browser vic;

	private static Browser val;

	@BeforeAll
	static void start() throws IOException {
		Browser.requireChromium();
		QuickstartSettings settings = new QuickstartSettings(data, Journeys.freePort(), Journeys.freePort(), 0, 0, 0)
			.withArguments("--auth.keygate.webauthn.allow-chromium-virtual-authenticator=true");
		keygate = Quickstart.start(settings);
	}

	@AfterAll
	static void stop() {
		for (Browser browser : new Browser[] { admin, approver, vic, val }) {
			if (browser != null) {
				browser.close();
			}
		}
		if (keygate != null) {
			keygate.close();
		}
	}

	@Test
	@Order(1)
	void peopleEnrollTheirKeys() throws Exception {
		admin = Browser.open(false);
		Journeys.enroll(admin, Journeys.firstAdminLink(keygate));
		String approverLink = Journeys.invite(admin, keygate, "Ada Approver", "ada@utility.example", "utility", "APPROVER");
		String vicLink = Journeys.invite(admin, keygate, "Vic Vendor", "vic@itron.example", "itron", "VENDOR_ENGINEER");
		String valLink = Journeys.invite(admin, keygate, "Val Vendor", "val@landis.example", "landis", "VENDOR_ENGINEER");
		approver = Browser.open(false);
		Journeys.enroll(approver, approverLink);
		vic = Browser.open(false);
		Journeys.enroll(vic, vicLink);
		val = Browser.open(false);
		Journeys.enroll(val, valLink);
	}

	@Test
	@Order(2)
	void vendorFollowsTheDecoyLinkOnTheConsoleAndIsCutOffAtOnce() {
		grant("vic@itron.example", "itron");
		openConsole(vic);
		assertThat(vic.driver.findElement(By.id("bait-api-key")).getText()).startsWith("kgh_");
		vic.screenshot("decoy-01-console-with-bait");

		vic.driver.findElement(By.id("bait-decoy-link")).click();
		Journeys.waitFor(vic).until(driver -> driver.getPageSource().contains("Access refused"));
		vic.screenshot("decoy-02-decoy-refused-as-unknown-target");
		assertThat(vic.driver.getPageSource()).contains("UNKNOWN_TARGET").doesNotContain("DECOY");

		await().atMost(Duration.ofSeconds(2)).until(() -> disabled("vic@itron.example"));
		vic.driver.get(keygate.settings().gatewayUrl() + "/t/head-end/");
		vic.screenshot("decoy-03-vendor-cut-off");
		assertThat(vic.driver.findElements(By.id("meters"))).isEmpty();
	}

	@Test
	@Order(3)
	void anotherVendorUsesTheConsolesApiKeyAndIsCutOff() {
		grant("val@landis.example", "landis");
		openConsole(val);
		String key = val.driver.findElement(By.id("bait-api-key")).getText();

		val.driver.get(keygate.settings().gatewayUrl() + "/t/head-end/api/meters?api_key=" + key);
		Journeys.waitFor(val).until(driver -> driver.getPageSource().contains("Access refused"));
		val.screenshot("decoy-04-honeytoken-refused");
		assertThat(val.driver.getPageSource()).contains("UNKNOWN_TARGET").doesNotContain("HONEYTOKEN");

		await().atMost(Duration.ofSeconds(2)).until(() -> disabled("val@landis.example"));
	}

	@Test
	@Order(4)
	void approverFindsBothAlertsAndSuspendsTheOrganisationWithAKeyTouch() {
		approver.driver.get(keygate.settings().authUrl() + "/access/alerts");
		Journeys.waitFor(approver).until(driver -> driver.findElements(By.cssSelector("#alerts tr[data-alert]")).size() >= 2);
		approver.screenshot("decoy-05-alerts-page");
		String page = approver.driver.getPageSource();
		assertThat(page).contains("vic@itron.example").contains("val@landis.example").contains("CRITICAL").contains("T1021")
			.contains("honeytoken ht-");

		new Select(approver.driver.findElement(By.name("technique"))).selectByValue("T1021");
		approver.driver.findElement(By.cssSelector("#alert-filter button[type=submit]")).click();
		Journeys.waitFor(approver).until(driver -> driver.getCurrentUrl().contains("technique=T1021"));
		assertThat(approver.driver.getPageSource()).contains("vic@itron.example").doesNotContain("val@landis.example");
		approver.driver.findElement(By.cssSelector("#alerts tr[data-alert] td a")).click();
		Journeys.waitFor(approver).until(driver -> !driver.findElements(By.id("alert-events")).isEmpty());
		assertThat(approver.driver.findElement(By.id("actions-taken")).getText()).contains("disabled pending review");
		approver.screenshot("decoy-06-alert-detail");

		approver.driver.findElement(By.id("acknowledge")).click();
		Journeys.waitFor(approver).until(driver -> driver.findElement(By.id("alert-state")).getText().equals("ACKNOWLEDGED"));
		approver.driver.findElement(By.id("suspend-organisation")).click();
		Journeys.waitFor(approver).until(driver -> driver.findElement(By.id("actions-taken")).getText().contains("Suspended itron"));
		approver.screenshot("decoy-07-organisation-suspended-from-alert");
		assertThat(keygate.auth().getBean(GrantStore.class).isSuspended("itron")).isTrue();
	}

	@Test
	@Order(5)
	void adminSeesTheQuickstartsHoneytoken() {
		admin.driver.get(keygate.settings().authUrl() + "/access/honeytokens");
		admin.screenshot("decoy-08-honeytokens");
		assertThat(admin.driver.findElement(By.id("honeytokens")).getText()).contains("simulator console");
		assertThat(admin.driver.getPageSource()).doesNotContain("kgh_");
	}

	private static void grant(String subject, String organisation) {
		keygate.auth().getBean(GrantStore.class).put(new Grant("g-" + organisation, subject, organisation, "head-end", "read",
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "r-" + organisation, List.of("ada@utility.example")));
	}

	private static void openConsole(Browser browser) {
		String console = keygate.settings().gatewayUrl() + "/t/head-end/";
		browser.driver.get(console);
		Journeys.waitFor(browser).until(driver -> driver.getCurrentUrl().startsWith(console) && !driver.findElements(By.id("title")).isEmpty());
	}

	private static boolean disabled(String subject) {
		return keygate.auth().getBean(AccountRepository.class).findBySubject(subject).orElseThrow().status() == UserStatus.DISABLED;
	}

}
