package io.keygate.infra.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.keygate.infra.quickstart.Quickstart;
import io.keygate.infra.quickstart.QuickstartSettings;
import io.keygate.infra.quickstart.RunningQuickstart;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Declare vendor breach" in the browser, on the real quickstart (issue 15): the security admin
 * declares a breach of the vendor whose engineer has the head-end console open, confirms it with
 * their (virtual) security key, and lands on the result page (what was done, the gateway's receipt,
 * the hunt report); the engineer's console closes, their key is refused at sign-in as quarantined;
 * the admin resumes under stricter terms. Screenshots beside the main journey's ({@code 60-…}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BreachJourneyIT {

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
	void vendorHasTheHeadEndConsoleOpenThroughAnApprovedGrant() throws Exception {
		admin = Browser.open(false);
		Journeys.enroll(admin, Journeys.firstAdminLink(keygate));
		String approverLink = Journeys.invite(admin, keygate, "Ada Approver", "ada@utility.example", "utility", "APPROVER");
		String vendorLink = Journeys.invite(admin, keygate, "Vic Vendor", "vic@itron.example", "itron", "VENDOR_ENGINEER");
		approver = Browser.open(false);
		Journeys.enroll(approver, approverLink);
		vendor = Browser.open(false);
		Journeys.enroll(vendor, vendorLink);

		vendor.driver.get(keygate.settings().authUrl() + "/access/vendor");
		Select choice = new Select(vendor.driver.findElement(By.id("choice")));
		WebElement headEndRead = choice.getOptions().stream()
			.filter(option -> option.getText().toLowerCase().contains("head-end") && option.getText().toLowerCase().contains("read"))
			.findFirst()
			.orElseThrow();
		choice.selectByValue(headEndRead.getAttribute("value"));
		vendor.driver.findElement(By.id("reason")).sendKeys("Investigate missing interval reads on feeder 12");
		vendor.driver.findElement(By.id("ticket")).sendKeys("INC-4711");
		vendor.driver.findElement(By.cssSelector("form[action$='/access/vendor/requests'] button[type=submit]")).click();
		Journeys.waitFor(vendor).until(driver -> driver.getPageSource().contains("PENDING"));
		approver.driver.get(keygate.settings().authUrl() + "/access/approver");
		WebElement approve = Journeys.waitFor(approver).until(driver -> driver.findElement(By.cssSelector("button[data-approve]")));
		String requestId = approve.getAttribute("data-approve");
		approve.click();
		Journeys.waitFor(approver).until(driver -> {
			String shown = driver.findElement(By.id("msg-" + requestId)).getText();
			return !shown.isBlank() && !shown.startsWith("Touch");
		});
		String console = keygate.settings().gatewayUrl() + "/t/head-end/";
		vendor.driver.get(console);
		Journeys.waitFor(vendor).until(driver -> driver.getCurrentUrl().startsWith(console)
				&& !driver.findElements(By.id("event-status")).isEmpty()
				&& driver.findElement(By.id("event-status")).getText().equals("open"));
		vendor.screenshot("60-breach-vendor-console-open");
	}

	@Test
	@Order(2)
	void adminDeclaresTheBreachWithAKeyTouchAndSeesWhatWasDone() {
		admin.driver.get(keygate.settings().authUrl() + "/access/admin/breach");
		assertThat(admin.driver.findElement(By.linkText("Vendor breach")).getAttribute("class")).contains("here");
		new Select(admin.driver.findElement(By.id("organisation"))).selectByVisibleText("itron");
		Instant now = Instant.now();
		admin.driver.findElement(By.id("from")).sendKeys(now.minus(Duration.ofHours(1)).toString());
		admin.driver.findElement(By.id("to")).sendKeys(now.plus(Duration.ofHours(1)).toString());
		admin.driver.findElement(By.id("reference")).sendKeys("ITRON-ADV-2026-11");
		admin.screenshot("61-breach-declaration-form");
		admin.driver.findElement(By.id("declare")).click();
		Journeys.waitFor(admin).until(driver -> driver.getCurrentUrl().matches(".*/access/admin/breach/[0-9a-f-]{36}$"));
		admin.screenshot("62-breach-declared-result");
		String page = admin.driver.getPageSource();
		assertThat(page).contains("Breach of itron: DECLARED").contains("1 live grant(s) ended")
			.contains("1 key(s) of 1 person(s) quarantined").contains("vic@itron.example").contains("Detections strict for itron");
		// The quickstart's one gateway closed the console and gave its receipt.
		Journeys.waitFor(vendor).until(driver -> driver.findElement(By.id("event-status")).getText().equals("closed"));
		vendor.screenshot("63-breach-vendor-console-closed");
		admin.driver.navigate().refresh();
		Journeys.waitFor(admin).until(driver -> !driver.findElements(By.cssSelector("tr[data-receipt='RECEIVED']")).isEmpty());
		admin.screenshot("64-breach-gateway-receipt");
		assertThat(admin.driver.findElements(By.cssSelector("tr[data-receipt='MISSING']"))).isEmpty();
		// The engineer enrolled (which signs in) and reached the gateway through the portal session:
		// the hunt shows the enrollment, not a separate key sign-in.
		assertThat(admin.driver.findElement(By.id("hunt")).getText()).contains("enrollment.completed")
			.contains("request.approval").contains("access.decision");
	}

	@Test
	@Order(3)
	void vendorKeyIsRefusedAtSignInAsQuarantined() {
		Browser fresh = vendor;
		fresh.driver.manage().deleteAllCookies();
		fresh.driver.get(keygate.settings().authUrl() + "/login");
		fresh.driver.findElement(By.id("sign-in")).click();
		String message = Journeys.waitFor(fresh).until(driver -> {
			String shown = driver.findElement(By.id("message")).getText();
			return shown.contains("quarantined") ? shown : null;
		});
		fresh.screenshot("65-breach-quarantined-key-refused");
		assertThat(message).contains("re-enroll");
	}

	@Test
	@Order(4)
	void adminResumesUnderStricterTerms() {
		admin.driver.findElement(By.id("resume")).click();
		Journeys.waitFor(admin).until(driver -> !driver.findElements(By.id("resumed")).isEmpty());
		admin.screenshot("66-breach-resumed-with-stricter-terms");
		assertThat(admin.driver.findElement(By.id("resumed")).getText()).contains("2 approvals for every request");
	}

}
