package io.keygate.infra.quickstart;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.grant.GrantStore;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole quickstart in this JVM on free ports and a temporary data folder. */
class QuickstartTest {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path data;

	@Test
	void startWhenEmptyDataFolderThenAllThreeSystemsUpOnOneSharedGrantStore() throws Exception {
		QuickstartSettings settings = new QuickstartSettings(this.data, freePort(), freePort(), 0, 0, 0);
		try (RunningQuickstart running = Quickstart.start(settings)) {
			assertThat(running.auth().isActive()).isTrue();
			assertThat(running.gateway().isActive()).isTrue();
			// One grant store for both: what the portal grants is what the gateway sees.
			assertThat(running.auth().getBean(GrantStore.class)).isSameAs(running.gateway().getBean(GrantStore.class));
			// One firmware register: what the portal lists is what the gateway checks, and holds reach the portal.
			assertThat(running.auth().getBean(io.keygate.policy.firmware.FirmwareRegister.class))
				.isSameAs(running.gateway().getBean(io.keygate.policy.firmware.FirmwareRegister.class));
			// The simulators answer, and only with their service credential (which the gateway holds).
			assertThat(get(running.headEnd().baseUri() + "/api/meters")).isEqualTo(401);
			assertThat(get(running.mdm().baseUri() + "/api/meters")).isEqualTo(401);
			assertThat(get(running.decoy().baseUri() + "/api/meters")).isEqualTo(401);
			assertThat(Files.readString(this.data.resolve("quickstart-targets.yml")))
				.contains("http://127.0.0.1:" + running.headEnd().port())
				.contains("http://127.0.0.1:" + running.mdm().port())
				.contains("http://127.0.0.1:" + running.decoy().port());
			assertThat(Quickstart.banner(running, java.time.Duration.ofSeconds(1))).contains("Keygate is ready in").contains(settings.authUrl())
				.contains(settings.gatewayUrl() + "/t/head-end/")
				.contains("Metrics and health (management ports");
			// No integrity key needed (no Redis); metrics and health on the management ports only.
			String gatewayManagement = "http://127.0.0.1:" + running.gateway().getEnvironment().getProperty("local.management.port");
			String authManagement = "http://127.0.0.1:" + running.auth().getEnvironment().getProperty("local.management.port");
			assertThat(get(gatewayManagement + "/actuator/prometheus")).isEqualTo(200);
			assertThat(get(authManagement + "/actuator/health")).isEqualTo(200);
			assertThat(get(settings.gatewayUrl() + "/actuator/prometheus")).isIn(403, 404);
			assertThat(get(settings.authUrl() + "/actuator/health")).isIn(401, 403, 404);
		}
	}

	@Test
	void restartWhenDataFolderKeptThenAuditHistoryContinues() throws Exception {
		QuickstartSettings settings = new QuickstartSettings(this.data, freePort(), freePort(), 0, 0, 0);
		AuditEvent before;
		try (RunningQuickstart running = Quickstart.start(settings)) {
			before = authAuditLog(running).append(marker("first start"));
		}
		assertThat(Files.list(this.data).map(path -> path.getFileName().toString())).anyMatch(name -> name.endsWith(".mv.db"));

		try (RunningQuickstart restarted = Quickstart.start(settings)) {
			AuditLog log = authAuditLog(restarted);
			// The event written before the restart is still there, unchanged, and the chain goes on after it.
			AuditEvent kept = eventAt(log, before.sequence());
			assertThat(kept.hash()).isEqualTo(before.hash());
			assertThat(kept.entry().reason()).isEqualTo("first start");
			AuditEvent after = log.append(marker("second start"));
			assertThat(after.sequence()).isGreaterThan(before.sequence());
		}
	}

	/**
	 * Reads one event back through the auth server's {@code eventsAfter(long, int)}; by name, so
	 * that this module compiles against whichever auth server is installed while it is written.
	 */
	private static AuditEvent eventAt(AuditLog log, long sequence) throws Exception {
		Object events = log.getClass().getMethod("eventsAfter", long.class, int.class).invoke(log, sequence - 1, 1);
		assertThat(events).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
		return (AuditEvent) ((java.util.List<?>) events).get(0);
	}

	/** The auth server's own (durable) audit log, not the parent's in-process one. */
	private static AuditLog authAuditLog(RunningQuickstart running) {
		Map<String, AuditLog> own = running.auth().getBeanFactory().getBeansOfType(AuditLog.class);
		assertThat(own).as("the auth server context defines its own durable audit log").hasSize(1);
		return own.values().iterator().next();
	}

	private static AuditEntry marker(String what) {
		return new AuditEntry(Instant.now(), "quickstart-test", "utility", "test.marker", "", "", "", "ok", what, "127.0.0.1",
				Severity.INFO, Map.of());
	}

	private static int get(String url) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
