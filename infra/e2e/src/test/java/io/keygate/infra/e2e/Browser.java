package io.keygate.infra.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * One person's browser: Debian's headless Chromium with its own profile and a virtual CTAP2
 * authenticator with user verification (Chromium's "hardware key"). Uses the system's
 * chromium-driver; nothing is downloaded.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");

	final ChromeDriver driver;

	final VirtualAuthenticator authenticator;

	private final Path profile;

	private Browser(ChromeDriver driver, VirtualAuthenticator authenticator, Path profile) {
		this.driver = driver;
		this.authenticator = authenticator;
		this.profile = profile;
	}

	/** Fails under CI (a browser test that silently skips proves nothing), skips elsewhere. */
	static void requireChromium() {
		boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
		String message = "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER + ")";
		if (!present) {
			if ("true".equals(System.getenv("CI"))) {
				fail(message);
			}
			Assumptions.abort(message);
		}
	}

	/**
	 * @param backupEligible a synced-passkey-like authenticator (backup eligible and backed up)
	 */
	static Browser open(boolean backupEligible) {
		try {
			Path profile = Files.createTempDirectory("keygate-e2e-profile");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM.toFile());
			options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
				.usingAnyFreePort()
				.build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
			VirtualAuthenticatorOptions authenticator = new VirtualAuthenticatorOptions() {
				@Override
				public Map<String, Object> toMap() {
					Map<String, Object> map = new java.util.HashMap<>(super.toMap());
					if (backupEligible) {
						// Not in Selenium's options class: what a synced passkey reports.
						map.put("defaultBackupEligibility", true);
						map.put("defaultBackupState", true);
					}
					return map;
				}
			}.setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
				.setTransport(VirtualAuthenticatorOptions.Transport.USB)
				.setHasResidentKey(true)
				.setHasUserVerification(true)
				.setIsUserVerified(true)
				.setIsUserConsenting(true);
			return new Browser(driver, ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(authenticator), profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Saves what the browser shows now as {@code target/e2e-screenshots/<name>.png}. */
	Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try (var files = Files.walk(this.profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
			catch (IOException ignored) {
				// A leftover temporary profile is harmless.
			}
		}
	}

}
