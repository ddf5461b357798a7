package io.keygate.infra.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.UriComponentsBuilder;

import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import tools.jackson.databind.JsonNode;

/**
 * The demo start's seed: a demo approver and vendor are invited with printed links, and the
 * moment the demo vendor enrolls (with a Chromium-like virtual authenticator, as the printed steps
 * say) one pending request exists in their name, least privileged, marked as seeded; the printed
 * instructions say how to reach each view. A normal start seeds nothing (DemoStartTest).
 */
class DemoSeedTest {

	private static final Pattern VENDOR_LINK = Pattern.compile("Demo vendor engineer \\(itron\\)[^:]*: (\\S+)");

	@TempDir
	Path data;

	@Test
	void demoStartWhenDemoVendorEnrollsThenOnePendingLeastPrivilegedRequestInTheirNameAndEachViewExplained() throws Exception {
		QuickstartSettings settings = new QuickstartSettings(this.data, freePort(), freePort(), 0, 0, 0).withArguments("--demo");
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		PrintStream console = System.out;
		RunningQuickstart running;
		System.setOut(new PrintStream(new TeeStream(console, printed), true, StandardCharsets.UTF_8));
		try {
			running = Quickstart.start(settings);
		}
		finally {
			System.setOut(console);
		}
		try (running) {
			String output = printed.toString(StandardCharsets.UTF_8) + Quickstart.banner(running, Duration.ZERO);
			assertThat(output).contains(settings.authUrl() + "/access/approver", settings.authUrl() + "/access/vendor",
					settings.authUrl() + "/access/people");
			Matcher link = VENDOR_LINK.matcher(output);
			assertThat(link.find()).as("the demo vendor's link is printed:\n" + output).isTrue();
			JdbcClient jdbc = running.auth().getBean(JdbcClient.class);
			assertThat(jdbc.sql("select count(*) from access_request").query(Long.class).single()).as("before Vic enrolls").isZero();

			String token = UriComponentsBuilder.fromUri(URI.create(link.group(1))).build().getQueryParams().getFirst("token");
			TestClient vic = new TestClient(settings.authPort());
			JsonNode options = vic.post("/enroll/options", Map.of("token", token)).json();
			TestClient.Response enrolled = vic.post("/enroll/finish", "{\"token\":\"" + token + "\",\"credential\":"
					+ VirtualKey.chromiumLikeAt(settings.authUrl()).create(options) + "}");
			assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);

			List<Map<String, Object>> requests = jdbc
				.sql("select requester, organisation, target_id, level_name, state, client_address from access_request")
				.query()
				.listOfRows();
			assertThat(requests).singleElement().satisfies(row -> {
				assertThat(row.get("REQUESTER")).isEqualTo(DemoStart.DEMO_VENDOR);
				assertThat(row.get("ORGANISATION")).isEqualTo("itron");
				assertThat(row.get("TARGET_ID")).isEqualTo("head-end");
				assertThat(row.get("LEVEL_NAME")).isEqualTo("read");
				assertThat(row.get("STATE")).isEqualTo("PENDING");
				assertThat(row.get("CLIENT_ADDRESS")).isEqualTo(DemoRequestSeed.CLIENT);
			});
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** Writes to the console and keeps a copy. */
	private static final class TeeStream extends java.io.OutputStream {

		private final java.io.OutputStream a;

		private final java.io.OutputStream b;

		TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
			this.a = a;
			this.b = b;
		}

		@Override
		public void write(int c) throws IOException {
			this.a.write(c);
			this.b.write(c);
		}

		@Override
		public void write(byte[] bytes, int off, int len) throws IOException {
			this.a.write(bytes, off, len);
			this.b.write(bytes, off, len);
		}

	}

}
