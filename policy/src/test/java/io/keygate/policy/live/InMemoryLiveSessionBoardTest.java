package io.keygate.policy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class InMemoryLiveSessionBoardTest {

	private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");

	private final InMemoryLiveSessionBoard board = new InMemoryLiveSessionBoard();

	private static LiveSessionReport session(String id, String gateway) {
		return new LiveSessionReport(id, gateway, "erin@itron", "itron", "head-end", "g-1", NOW.plusSeconds(300), "10.0.0.7",
				NOW.minusSeconds(60), NOW, 3, 100, 0);
	}

	@Test
	void reportWhenGatewayReportsAgainThenItsPreviousSnapshotIsReplacedAndOthersKept() {
		this.board.report("gw-a", List.of(session("s1", "gw-a"), session("s2", "gw-a")));
		this.board.report("gw-b", List.of(session("s3", "gw-b")));
		this.board.report("gw-a", List.of(session("s2", "gw-a")));
		assertThat(this.board.sessions()).extracting(LiveSessionReport::id).containsExactly("s2", "s3");
	}

	@Test
	void reportWhenSessionOfAnotherGatewayThenRefused() {
		assertThatThrownBy(() -> this.board.report("gw-a", List.of(session("s1", "gw-b"))))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void terminateWhenListenersOfTwoGatewaysThenOnlyTheAddressedHearsAndKeepsItPending() throws Exception {
		List<SessionTermination> a = new CopyOnWriteArrayList<>();
		List<SessionTermination> b = new CopyOnWriteArrayList<>();
		try (AutoCloseable onA = this.board.onTermination("gw-a", a::add);
				AutoCloseable onB = this.board.onTermination("gw-b", b::add)) {
			SessionTermination termination = new SessionTermination("gw-a", "s1", "approver", NOW);
			this.board.terminate(termination);
			assertThat(a).containsExactly(termination);
			assertThat(b).isEmpty();
			assertThat(this.board.pendingTerminations("gw-a")).containsExactly(termination);
			assertThat(this.board.pendingTerminations("gw-b")).isEmpty();
		}
	}

	@Test
	void timeLeftWhenGrantOverThenZero() {
		assertThat(session("s1", "gw-a").timeLeftAt(NOW)).isEqualTo(Duration.ofMinutes(5));
		assertThat(session("s1", "gw-a").timeLeftAt(NOW.plusSeconds(301))).isEqualTo(Duration.ZERO);
	}

}
