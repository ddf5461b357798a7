package io.keygate.infra.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.infra.quickstart.Quickstart;
import io.keygate.infra.quickstart.QuickstartSettings;
import io.keygate.infra.quickstart.RunningQuickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo start ({@code --demo}) as a newcomer without a hardware key uses it: a virtual
 * authenticator set up the way the printed DevTools steps say (ctap2, internal, resident key,
 * user verification) enrolls the first admin, every page shows the red banner, and nothing
 * listens beyond the loopback address.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoJourneyIT {

	@TempDir
	static Path data;

	private static RunningQuickstart keygate;

	private static Browser admin;

	private static VirtualAuthenticator devToolsAuthenticator;

	@BeforeAll
	static void start() throws IOException {
		Browser.requireChromium();
		keygate = Quickstart.start(new QuickstartSettings(data, Journeys.freePort(), Journeys.freePort(), 0, 0, 0).withArguments("--demo"));
	}

	@AfterAll
	static void stop() {
		if (admin != null) {
			admin.close();
		}
		if (keygate != null) {
			keygate.close();
		}
	}

	@Test
	@Order(1)
	void demoStartWhenReachedOnANonLoopbackAddressThenNothingListens() throws IOException {
		assertThat(keygate.auth().getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
		assertThat(keygate.gateway().getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
		Optional<InetAddress> external = nonLoopbackAddress();
		for (int port : new int[] { keygate.settings().authPort(), keygate.settings().gatewayPort() }) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
			}
			if (external.isPresent()) {
				assertThatThrownBy(() -> {
					try (Socket socket = new Socket()) {
						socket.connect(new InetSocketAddress(external.get(), port), 2_000);
					}
				}).as("port %d on %s", port, external.get())
					// Refused, or dropped by a firewall: either way nothing answers there.
					.isInstanceOfAny(ConnectException.class, java.net.SocketTimeoutException.class);
			}
		}
	}

	@Test
	@Order(2)
	void enrollWhenDevToolsStyleVirtualAuthenticatorThenFirstAdminEnrolledUnderTheDemoBanner() throws Exception {
		admin = Browser.open(false);
		// The DevTools WebAuthn panel's settings the start-up text prints: ctap2, internal, resident
		// key, user verification (Browser's own authenticator is a USB one; replace it).
		HasVirtualAuthenticator webauthn = (HasVirtualAuthenticator) admin.driver;
		webauthn.removeVirtualAuthenticator(admin.authenticator);
		devToolsAuthenticator = webauthn.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
			.setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
			.setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
			.setHasResidentKey(true)
			.setHasUserVerification(true)
			.setIsUserVerified(true)
			.setIsUserConsenting(true));
		admin.driver.get(Journeys.firstAdminLink(keygate));
		assertThat(admin.driver.findElement(By.id("demo-banner")).getText()).contains("DEMO").contains("not secure");
		admin.screenshot("demo-01-enrollment-page-with-banner");
		admin.driver.findElement(By.id("enroll")).click();
		new WebDriverWait(admin.driver, Duration.ofSeconds(30)).until(driver -> !driver.getCurrentUrl().contains("/enroll"));
		admin.screenshot("demo-02-first-admin-enrolled");
		assertThat(devToolsAuthenticator.getCredentials()).hasSize(1);
		assertThat(admin.driver.getPageSource()).contains("Security admin");
		assertThat(admin.driver.findElement(By.id("demo-banner")).getText()).contains("DEMO");
	}

	@Test
	@Order(3)
	void portalAndGatewayPagesWhenDemoThenEachShowsTheBanner() {
		admin.driver.get(keygate.settings().authUrl() + "/access/admin");
		assertThat(admin.driver.findElement(By.id("demo-banner")).getText()).contains("DEMO");
		admin.screenshot("demo-03-portal-admin-with-banner");
		admin.driver.get(keygate.settings().gatewayUrl() + "/signed-out");
		assertThat(admin.driver.findElement(By.id("demo-banner")).getText()).contains("DEMO");
		admin.screenshot("demo-04-gateway-page-with-banner");
	}

	@Test
	@Order(4)
	void demoStartWhenFreshThenADemoApproverAndVendorAreInvited() {
		List<String> invited = keygate.auth()
			.getBean(JdbcClient.class)
			.sql("select email from invitations where invited_by = 'keygate-demo' order by email")
			.query(String.class)
			.list();
		assertThat(invited).containsExactly("ada.approver@demo.keygate.local", "vic.vendor@demo.keygate.local");
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
		for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (!nic.isUp() || nic.isLoopback()) {
				continue;
			}
			for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
				if (address instanceof Inet4Address) {
					return Optional.of(address);
				}
			}
		}
		return Optional.empty();
	}

}
