package io.keygate.gateway.session.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.keygate.gateway.session.LiveSessionRegistry;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.grantstore.redis.IntegrityKey;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.IntegrityViolation;
import io.keygate.policy.testsupport.MutableClock;
import io.lettuce.core.RedisClient;
import reactor.core.scheduler.Schedulers;

/**
 * What an instance does with a message on the "browser session ended" channel: only a message
 * signed with the installation's keys and published within the last minute ends anything here;
 * anything else is raised as an integrity violation and ends nothing. (Delivery across instances
 * over a real Redis: {@link SharedSessionsAcrossGatewaysTest}.)
 */
class BrowserSessionEndFeedTest {

	private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T10:00:00Z"));

	private final LiveSessionRegistry registry = new LiveSessionRegistry(this.clock, Schedulers.parallel(), Duration.ofHours(1));

	private final TestIntegrityKeys.RecordingAlarm alarm = new TestIntegrityKeys.RecordingAlarm();

	// Never connected: heard() is exercised directly.
	private final RedisClient client = RedisClient.create("redis://127.0.0.1:1");

	private final BrowserSessionEndFeed feed = new BrowserSessionEndFeed(this.client, "{keygate}:session:ended",
			TestIntegrityKeys.keys(), this.registry, this.alarm, this.clock);

	@AfterEach
	void close() {
		this.feed.close();
		this.registry.close();
	}

	private String signed(IntegrityKeys keys, String session, Instant at) {
		String millis = Long.toString(at.toEpochMilli());
		IntegrityKeys.Signature signature = keys.sign(BrowserSessionEndFeed.PURPOSE, List.of(session, millis));
		return String.join(" ", signature.keyId(), signature.mac(), session, millis);
	}

	@Test
	void heardWhenSignedAndFreshThenBrowserSessionEndedHere() {
		this.feed.heard(signed(TestIntegrityKeys.keys(), "session-1", this.clock.instant().minusSeconds(5)));
		assertThat(this.registry.endEvents()).isEqualTo(1);
		assertThat(this.alarm.raised).isEmpty();
	}

	@Test
	void heardWhenSignedWithAnotherKeyThenNothingEndsAndViolationRaised() {
		IntegrityKeys other = IntegrityKeys.of(new IntegrityKey(TestIntegrityKeys.KEY.id(), "someone-elses-key-0123456789abcdef0123"));
		this.feed.heard(signed(other, "session-1", this.clock.instant()));
		assertThat(this.registry.endEvents()).isZero();
		assertThat(this.alarm.raised).singleElement()
			.satisfies(v -> assertThat(v.record()).isEqualTo(IntegrityViolation.Record.BROWSER_SESSION));
	}

	@Test
	void heardWhenSignatureCoversAnotherSessionThenNothingEnds() {
		String genuine = signed(TestIntegrityKeys.keys(), "session-1", this.clock.instant());
		this.feed.heard(genuine.replace("session-1", "session-2"));
		assertThat(this.registry.endEvents()).isZero();
		assertThat(this.alarm.raised).hasSize(1);
	}

	@Test
	void heardWhenOlderThanAMinuteThenTreatedAsReplayAndNothingEnds() {
		this.feed.heard(signed(TestIntegrityKeys.keys(), "session-1", this.clock.instant().minusSeconds(61)));
		assertThat(this.registry.endEvents()).isZero();
		assertThat(this.alarm.raised).singleElement().satisfies(v -> assertThat(v.problem()).contains("replayed"));
	}

	@Test
	void heardWhenMalformedThenNothingEnds() {
		this.feed.heard("not a message");
		this.feed.heard("");
		assertThat(this.registry.endEvents()).isZero();
		assertThat(this.alarm.raised).hasSize(2);
	}

}
