package io.keygate.infra.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
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
class BrowserJourneyIT {

	@TempDir
	static Path data;

	private static RunningQuickstart keygate;

	private static Browser admin;

	private static Browser approver;

	private static Browser vendor;

	@BeforeAll
	static void start() throws IOException {
		Browser.requireChromium();
		QuickstartSettings settings = new QuickstartSettings(data, Journeys.freePort(), Journeys.freePort(), 0, 0, 0)
			.withArguments("--auth.keygate.webauthn.allow-chromium-virtual-authenticator=true");
		keygate = Quickstart.start(settings);
	}

	@AfterAll
	static void stop() {
		for (Browser browser : new Browser[] { admin, approver, vendor }) {
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
	void enrollWhenSyncedPasskeyLikeAuthenticatorThenRefusedWithClearMessage() throws Exception {
		try (Browser browser = Browser.open(true)) {
			browser.driver.get(Journeys.firstAdminLink(keygate));
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
		admin = Browser.open(false);
		Browser browser = admin;
			browser.driver.get(Journeys.firstAdminLink(keygate));
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

	@Test
	@Order(3)
	void adminInvitesApproverAndVendorAndEachEnrollsTheirOwnKey() {
		String approverLink = invite("Ada Approver", "ada@utility.example", "utility", "APPROVER");
		String vendorLink = invite("Vic Vendor", "vic@itron.example", "itron", "VENDOR_ENGINEER");
		admin.screenshot("03-admin-invited-approver-and-vendor");
		approver = Browser.open(false);
		enroll(approver, approverLink, "04-approver-enrolled");
		vendor = Browser.open(false);
		enroll(vendor, vendorLink, "05-vendor-enrolled");
	}

	@Test
	@Order(4)
	void vendorRequestsReadAccessToTheHeadEndForThirtyMinutes() {
		vendor.driver.get(keygate.settings().authUrl() + "/access/vendor");
		Select choice = new Select(vendor.driver.findElement(By.id("choice")));
		WebElement headEndRead = choice.getOptions().stream()
			.filter(option -> option.getText().toLowerCase().contains("head-end") && option.getText().toLowerCase().contains("read"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no head-end read choice in " + choice.getOptions().stream().map(WebElement::getText).toList()));
		choice.selectByValue(headEndRead.getAttribute("value"));
		WebElement minutes = vendor.driver.findElement(By.id("minutes"));
		minutes.clear();
		minutes.sendKeys("30");
		vendor.driver.findElement(By.id("reason")).sendKeys("Investigate missing interval reads on feeder 12");
		vendor.driver.findElement(By.id("ticket")).sendKeys("INC-4711");
		vendor.driver.findElement(By.cssSelector("form[action$='/access/vendor/requests'] button[type=submit]")).click();
		Journeys.waitFor(vendor).until(driver -> driver.getPageSource().contains("INC-4711") || driver.getPageSource().contains("PENDING"));
		vendor.screenshot("06-vendor-requested-access");
		assertThat(vendor.driver.getPageSource()).contains("PENDING");
	}

	@Test
	@Order(5)
	void approverApprovesWithAKeyTouch() {
		approver.driver.get(keygate.settings().authUrl() + "/access/approver");
		WebElement approve = Journeys.waitFor(approver).until(driver -> driver.findElement(By.cssSelector("button[data-approve]")));
		approver.screenshot("07-approver-queue");
		String requestId = approve.getAttribute("data-approve");
		approve.click();
		String message = Journeys.waitFor(approver).until(driver -> {
			String shown = driver.findElement(By.id("msg-" + requestId)).getText();
			return shown.isBlank() || shown.startsWith("Touch") ? null : shown;
		});
		approver.screenshot("08-approver-approved");
		assertThat(message).doesNotStartWith("Refused");
		assertThat(approve.isEnabled()).isFalse();
		vendor.driver.get(keygate.settings().authUrl() + "/access/vendor");
		assertThat(vendor.driver.findElements(By.linkText("Open"))).isNotEmpty();
	}

	@Test
	@Order(6)
	void vendorUsesTheHeadEndThroughTheGatewayButNotFirmwareNorTheMdm() throws Exception {
		long mark = keygate.headEnd().requestLog().lastSequence();
		String console = keygate.settings().gatewayUrl() + "/t/head-end/";
		vendor.driver.get(console);
		try {
			Journeys.waitFor(vendor).until(driver -> driver.getCurrentUrl().startsWith(console) && !driver.findElements(By.id("title")).isEmpty());
		}
		finally {
			vendor.screenshot("09-vendor-opens-head-end");
		}
		assertThat(vendor.driver.findElement(By.id("title")).getText()).contains("AMI head-end console");
		assertThat(vendor.driver.findElements(By.cssSelector("#meters tbody tr"))).isNotEmpty();
		Journeys.waitFor(vendor).until(driver -> driver.findElement(By.id("event-status")).getText().equals("open")
				&& !driver.findElements(By.cssSelector("#events li")).isEmpty());
		vendor.screenshot("09b-vendor-head-end-live-events");
		// What reached the head-end carried the gateway's service credential, not the engineer's cookies.
		assertThat(keygate.headEnd().requestLog().since(mark)).isNotEmpty().allSatisfy(received -> {
			assertThat(received.authenticated()).isTrue();
			assertThat(received.header("cookie")).isEmpty();
		});

		Path image = Files.createTempFile("firmware", ".bin");
		Files.write(image, new byte[] { 1, 2, 3, 4 });
		vendor.driver.findElement(By.id("firmware-file")).sendKeys(image.toString());
		vendor.driver.findElement(By.id("firmware-upload")).click();
		Journeys.waitFor(vendor).until(driver -> driver.getCurrentUrl().contains("/api/firmware/images"));
		vendor.screenshot("10-vendor-firmware-upload-refused");
		assertThat(vendor.driver.getPageSource()).contains("Access refused").contains("METHOD_NOT_ALLOWED");
		assertThat(keygate.headEnd().firmware().all()).isEmpty();
		assertThat(keygate.headEnd().requestLog().matching(r -> r.method().equals("POST"))).isEmpty();

		vendor.driver.get(keygate.settings().gatewayUrl() + "/t/mdm/");
		vendor.screenshot("11-vendor-mdm-refused");
		assertThat(vendor.driver.getPageSource()).contains("Access refused").contains("NO_GRANT");
		assertThat(keygate.mdm().requestLog().all()).isEmpty();
	}

	@Test
	@Order(7)
	void approverSuspendsTheVendorOrganisationAndTheOpenConsoleCloses() {
		String console = keygate.settings().gatewayUrl() + "/t/head-end/";
		vendor.driver.get(console);
		Journeys.waitFor(vendor).until(driver -> driver.findElement(By.id("event-status")).getText().equals("open"));
		approver.driver.get(keygate.settings().authUrl() + "/access/organisations");
		approver.driver.findElement(By.cssSelector("form[action$='/access/organisations/itron/suspend'] button")).click();
		approver.screenshot("12-approver-suspended-itron");
		Journeys.waitFor(vendor).until(driver -> driver.findElement(By.id("event-status")).getText().equals("closed"));
		vendor.screenshot("13-vendor-console-closed");
		vendor.driver.navigate().refresh();
		vendor.screenshot("14-vendor-refused-after-suspension");
		assertThat(vendor.driver.getPageSource()).contains("Access refused").contains("ORG_SUSPENDED");
		assertThat(vendor.driver.findElements(By.id("meters"))).isEmpty();
	}

	@Test
	@Order(8)
	void adminSeesItAllInTheAuditLogAndTheChainVerifies() {
		admin.driver.get(keygate.settings().authUrl() + "/access/admin");
		admin.screenshot("15-admin-audit-log");
		assertThat(admin.driver.findElement(By.cssSelector("p.notice")).getText()).isNotBlank();
		assertThat(admin.driver.findElements(By.cssSelector("p.refusal"))).isEmpty();
		assertThat(admin.driver.findElement(By.cssSelector("p.notice")).getText()).startsWith("Intact");
		String page = admin.driver.getPageSource();
		// The gateway's decisions are in the same chain as the portal's actions.
		assertThat(page).contains("vic@itron.example").contains("access.decision").contains("ORG_SUSPENDED")
			.contains("METHOD_NOT_ALLOWED").contains("NO_GRANT");
	}

	private static String invite(String name, String email, String organisation, String role) {
		admin.driver.get(keygate.settings().authUrl() + "/");
		admin.driver.findElement(By.id("invite-name")).sendKeys(name);
		admin.driver.findElement(By.id("invite-email")).sendKeys(email);
		admin.driver.findElement(By.id("invite-org")).sendKeys(organisation);
		new Select(admin.driver.findElement(By.id("invite-role"))).selectByVisibleText(role);
		if (!role.equals("VENDOR_ENGINEER")) {
			// The journey has one security admin: creating an approver alone is the explicit,
			// HIGH-audited single-admin bootstrap (the page warns about it).
			assertThat(admin.driver.findElement(By.id("single-admin-warning")).getText()).contains("only security admin");
			admin.driver.findElement(By.id("invite-bootstrap")).click();
		}
		admin.driver.findElement(By.id("invite")).click();
		String text = Journeys.waitFor(admin).until(driver -> {
			String shown = driver.findElement(By.id("invite-link")).getText();
			return shown.contains("http") ? shown : null;
		});
		return text.split(" ")[0];
	}

	private static void enroll(Browser browser, String link, String screenshot) {
		browser.driver.get(link);
		browser.driver.findElement(By.id("enroll")).click();
		Journeys.waitFor(browser).until(driver -> !driver.getCurrentUrl().contains("/enroll"));
		browser.screenshot(screenshot);
		assertThat(browser.driver.getPageSource()).doesNotContain("Whitelabel Error Page");
	}

	/**
	 * A fresh one-time link for the first admin, from the auth server's bootstrap (by name: this
	 * module compiles against whichever auth server is installed while it is written).
	 */

}
