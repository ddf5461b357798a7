package io.keygate.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.keygate.infra.quickstart.Quickstart;
import io.keygate.infra.quickstart.RunningQuickstart;

/**
 * The steps every browser journey takes against a started quickstart: the first admin's link,
 * inviting and enrolling people through the portal's own pages, waiting on a page. One copy, so a
 * change to a page's ids is fixed once.
 */
final class Journeys {

	private Journeys() {
	}

	/** Waits up to 30 s on {@code browser}'s page (a busy CI machine renders slowly). */
	static WebDriverWait waitFor(Browser browser) {
		return new WebDriverWait(browser.driver, Duration.ofSeconds(30));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** The one-time link for the first security admin, issued by the auth server while it has no account. */
	static String firstAdminLink(RunningQuickstart keygate) throws Exception {
		Object bootstrap = keygate.auth().getBean(Quickstart.FIRST_ADMIN_BEAN);
		java.lang.reflect.Method issue = bootstrap.getClass().getMethod("issueIfNoAccounts");
		issue.setAccessible(true);
		Object issued = issue.invoke(bootstrap);
		assertThat(issued).as("the auth server has no account yet, so it issues a first-admin link").isNotNull();
		java.lang.reflect.Method link = issued.getClass().getMethod("link");
		link.setAccessible(true);
		return String.valueOf(link.invoke(issued));
	}

	/**
	 * Invites a person from the admin's portal home and returns their one-time link; staff are
	 * invited under the single-admin bootstrap (no second admin exists in a journey).
	 */
	static String invite(Browser admin, RunningQuickstart keygate, String name, String email, String organisation,
			String role) {
		admin.driver.get(keygate.settings().authUrl() + "/");
		admin.driver.findElement(By.id("invite-name")).sendKeys(name);
		admin.driver.findElement(By.id("invite-email")).sendKeys(email);
		admin.driver.findElement(By.id("invite-org")).sendKeys(organisation);
		new Select(admin.driver.findElement(By.id("invite-role"))).selectByVisibleText(role);
		if (!role.equals("VENDOR_ENGINEER")) {
			admin.driver.findElement(By.id("invite-bootstrap")).click();
		}
		admin.driver.findElement(By.id("invite")).click();
		String text = waitFor(admin).until(driver -> {
			String shown = driver.findElement(By.id("invite-link")).getText();
			return shown.contains("http") ? shown : null;
		});
		return text.split(" ")[0];
	}

	/** Opens an enrollment link and enrolls the browser's virtual authenticator. */
	static void enroll(Browser browser, String link) {
		browser.driver.get(link);
		browser.driver.findElement(By.id("enroll")).click();
		waitFor(browser).until(driver -> !driver.getCurrentUrl().contains("/enroll"));
	}

	/**
	 * The {@code serious} and {@code critical} axe-core violations on {@code browser}'s current page,
	 * one line each (rule, impact, help, the first elements), so a failing assertion says what to fix.
	 * Every rule runs; none is excluded.
	 */
	static java.util.List<String> seriousAccessibilityViolations(Browser browser) {
		com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder().analyze(browser.driver);
		assertThat(results.isErrored()).as("axe-core ran on " + browser.driver.getCurrentUrl() + ": " + results.getErrorMessage())
			.isFalse();
		java.util.List<String> found = new java.util.ArrayList<>();
		for (com.deque.html.axecore.results.Rule rule : results.getViolations()) {
			String line = rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
					+ rule.getNodes().stream().limit(3).map(node -> String.valueOf(node.getTarget()) + " " + node.getHtml()).toList();
			if ("serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())) {
				found.add(line);
			}
			else {
				// Moderate and minor findings do not fail a journey; they are printed to be seen.
				System.out.println("AXE (not failing) " + browser.driver.getCurrentUrl() + ": " + line);
			}
		}
		return found;
	}

}
