package io.keygate.policy.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrantWindowTest {

	private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

	private static GrantWindow window(int fromHours, int untilHours) {
		return new GrantWindow(T0.plus(Duration.ofHours(fromHours)), T0.plus(Duration.ofHours(untilHours)));
	}

	@Test
	void constructWhenEndNotAfterStartThenRejected() {
		assertThatThrownBy(() -> new GrantWindow(T0, T0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new GrantWindow(T0, T0.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new GrantWindow(null, T0)).isInstanceOf(NullPointerException.class);
	}

	@Test
	void overlapsWhenWindowsShareAnInstantThenTrueBothWays() {
		assertThat(window(0, 2).overlaps(window(1, 3))).isTrue();
		assertThat(window(1, 3).overlaps(window(0, 2))).isTrue();
		assertThat(window(0, 4).overlaps(window(1, 2))).isTrue();
	}

	@Test
	void overlapsWhenOneStartsWhereTheOtherEndsThenFalse() {
		assertThat(window(0, 2).overlaps(window(2, 3))).isFalse();
		assertThat(window(2, 3).overlaps(window(0, 2))).isFalse();
		assertThat(window(0, 1).overlaps(window(5, 6))).isFalse();
	}

	@Test
	void scheduledWhenStartIsAfterTheReadingThenTrueAndAtTheReadingThenLive() {
		assertThat(window(1, 2).isScheduledAt(T0)).isTrue();
		assertThat(window(0, 2).isScheduledAt(T0)).isFalse();
		assertThat(window(0, 2).contains(T0)).isTrue();
		assertThat(window(0, 2).contains(T0.plus(Duration.ofHours(2)))).isFalse();
	}

	@Test
	void grantOverlapsWhenSamePersonAndTargetAndWindowThenTrueOtherwiseFalse() {
		Grant grant = new Grant("g-1", "alice", "itron", "head-end", "read", T0, T0.plus(Duration.ofHours(2)), "r-1",
				List.of("bob"));

		assertThat(grant.overlaps("alice", "head-end", window(1, 3))).isTrue();
		assertThat(grant.overlaps("dave", "head-end", window(1, 3))).isFalse();
		assertThat(grant.overlaps("alice", "mdm", window(1, 3))).isFalse();
		assertThat(grant.overlaps("alice", "head-end", window(2, 3))).isFalse();
	}

}
