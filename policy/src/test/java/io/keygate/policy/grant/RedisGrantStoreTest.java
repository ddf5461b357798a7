package io.keygate.policy.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import io.keygate.policy.testsupport.MutableClock;
import io.keygate.policy.testsupport.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The grant store contract on a real Redis, plus what only the Redis store has: keys, TTLs, scripts. */
class RedisGrantStoreTest extends GrantStoreContract {

	private String prefix;

	private RedisClient inspector;

	private StatefulRedisConnection<String, String> inspection;

	@Override
	protected GrantStore newStore(MutableClock clock) {
		this.prefix = "test-" + UUID.randomUUID();
		return new RedisGrantStore(RedisTestServer.shared().uri(), clock, this.prefix);
	}

	/** A second gateway: its own connections, the same keys. */
	@Override
	protected GrantStore newPeer(MutableClock clock) {
		return new RedisGrantStore(RedisTestServer.shared().uri(), clock, this.prefix);
	}

	private RedisCommands<String, String> redis() {
		if (this.inspection == null) {
			this.inspector = RedisClient.create(RedisTestServer.shared().uri());
			this.inspection = this.inspector.connect();
		}
		return this.inspection.sync();
	}

	@AfterEach
	void closeInspector() {
		if (this.inspector != null) {
			this.inspection.close();
			this.inspector.shutdown();
		}
	}

	private String key(String rest) {
		return "{" + this.prefix + "}:" + rest;
	}

	@Test
	void putThenKeysCarryTimeLeftAsTtl() {
		Grant grant = grant().lasting(Duration.ofMinutes(20)).build();

		this.store.put(grant);

		long twentyMinutes = Duration.ofMinutes(20).toMillis();
		assertThat(redis().pttl(key("grant:" + grant.id()))).isBetween(twentyMinutes - 60_000, twentyMinutes);
		assertThat(redis().pttl(key("pair:alice:head-end-1"))).isBetween(twentyMinutes - 60_000, twentyMinutes);
		assertThat(redis().pttl(key("live"))).isPositive();
		assertThat(redis().pttl(key("subj:alice"))).isPositive();
		assertThat(redis().pttl(key("org:itron"))).isPositive();
	}

	@Test
	void revokeThenTombstoneLivesUntilOldNotAfterAndGrantKeysGone() {
		Grant grant = grant().lasting(Duration.ofMinutes(20)).build();
		this.store.put(grant);
		this.clock.advance(Duration.ofMinutes(5));

		this.store.revoke(grant.id(), "done");

		long fifteenMinutes = Duration.ofMinutes(15).toMillis();
		assertThat(redis().pttl(key("tomb:alice:head-end-1"))).isBetween(fifteenMinutes - 60_000, fifteenMinutes);
		assertThat(redis().exists(key("grant:" + grant.id()), key("pair:alice:head-end-1"))).isZero();
		assertThat(redis().zscore(key("subj:alice"), grant.id())).isNull();
		assertThat(redis().zscore(key("org:itron"), grant.id())).isNull();
	}

	@Test
	void lookupWhenRedisForgotTheScriptsThenLoadsThemAgain() {
		Grant grant = grant().build();
		this.store.put(grant);

		redis().scriptFlush();

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(grant));
		assertThat(this.store.revoke(grant.id(), "after flush")).contains(grant);
	}

	@Test
	void lookupWhenEntryCorruptThenUnavailableNotAnException() {
		Grant grant = grant().build();
		this.store.put(grant);

		redis().hdel(key("grant:" + grant.id()), "lvl");

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isInstanceOf(GrantLookup.Unavailable.class);
	}

	@Test
	void storesWhenPrefixesDifferThenTheyDoNotSeeEachOther() {
		Grant grant = grant().build();
		this.store.put(grant);

		try (GrantStore other = new RedisGrantStore(RedisTestServer.shared().uri(), this.clock, "other-" + UUID.randomUUID())) {
			assertThat(other.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Absent());
			assertThat(other.liveGrants()).isEmpty();
		}
	}

}
