package io.keygate.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.keygate.infra.quickstart.Quickstart;
import io.keygate.infra.quickstart.QuickstartSettings;
import io.keygate.infra.quickstart.RunningQuickstart;

/**
 * The live view in the browser, on the real quickstart: a vendor engineer with a short grant uses
 * the head-end console through the gateway; the approver's live view lists the session without a
 * reload; the engineer's own view shows the time left and the warning before the grant ends; the
 * approver terminates the session, the console closes and the next page is refused with
 * {@code SESSION_TERMINATED}. Screenshots in {@code target/e2e-screenshots/live-*.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveSessionsJourneyIT {

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
	void peopleEnrollAndVendorGetsEightMinutesOnTheHeadEnd() throws Exception {
		admin = Browser.open(false);
		admin.driver.get(Journeys.firstAdminLink(keygate));
		admin.driver.findElement(By.id("enroll")).click();
		Journeys.waitFor(admin).until(driver -> !driver.getCurrentUrl().contains("/enroll"));
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
		WebElement minutes = vendor.driver.findElement(By.id("minutes"));
		minutes.clear();
		// Under the first warning (10 minutes), so the engineer's view warns at once.
		minutes.sendKeys("8");
		vendor.driver.findElement(By.id("reason")).sendKeys("Check interval reads on feeder 7");
		vendor.driver.findElement(By.id("ticket")).sendKeys("INC-5150");
		vendor.driver.findElement(By.cssSelector("form[action$='/access/vendor/requests'] button[type=submit]")).click();
		// The vendor page confirms with a sentence (the ticket itself is shown to approvers, not here).
		Journeys.waitFor(vendor).until(driver -> driver.getPageSource().contains("Request sent: read access to head-end"));

		approver.driver.get(keygate.settings().authUrl() + "/access/approver");
		WebElement approve = Journeys.waitFor(approver).until(driver -> driver.findElement(By.cssSelector("button[data-approve]")));
		String requestId = approve.getAttribute("data-approve");
		approve.click();
		String message = Journeys.waitFor(approver).until(driver -> {
			String shown = driver.findElement(By.id("msg-" + requestId)).getText();
			return shown.isBlank() || shown.startsWith("Touch") ? null : shown;
		});
		assertThat(message).doesNotStartWith("Refused");
	}

	@Test
	@Order(2)
	void approverSeesTheVendorsSessionLiveWithItsGateway() {
		String console = keygate.settings().gatewayUrl() + "/t/head-end/";
		vendor.driver.get(console);
		Journeys.waitFor(vendor).until(driver -> driver.getCurrentUrl().startsWith(console) && !driver.findElements(By.id("title")).isEmpty());
		Journeys.waitFor(vendor).until(driver -> driver.findElement(By.id("event-status")).getText().equals("open"));

		approver.driver.get(keygate.settings().authUrl() + "/live");
		// No reload: the page's poll brings the session in when the gateway's heartbeat has reported it.
		WebElement row = Journeys.waitFor(approver).until(driver -> driver.findElements(By.cssSelector("#sessions tbody tr"))
			.stream()
			.filter(r -> r.getText().contains("vic@itron.example"))
			.findFirst()
			.orElse(null));
		Journeys.waitFor(approver).until(driver -> !driver.findElements(By.cssSelector("#gateways tbody tr")).isEmpty());
		approver.screenshot("live-01-approver-live-view");
		assertThat(row.getText()).contains("head-end").contains("itron");
		assertThat(approver.driver.findElement(By.cssSelector("#gateways tbody tr")).getText()).contains("live");
	}

	@Test
	@Order(3)
	void vendorSeesOwnSessionWithTimeLeftAndTheWarning() {
		vendor.driver.get(keygate.settings().authUrl() + "/live");
		Journeys.waitFor(vendor).until(driver -> !driver.findElement(By.id("warnings")).getText().isBlank());
		vendor.screenshot("live-02-vendor-own-sessions-warning");
		assertThat(vendor.driver.findElement(By.id("warnings")).getText()).contains("ends in").contains("head-end");
		assertThat(vendor.driver.findElements(By.cssSelector("button[data-terminate]"))).isEmpty();
	}

	@Test
	@Order(4)
	void approverTerminatesTheSessionAndTheConsoleClosesAndIsRefused() {
		String console = keygate.settings().gatewayUrl() + "/t/head-end/";
		vendor.driver.get(console);
		Journeys.waitFor(vendor).until(driver -> driver.findElement(By.id("event-status")).getText().equals("open"));
		approver.driver.get(keygate.settings().authUrl() + "/live");
		WebElement terminate = Journeys.waitFor(approver).until(driver -> driver.findElement(By.cssSelector("button[data-terminate]")));
		((JavascriptExecutor) approver.driver).executeScript("window.confirm = () => true;");
		terminate.click();
		Journeys.waitFor(approver).until(driver -> driver.findElement(By.id("live-notice")).getText().startsWith("Terminate sent"));
		Journeys.waitFor(vendor).until(driver -> driver.findElement(By.id("event-status")).getText().equals("closed"));
		approver.screenshot("live-03-approver-terminated");
		vendor.screenshot("live-04-vendor-console-closed");
		vendor.driver.navigate().refresh();
		vendor.screenshot("live-05-vendor-refused-session-terminated");
		assertThat(vendor.driver.getPageSource()).contains("SESSION_TERMINATED");
	}

	/** A one-time link for the first admin, from the auth server's bootstrap (by name, as {@code BrowserJourneyIT} does). */

}
