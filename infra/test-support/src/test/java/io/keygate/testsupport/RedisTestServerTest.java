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
