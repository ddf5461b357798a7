package io.keygate.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

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
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;

/**
 * The firmware gate in the browser, on the real quickstart and its head-end simulator (which
 * records every image it receives): the vendor holds a firmware grant; a security admin opens a distrust window for the vendor and
 * lists an image with a key touch; the vendor's upload of it is held and nothing reaches the
 * head-end; the admin releases it with a key touch; the vendor's next upload reaches the head-end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirmwareJourneyIT {

	@TempDir
	static Path data;

	private static RunningQuickstart keygate;

	private static Browser admin;

	private static Browser vendor;

	private static Path image;

	private static String imageHash;

	@BeforeAll
	static void start() throws Exception {
		Browser.requireChromium();
		QuickstartSettings settings = new QuickstartSettings(data, Journeys.freePort(), Journeys.freePort(), 0, 0, 0)
			.withArguments("--auth.keygate.webauthn.allow-chromium-virtual-authenticator=true");
		keygate = Quickstart.start(settings);
		image = Files.createTempFile("meter-fw-4.3.0", ".bin");
		byte[] bytes = new byte[64 * 1024];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) (i * 7 + (i >>> 8));
		}
		Files.write(image, bytes);
		imageHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	@AfterAll
	static void stop() {
		for (Browser browser : new Browser[] { admin, vendor }) {
			if (browser != null) {
				browser.close();
			}
		}
		if (keygate != null) {
			keygate.close();
		}
	}

	/**
	 * The firmware grant is written to the shared store as an approval would write it: two
	 * independent approvers (enrolled by different admins) are {@code BrowserJourneyIT}'s subject,
	 * this journey's is what happens at the door once the grant exists.
	 */
	@Test
	@Order(1)
	void adminAndVendorEnrollAndTheVendorHoldsAFirmwareGrant() throws Exception {
		admin = Browser.open(false);
		enroll(admin, Journeys.firstAdminLink(keygate), "fw-01-admin-enrolled");
		String vendorLink = invite("Vic Vendor", "vic@itron.example", "itron", "VENDOR_ENGINEER");
		vendor = Browser.open(false);
		enroll(vendor, vendorLink, "fw-02-vendor-enrolled");
		Instant now = Instant.now();
		GrantStore store = keygate.auth().getBean(GrantStore.class);
		assertThat(store.put(new Grant("g-firmware-journey", "vic@itron.example", "itron", "head-end", "firmware",
				now.minusSeconds(60), now.plusSeconds(3600), "r-firmware-journey", List.of("ada@utility.example",
						"bo@utility.example")))).isEqualTo(GrantStore.PutResult.STORED);
	}

	@Test
	@Order(2)
	void adminOpensADistrustWindowAndListsTheImageWithAKeyTouch() {
		admin.driver.get(keygate.settings().authUrl() + "/access/firmware");
		DateTimeFormatter minutes = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
		WebElement form = admin.driver.findElement(By.id("window"));
		form.findElement(By.name("organisation")).sendKeys("itron");
		((JavascriptExecutor) admin.driver).executeScript(
				"document.querySelector('#window [name=start]').value = arguments[0];"
						+ "document.querySelector('#window [name=end]').value = arguments[1];",
				now.minusHours(1).format(minutes), now.plusDays(1).format(minutes));
		form.findElement(By.name("reason")).sendKeys("itron disclosed an intrusion (notice 2026-11-27)");
		form.findElement(By.cssSelector("button[type=submit]")).click();
		Journeys.waitFor(admin).until(driver -> driver.getPageSource().contains("Distrust window"));
		admin.screenshot("fw-08-admin-opened-distrust-window");

		admin.driver.findElement(By.id("allow-hash")).sendKeys(imageHash);
		admin.driver.findElement(By.id("allow-vendor")).sendKeys("itron");
		admin.driver.findElement(By.id("allow-model")).sendKeys("OpenWay Riva");
		admin.driver.findElement(By.id("allow-version")).sendKeys("4.3.0");
		admin.driver.findElement(By.id("allow-verification")).sendKeys("vendor-signed release note RN-4.3.0");
		admin.driver.findElement(By.id("allow-add")).click();
		Journeys.waitFor(admin).until(driver -> driver.findElement(By.id("message")).getText().startsWith("Listed"));
		admin.screenshot("fw-09-admin-listed-image");
		Journeys.waitFor(admin).until(driver -> driver.findElement(By.id("allow-list")).getText().contains(imageHash));
	}

	@Test
	@Order(3)
	void vendorUploadInsideTheWindowIsHeldAndNothingReachesTheHeadEnd() {
		upload("fw-10-vendor-upload-held");

		assertThat(vendor.driver.getPageSource()).contains("Access refused").contains("FIRMWARE_HELD");
		assertThat(keygate.headEnd().firmware().all()).isEmpty();
		assertThat(keygate.headEnd().requestLog().matching(r -> r.method().equals("POST"))).isEmpty();
	}

	@Test
	@Order(4)
	void adminReleasesTheHeldImageWithAKeyTouch() {
		admin.driver.get(keygate.settings().authUrl() + "/access/firmware");
		WebElement release = Journeys.waitFor(admin).until(driver -> driver.findElement(By.cssSelector("button[data-release='" + imageHash + "']")));
		assertThat(admin.driver.findElement(By.id("held-" + imageHash)).getText()).contains("vic@itron.example").contains("head-end")
			.contains("HELD");
		admin.screenshot("fw-11-admin-sees-held-image");
		release.click();
		Journeys.waitFor(admin).until(driver -> driver.findElement(By.id("message")).getText().startsWith("Released"));
		admin.screenshot("fw-12-admin-released-image");
		assertThat(keygate.headEnd().firmware().all()).isEmpty();
	}

	@Test
	@Order(5)
	void vendorUploadsAgainAndTheReleasedImageReachesTheHeadEnd() {
		upload("fw-13-vendor-upload-forwarded");

		assertThat(vendor.driver.getPageSource()).doesNotContain("Access refused");
		assertThat(keygate.headEnd().firmware().all()).singleElement().satisfies(received -> {
			assertThat(received.sha256()).isEqualTo(imageHash);
			assertThat(received.encoding()).isEqualTo("multipart");
		});
	}

	private static void upload(String screenshot) {
		String console = keygate.settings().gatewayUrl() + "/t/head-end/";
		vendor.driver.get(console);
		Journeys.waitFor(vendor).until(driver -> driver.getCurrentUrl().startsWith(console) && !driver.findElements(By.id("firmware-file")).isEmpty());
		vendor.driver.findElement(By.id("firmware-file")).sendKeys(image.toString());
		vendor.driver.findElement(By.id("firmware-upload")).click();
		Journeys.waitFor(vendor).until(driver -> driver.getCurrentUrl().contains("/api/firmware/images"));
		vendor.screenshot(screenshot);
	}

	private static String invite(String name, String email, String organisation, String role) {
		admin.driver.get(keygate.settings().authUrl() + "/");
		admin.driver.findElement(By.id("invite-name")).sendKeys(name);
		admin.driver.findElement(By.id("invite-email")).sendKeys(email);
		admin.driver.findElement(By.id("invite-org")).sendKeys(organisation);
		new Select(admin.driver.findElement(By.id("invite-role"))).selectByVisibleText(role);
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

}
