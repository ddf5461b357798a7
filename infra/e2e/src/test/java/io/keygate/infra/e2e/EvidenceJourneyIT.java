package io.keygate.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.keygate.infra.quickstart.Quickstart;
import io.keygate.infra.quickstart.QuickstartSettings;
import io.keygate.infra.quickstart.RunningQuickstart;

/**
 * The evidence page and report in headless Chromium on the real quickstart: the first security
 * admin enrolls with a (virtual) hardware key, opens Evidence from the portal, sees the
 * verification command and the key fingerprint, and views the report for the default period.
 * Screenshots: {@code target/e2e-screenshots/evidence-*.png}.
 */
class EvidenceJourneyIT {

	@TempDir
	static Path data;

	private static RunningQuickstart keygate;

	@BeforeAll
	static void start() throws IOException {
		Browser.requireChromium();
		QuickstartSettings settings = new QuickstartSettings(data, Journeys.freePort(), Journeys.freePort(), 0, 0, 0)
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
	void evidenceWhenFirstAdminOpensItThenPageShowsVerificationAndTheReportRendersFromLiveState() throws Exception {
		try (Browser admin = Browser.open(false)) {
			admin.driver.get(Journeys.firstAdminLink(keygate));
			admin.driver.findElement(By.id("enroll")).click();
			new WebDriverWait(admin.driver, Duration.ofSeconds(30)).until(driver -> !driver.getCurrentUrl().contains("/enroll"));

			admin.driver.get(keygate.settings().authUrl() + "/access/admin");
			admin.driver.findElement(By.linkText("Evidence")).click();
			new WebDriverWait(admin.driver, Duration.ofSeconds(10)).until(driver -> driver.getCurrentUrl().contains("/access/evidence"));
			admin.screenshot("evidence-01-page");
			assertThat(admin.driver.findElement(By.id("evidence-fingerprint")).getText()).matches("[0-9a-f]{64}");
			assertThat(admin.driver.getPageSource()).contains("openssl dgst -sha256 -verify evidence-public-key.pem");

			admin.driver.findElement(By.id("evidence-view")).click();
			new WebDriverWait(admin.driver, Duration.ofSeconds(30))
				.until(driver -> !driver.findElements(By.id("evidence-title")).isEmpty());
			admin.screenshot("evidence-02-report");
			assertThat(admin.driver.findElement(By.id("chain-status")).getText()).startsWith("Chain intact");
			assertThat(admin.driver.getPageSource()).contains("NERC CIP-005-7 R2.5", "IEC 62443-3-3 SR 2.6", "head-end");
		}
	}

}
