package io.keygate.infra.quickstart;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.auth.webauthn.AttestationTrustAnchors;
import io.keygate.auth.webauthn.WebAuthnProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo switch is on only with {@code --demo}: a normal quickstart has no banner, does not
 * trust Chromium's virtual authenticator, and trusts the bundled vendor roots instead.
 */
class DemoStartTest {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path data;

	@Test
	void withArgumentsWhenDemoFlagThenLoopbackVirtualAuthenticatorAndBannerOnBothApplications() {
		QuickstartSettings settings = QuickstartSettings.defaults(this.data).withArguments("--demo");
		assertThat(settings.demo()).isTrue();
		assertThat(settings.authProperties()).containsAllEntriesOf(Map.of("server.address", "127.0.0.1",
				"keygate.webauthn.allow-chromium-virtual-authenticator", "true", "keygate.demo", "true"));
		assertThat(settings.gatewayProperties()).containsAllEntriesOf(Map.of("server.address", "127.0.0.1", "keygate.demo", "true"));
	}

	@Test
	void withArgumentsWhenNoDemoFlagThenNoneOfTheDemoSettings() {
		QuickstartSettings settings = QuickstartSettings.defaults(this.data).withArguments("--auth.keygate.x=y");
		assertThat(settings.demo()).isFalse();
		assertThat(settings.authProperties()).doesNotContainKeys("keygate.demo", "server.address",
				"keygate.webauthn.allow-chromium-virtual-authenticator");
		assertThat(settings.gatewayProperties()).doesNotContainKeys("keygate.demo", "server.address");
	}

	@Test
	void bannerWhenDemoThenPrintsTheDevToolsSteps() throws IOException {
		String steps = DemoStart.instructions(new QuickstartSettings(this.data, freePort(), freePort(), 0, 0, 0));
		assertThat(steps).contains("DEMO — NOT SECURE", "WebAuthn", "ctap2", "internal", "resident keys", "user verification");
	}

	@Test
	void startWhenNotDemoThenNoBannerNoVirtualAuthenticatorAndTheBundledRootsAreTrusted() throws Exception {
		QuickstartSettings settings = new QuickstartSettings(this.data, freePort(), freePort(), 0, 0, 0);
		try (RunningQuickstart running = Quickstart.start(settings)) {
			assertThat(running.auth().getBean(WebAuthnProperties.class).allowChromiumVirtualAuthenticator()).isFalse();
			// The real bundle, loaded the way the embedded mode loads it: Yubico's three roots, Nitrokey's
			// two, SoloKeys' two and Feitian's three.
			assertThat(running.auth().getBean(AttestationTrustAnchors.class).configuredCount()).isEqualTo(10);
			HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(settings.authUrl() + "/login")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(login.statusCode()).isEqualTo(200);
			assertThat(login.body()).contains("Keygate").doesNotContain("demo-banner");
			HttpResponse<String> signedOut = http.send(
					HttpRequest.newBuilder(URI.create(settings.gatewayUrl() + "/signed-out")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(signedOut.body()).contains("signed out").doesNotContain("demo-banner");
			assertThat(Quickstart.banner(running, Duration.ZERO)).doesNotContain("DEMO");
			assertThat(running.auth()
				.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
				.sql("select count(*) from invitations where invited_by = ?")
				.param(DemoStart.DEMO_ACTOR)
				.query(Long.class)
				.single()).as("no demo people outside the demo start").isZero();
			assertThat(running.auth()
				.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
				.sql("select count(*) from access_request")
				.query(Long.class)
				.single()).as("no demo request outside the demo start").isZero();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
