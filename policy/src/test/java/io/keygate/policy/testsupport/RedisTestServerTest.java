package io.keygate.policy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
