package io.keygate.infra.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.policy.live.LiveSessionBoard;
import io.keygate.policy.presence.GatewayPresence;

/** In the embedded mode the auth server's live view reads what its gateway reports: one presence, one board. */
class QuickstartLiveSessionsTest {

	@TempDir
	Path data;

	@Test
	void startWhenEmbeddedThenGatewayHeartbeatsIntoThePresenceTheAuthServerReads() throws Exception {
		QuickstartSettings settings = new QuickstartSettings(this.data, freePort(), freePort(), 0, 0, 0);
		try (RunningQuickstart running = Quickstart.start(settings)) {
			GatewayPresence presence = running.auth().getBean(GatewayPresence.class);
			assertThat(presence).isSameAs(running.gateway().getBean(GatewayPresence.class));
			assertThat(running.auth().getBean(LiveSessionBoard.class)).isSameAs(running.gateway().getBean(LiveSessionBoard.class));
			await().atMost(Duration.ofSeconds(30)).until(() -> presence.instances().size() == 1);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
