package io.keygate.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.keygate.policy.grant.Grant;
import io.keygate.policy.live.LiveSessionReport;
import io.keygate.policy.testsupport.MutableClock;

class LiveSessionTrackerTest {

	private static final Instant START = Instant.parse("2026-11-28T02:00:00Z");

	private final MutableClock clock = MutableClock.at(START);

	private final LiveSessionTracker tracker = new LiveSessionTracker(this.clock, Duration.ofMinutes(30));

	private static Grant grant(String id, Duration length) {
		return new Grant(id, "erin@itron", "itron", "head-end", "read", START.minusSeconds(60), START.plus(length), "r-1",
				List.of("approver"));
	}

	@Test
	void snapshotWhenTwoBrowserSessionsOnOneGrantThenTwoSessionsWithTheirCountsAndOpaqueIds() {
		Grant grant = grant("g-1", Duration.ofHours(1));
		this.tracker.allowed("browser-1", grant, "10.0.0.1").completed(100);
		this.tracker.allowed("browser-1", grant, "10.0.0.2").completed(50);
		this.tracker.allowed("browser-2", grant, "10.0.0.3");
		List<LiveSessionReport> sessions = this.tracker.snapshot("gw", Map.of(LiveSessionTracker.key("browser-1", "g-1"), 2));
		assertThat(sessions).hasSize(2);
		LiveSessionReport first = sessions.stream().filter(s -> s.requests() == 2).findFirst().orElseThrow();
		assertThat(first.bytes()).isEqualTo(150);
		assertThat(first.clientAddress()).isEqualTo("10.0.0.2");
		assertThat(first.openWebSockets()).isEqualTo(2);
		assertThat(sessions).extracting(LiveSessionReport::id).doesNotContain("browser-1", "browser-2")
			.allSatisfy(id -> assertThat(id).doesNotContain("browser"));
	}

	@Test
	void terminateWhenSessionLiveThenItsRequestsAreTerminatedAndOtherBrowserSessionIsNot() {
		Grant grant = grant("g-1", Duration.ofHours(1));
		this.tracker.allowed("browser-1", grant, "10.0.0.1");
		this.tracker.allowed("browser-2", grant, "10.0.0.1");
		String id = this.tracker.snapshot("gw", Map.of()).get(0).id();
		LiveSessionTracker.Terminated ended = this.tracker.terminate(id).orElseThrow();
		assertThat(this.tracker.terminated(ended.browserSession(), "g-1")).isTrue();
		String other = ended.browserSession().equals("browser-1") ? "browser-2" : "browser-1";
		assertThat(this.tracker.terminated(other, "g-1")).isFalse();
		assertThat(this.tracker.allowed(ended.browserSession(), grant, "10.0.0.1")).isNull();
		assertThat(this.tracker.snapshot("gw", Map.of())).extracting(LiveSessionReport::id).doesNotContain(id).hasSize(1);
		assertThat(this.tracker.terminate(id)).isEmpty();
	}

	@Test
	void snapshotWhenIdleWithoutWebSocketsOrGrantOverThenForgotten() {
		this.tracker.allowed("browser-1", grant("g-short", Duration.ofMinutes(10)), "10.0.0.1");
		this.tracker.allowed("browser-2", grant("g-long", Duration.ofHours(2)), "10.0.0.1");
		this.tracker.allowed("browser-3", grant("g-socket", Duration.ofHours(2)), "10.0.0.1");
		this.clock.advance(Duration.ofMinutes(31));
		List<LiveSessionReport> left = this.tracker.snapshot("gw", Map.of(LiveSessionTracker.key("browser-3", "g-socket"), 1));
		assertThat(left).extracting(LiveSessionReport::grantId).containsExactly("g-socket");
	}

	@Test
	void terminatedWhenGrantEndedThenForgottenAtNextSnapshot() {
		Grant grant = grant("g-1", Duration.ofMinutes(5));
		this.tracker.allowed("browser-1", grant, "10.0.0.1");
		String id = this.tracker.snapshot("gw", Map.of()).get(0).id();
		this.tracker.terminate(id);
		this.clock.advance(Duration.ofMinutes(6));
		this.tracker.snapshot("gw", Map.of());
		assertThat(this.tracker.terminated("browser-1", "g-1")).isFalse();
	}

}
