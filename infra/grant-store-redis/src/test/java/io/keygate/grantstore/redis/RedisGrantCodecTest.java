package io.keygate.grantstore.redis;

import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.RevocationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The hand-written Redis format: grants come back exactly, and bad revocation messages are refused. */
class RedisGrantCodecTest {

	@Property
	void grantWhenWrittenAndReadThenEqual(@ForAll("grants") Grant grant) {
		assertThat(RedisGrantCodec.grant(RedisGrantCodec.map(RedisGrantCodec.fields(grant)))).isEqualTo(grant);
	}

	@Provide
	Arbitrary<Grant> grants() {
		Arbitrary<String> tokens = Arbitraries.strings().withChars("abcXYZ019._@+-").ofMinLength(0).ofMaxLength(20)
			.map(s -> "a" + s);
		Arbitrary<Instant> starts = Arbitraries.longs().between(0, 4_000_000_000L)
			.flatMap(seconds -> Arbitraries.integers().between(0, 999_999_999).map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
		Arbitrary<List<String>> approvers = Arbitraries.strings().all().ofMaxLength(30).list().ofMaxSize(4);
		return Combinators.combine(tokens, tokens, tokens, starts, Arbitraries.longs().between(1, 7L * 24 * 3600 * 1_000_000_000L),
				approvers)
			.as((id, subject, org, start, nanos, who) -> new Grant(id, subject, org, "t-" + id, "read", start,
					start.plusNanos(nanos), "r-" + id, who));
	}

	@Test
	void eventWhenWellFormedThenDecoded() {
		RevocationEvent event = RedisGrantCodec.event("v1\nSUBJECT\nalice\n1700000000123\n2\ng-1\ng-2\nphished\nsecond line");

		assertThat(event).isEqualTo(new RevocationEvent(RevocationEvent.Scope.SUBJECT, "alice", List.of("g-1", "g-2"),
				"phished\nsecond line", Instant.ofEpochMilli(1_700_000_000_123L)));
	}

	@Test
	void eventWhenNoGrantsThenDecodedWithEmptyList() {
		RevocationEvent event = RedisGrantCodec.event("v1\nORGANISATION\nitron\n1\n0\ndecoy touched");

		assertThat(event.grantIds()).isEmpty();
		assertThat(event.reason()).isEqualTo("decoy touched");
	}

	@Test
	void eventWhenUnknownVersionThenRefused() {
		assertThatThrownBy(() -> RedisGrantCodec.event("v2\nGRANT\ng\n1\n0\nr")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void eventWhenTruncatedThenRefused() {
		assertThatThrownBy(() -> RedisGrantCodec.event("v1\nGRANT\ng\n1")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> RedisGrantCodec.event("v1\nGRANT\ng\n1\n3\ng-1\n")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void eventWhenUnknownScopeOrBadNumbersThenRefused() {
		assertThatThrownBy(() -> RedisGrantCodec.event("v1\nEVERYTHING\ng\n1\n0\nr")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> RedisGrantCodec.event("v1\nGRANT\ng\nsoon\n0\nr")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> RedisGrantCodec.event("v1\nGRANT\ng\n1\n-1\nr")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void grantWhenFieldMissingThenIllegalState() {
		List<String> fields = RedisGrantCodec.fields(new Grant("g", "alice", "itron", "t", "read", Instant.EPOCH,
				Instant.EPOCH.plusSeconds(1), "r", List.of("bob")));
		List<String> withoutLevel = new java.util.ArrayList<>(fields);
		int at = withoutLevel.indexOf("lvl");
		withoutLevel.remove(at + 1);
		withoutLevel.remove(at);

		assertThatThrownBy(() -> RedisGrantCodec.grant(RedisGrantCodec.map(withoutLevel))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("lvl");
	}

}
