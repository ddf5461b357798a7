package io.keygate.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.keygate.infra.quickstart.Quickstart;
import io.keygate.infra.quickstart.QuickstartSettings;
import io.keygate.infra.quickstart.RunningQuickstart;

/**
 * axe-core (Deque's Selenium integration) on the main pages a first run meets, each in the state a
 * person sees it (a pending request in the approver's queue, a live grant on the gateway's landing
 * page): sign-in, enrollment, my access with the request form, approvals, people, audit, alerts,
 * and the gateway's landing page, refusal, over-long-address page and signed-out page. No
 * {@code serious} or {@code critical} violation may remain; no rule is switched off. The demo
 * start is used, so the red banner is checked with every page.
 */
class AccessibilityJourneyIT {

	@TempDir
	static Path data;

	private static RunningQuickstart keygate;

	private static final List<Browser> browsers = new ArrayList<>();

	@BeforeAll
	static void start() throws IOException {
		Browser.requireChromium();
		keygate = Quickstart.start(new QuickstartSettings(data, Journeys.freePort(), Journeys.freePort(), 0, 0, 0).withArguments("--demo"));
	}

	@AfterAll
	static void stop() {
		browsers.forEach(Browser::close);
		if (keygate != null) {
			keygate.close();
		}
	}

	private static Browser open() {
		Browser browser = Browser.open(false);
		browsers.add(browser);
		return browser;
	}

	@Test
	void mainPortalAndGatewayPagesWhenCheckedByAxeThenNoSeriousOrCriticalViolations() throws Exception {
		String auth = keygate.settings().authUrl();
		String gateway = keygate.settings().gatewayUrl();
		Map<String, List<String>> violations = new LinkedHashMap<>();

		Browser admin = open();
		// The check itself can fail: a field without a label is a critical violation it must report.
		admin.driver.get("data:text/html,<!DOCTYPE html><html lang=en><head><title>canary</title></head><body><main>"
				+ "<h1>Canary</h1><input type=text></main></body></html>");
		assertThat(Journeys.seriousAccessibilityViolations(admin)).as("axe-core on a page with an unlabelled field")
			.anySatisfy(violation -> assertThat(violation).startsWith("label (critical)"));

		admin.driver.get(auth + "/login");
		check(violations, "sign-in", admin);
		admin.driver.get(Journeys.firstAdminLink(keygate));
		check(violations, "enroll", admin);
		admin.driver.findElement(By.id("enroll")).click();
		Journeys.waitFor(admin).until(driver -> !driver.getCurrentUrl().contains("/enroll"));
		check(violations, "account (admin home)", admin);

		String approverLink = Journeys.invite(admin, keygate, "Ada Approver", "ada@utility.example", "utility", "APPROVER");
		String vendorLink = Journeys.invite(admin, keygate, "Vic Vendor", "vic@itron.example", "itron", "VENDOR_ENGINEER");
		Browser approver = open();
		Journeys.enroll(approver, approverLink);
		Browser vendor = open();
		Journeys.enroll(vendor, vendorLink);

		vendor.driver.get(auth + "/access/vendor");
		check(violations, "my access (request form)", vendor);
		Select choice = new Select(vendor.driver.findElement(By.id("choice")));
		WebElement headEndRead = choice.getOptions().stream()
			.filter(option -> option.getText().toLowerCase().contains("head-end") && option.getText().toLowerCase().contains("read"))
			.findFirst()
			.orElseThrow();
		choice.selectByValue(headEndRead.getAttribute("value"));
		vendor.driver.findElement(By.id("reason")).sendKeys("Check interval reads on feeder 12");
		vendor.driver.findElement(By.id("ticket")).sendKeys("INC-7");
		vendor.driver.findElement(By.cssSelector("form[action$='/access/vendor/requests'] button[type=submit]")).click();
		Journeys.waitFor(vendor).until(driver -> driver.getPageSource().contains("PENDING"));
		check(violations, "my access (with a pending request)", vendor);

		approver.driver.get(auth + "/access/approver");
		WebElement approve = Journeys.waitFor(approver).until(driver -> driver.findElement(By.cssSelector("button[data-approve]")));
		check(violations, "approvals (one pending)", approver);
		String requestId = approve.getAttribute("data-approve");
		approve.click();
		Journeys.waitFor(approver).until(driver -> {
			String shown = driver.findElement(By.id("msg-" + requestId)).getText();
			return !shown.isBlank() && !shown.startsWith("Touch");
		});

		for (String page : List.of("/access/people", "/access/admin", "/access/alerts")) {
			admin.driver.get(auth + page);
			check(violations, page, admin);
		}

		vendor.driver.get(gateway + "/");
		Journeys.waitFor(vendor).until(driver -> driver.getCurrentUrl().startsWith(gateway) && !driver.findElements(By.tagName("h1")).isEmpty());
		assertThat(vendor.driver.findElements(By.id("live-access"))).as("the landing page lists the live grant").isNotEmpty();
		check(violations, "gateway landing page", vendor);
		vendor.driver.get(gateway + "/t/mdm/");
		assertThat(vendor.driver.getPageSource()).contains("Access refused");
		check(violations, "gateway refusal page", vendor);
		vendor.driver.get(gateway + "/t/head-end/?q=" + "a".repeat(9_000));
		assertThat(vendor.driver.getPageSource()).contains("Address too long");
		check(violations, "gateway 414 page", vendor);
		vendor.driver.get(gateway + "/signed-out");
		check(violations, "gateway signed-out page", vendor);

		violations.values().removeIf(List::isEmpty);
		assertThat(violations).as("serious or critical accessibility violations per page").isEmpty();
	}

	private static void check(Map<String, List<String>> violations, String page, Browser browser) {
		assertThat(browser.driver.findElements(By.id("demo-banner"))).as(page + " shows the demo banner").isNotEmpty();
		List<String> found = Journeys.seriousAccessibilityViolations(browser);
		found.forEach(violation -> System.out.println("AXE " + page + ": " + violation));
		violations.put(page, found);
		browser.screenshot("a11y-" + page.replaceAll("[^a-z0-9]+", "-"));
	}

}
