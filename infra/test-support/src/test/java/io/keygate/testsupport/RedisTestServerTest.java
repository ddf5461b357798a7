package io.keygate.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RedisTestServerTest {

	@Test
	void sharedWhenAskedTwiceThenSameAnsweringServer() {
		RedisTestServer first = RedisTestServer.shared();
		assertThat(RedisTestServer.shared()).isSameAs(first);
		assertThat(first.answersPing()).isTrue();
	}

	@Test
	void privateWhenStoppedThenSilentAndWhenStartedThenAnswersOnSamePort() throws Exception {
		try (RedisTestServer server = RedisTestServer.startPrivate()) {
			int port = server.port();
			assertThat(server.answersPing()).isTrue();
			server.stop();
			assertThat(server.answersPing()).isFalse();
			server.start();
			assertThat(server.port()).isEqualTo(port);
			assertThat(server.answersPing()).isTrue();
		}
	}

	@Test
	void privateWithPasswordWhenClientHasNoCredentialsThenRefusedAndWithThemServed() {
		try (RedisTestServer server = RedisTestServer.startPrivateWithPassword("keygate", "test-password-0123456789")) {
			assertThat(server.requiresPassword()).isTrue();
			assertThat(server.url()).isEqualTo("redis://keygate:test-password-0123456789@127.0.0.1:" + server.port());
			assertThat(server.toString()).doesNotContain("test-password");
			io.lettuce.core.RedisClient anonymous = io.lettuce.core.RedisClient.create(server.urlWithoutCredentials());
			try (var connection = anonymous.connect()) {
				assertThatThrownBy(() -> connection.sync().set("k", "v")).hasMessageContaining("NOAUTH");
			}
			catch (io.lettuce.core.RedisConnectionException ex) {
				// Some Lettuce versions already fail the handshake without credentials: refused either way.
				assertThat(ex).hasStackTraceContaining("NOAUTH");
			}
			finally {
				anonymous.shutdown();
			}
			io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(server.uri());
			try (var connection = client.connect()) {
				assertThat(connection.sync().set("k", "v")).isEqualTo("OK");
				assertThat(connection.sync().aclWhoami()).isEqualTo("keygate");
			}
			finally {
				client.shutdown();
			}
		}
	}

	@Test
	void unavailableWhenUnderCiThenFailsWithTheReason() {
		assertThatThrownBy(() -> RedisTestServer.unavailable("no Redis for tests: because", true))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("no Redis for tests: because")
			.hasMessageContaining("CI=true");
	}

	@Test
	void unavailableWhenNotUnderCiThenAbortsTheTestWithTheReason() {
		assertThatThrownBy(() -> RedisTestServer.unavailable("no Redis for tests: because", false))
			.isInstanceOf(TestAbortedException.class)
			.hasMessageContaining("no Redis for tests: because");
	}

	@Test
	void sharedWhenExternalOrContainerThenStopRefused() {
		RedisTestServer shared = RedisTestServer.shared();
		if (!shared.controllable()) {
			assertThatThrownBy(shared::stop).isInstanceOf(IllegalStateException.class).hasMessageContaining("startPrivate");
		}
		else {
			assertThat(shared.answersPing()).isTrue();
		}
	}

}
