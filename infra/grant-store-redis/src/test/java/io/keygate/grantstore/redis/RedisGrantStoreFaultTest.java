package io.keygate.grantstore.redis;

import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.GrantStoreUnavailableException;
import io.keygate.policy.grant.RevocationEvent;
import io.keygate.policy.grant.RevocationListener;
import io.keygate.policy.grant.CachingGrantStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.keygate.policy.decision.AccessPolicy;
import io.keygate.policy.decision.AccessQuery;
import io.keygate.policy.decision.Decision;
import io.keygate.policy.decision.DenyReason;
import io.keygate.policy.catalog.AccessLevel;
import io.keygate.policy.catalog.AccessRule;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.catalog.Tier;
import io.keygate.policy.testsupport.MutableClock;
import io.keygate.testsupport.RedisTestServer;
import io.keygate.policy.testsupport.TestGrants;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis dies under a running gateway and comes back: decisions deny with STORE_UNAVAILABLE (never an
 * exception, never a stale cached allow), writes refuse, and the same store objects recover by
 * themselves, revocation feed included.
 */
class RedisGrantStoreFaultTest {

	private static final Logger log = LoggerFactory.getLogger(RedisGrantStoreFaultTest.class);

	/** Bound on noticing the outage and on recovering (reconnect backs off to 1 s at most). */
	private static final Duration BOUND = Duration.ofSeconds(30);

	private static final AccessQuery READ = new AccessQuery("alice", "itron", "head-end-1", "GET", "/api/meters");

	private RedisTestServer redis;

	private MutableClock clock;

	private RedisGrantStore gateway;

	private CachingGrantStore cached;

	private RedisGrantStore otherGateway;

	private AccessPolicy policy;

	private final List<String> feed = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() {
		this.redis = RedisTestServer.startPrivate();
		this.clock = MutableClock.startingNow();
		this.gateway = new RedisGrantStore(this.redis.uri(), this.clock, "fault", TestIntegrity.keys());
		this.cached = new CachingGrantStore(this.gateway, this.clock);
		this.otherGateway = new RedisGrantStore(this.redis.uri(), this.clock, "fault", TestIntegrity.keys());
		this.cached.subscribe(new RevocationListener() {
			@Override
			public void revoked(RevocationEvent event) {
				RedisGrantStoreFaultTest.this.feed.add("revoked " + event.grantIds());
			}

			@Override
			public void feedLost() {
				RedisGrantStoreFaultTest.this.feed.add("lost");
			}

			@Override
			public void feedRestored() {
				RedisGrantStoreFaultTest.this.feed.add("restored");
			}
		});
		Target headEnd = Target.of("head-end-1", "Head-end 1", "HEAD_END", URI.create("http://127.0.0.1:9/"), Tier.STANDARD,
				Duration.ofHours(8), false, List.of(AccessLevel.of("read", AccessRule.of("/**", "GET", "HEAD"))));
		this.policy = new AccessPolicy(TargetCatalog.of(headEnd), this.clock);
	}

	@AfterEach
	void stop() {
		this.otherGateway.close();
		this.cached.close();
		this.redis.close();
	}

	@Test
	void redisStopsAndStartsThenDenyStoreUnavailableThenRecoverWithoutNewStore() throws Exception {
		Grant grant = TestGrants.grant(this.clock).build();
		assertThat(this.cached.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
		await().atMost(BOUND).until(this.cached::revocationFeedUp);
		assertThat(this.policy.decide(READ, this.cached)).isInstanceOf(Decision.Allow.class);
		assertThat(this.policy.decide(READ, this.cached)).isInstanceOf(Decision.Allow.class);
		assertThat(this.cached.hits()).isEqualTo(1);

		this.redis.stop();
		long stopped = System.nanoTime();

		await().atMost(BOUND).until(() -> !this.cached.revocationFeedUp() && !this.gateway.revocationFeedUp());
		await().atMost(BOUND).until(() -> this.feed.contains("lost"));
		log.info("Outage noticed by the revocation feed after {} ms", (System.nanoTime() - stopped) / 1_000_000);
		assertThat(this.cached.size()).isZero();
		long hitsBefore = this.cached.hits();
		assertThat(this.gateway.lookup("alice", "itron", "head-end-1")).isInstanceOf(GrantLookup.Unavailable.class);
		assertThat(this.cached.lookup("alice", "itron", "head-end-1")).isInstanceOf(GrantLookup.Unavailable.class);
		Decision denied = this.policy.decide(READ, this.cached);
		assertThat(denied).isInstanceOf(Decision.Deny.class);
		assertThat(((Decision.Deny) denied).reason()).isEqualTo(DenyReason.STORE_UNAVAILABLE);
		assertThat(this.cached.hits()).isEqualTo(hitsBefore);
		Grant another = TestGrants.grant(this.clock).subject("bob").build();
		assertThatThrownBy(() -> this.cached.put(another)).isInstanceOf(GrantStoreUnavailableException.class);
		assertThatThrownBy(() -> this.cached.revoke(grant.id(), "x")).isInstanceOf(GrantStoreUnavailableException.class);
		assertThatThrownBy(() -> this.cached.revokeSubject("alice", "x")).isInstanceOf(GrantStoreUnavailableException.class);
		assertThatThrownBy(() -> this.cached.revokeOrganisation("itron", "x"))
			.isInstanceOf(GrantStoreUnavailableException.class);
		assertThatThrownBy(() -> this.cached.suspend("itron", "x")).isInstanceOf(GrantStoreUnavailableException.class);
		assertThatThrownBy(() -> this.cached.resume("itron")).isInstanceOf(GrantStoreUnavailableException.class);
		assertThatThrownBy(() -> this.cached.isSuspended("itron")).isInstanceOf(GrantStoreUnavailableException.class);
		assertThatThrownBy(this.cached::liveGrants).isInstanceOf(GrantStoreUnavailableException.class);

		this.redis.start();
		long started = System.nanoTime();

		// Same objects, no restart: commands and the revocation feed come back by themselves.
		await().atMost(BOUND).until(() -> this.cached.lookup("alice", "itron", "head-end-1") instanceof GrantLookup.Absent);
		await().atMost(BOUND).until(() -> this.cached.revocationFeedUp() && this.otherGateway.revocationFeedUp());
		await().atMost(BOUND).until(() -> this.feed.contains("restored"));
		log.info("Store and feed back {} ms after Redis restarted", (System.nanoTime() - started) / 1_000_000);
		// The restarted Redis is empty (no persistence in tests): the grant is gone, and the decision says so.
		Decision afterRestart = this.policy.decide(READ, this.cached);
		assertThat(afterRestart).isInstanceOf(Decision.Deny.class);
		assertThat(((Decision.Deny) afterRestart).reason()).isEqualTo(DenyReason.NO_GRANT);

		Grant again = TestGrants.grant(this.clock).build();
		assertThat(this.cached.put(again)).isEqualTo(GrantStore.PutResult.STORED);
		assertThat(this.policy.decide(READ, this.cached)).isInstanceOf(Decision.Allow.class);
		assertThat(this.policy.decide(READ, this.cached)).isInstanceOf(Decision.Allow.class);
		assertThat(this.cached.size()).isEqualTo(1);

		this.otherGateway.revoke(again.id(), "revoked on the other gateway after the outage");

		await().atMost(BOUND).until(() -> this.feed.contains("revoked [" + again.id() + "]"));
		await().atMost(BOUND).until(() -> this.cached.size() == 0);
		Decision revoked = this.policy.decide(READ, this.cached);
		assertThat(revoked).isInstanceOf(Decision.Deny.class);
		assertThat(((Decision.Deny) revoked).reason()).isEqualTo(DenyReason.REVOKED);
	}

	@Test
	void redisHangsWithoutDroppingConnectionsThenUnavailableAndFeedLostThenBothBack() {
		Grant grant = TestGrants.grant(this.clock).build();
		this.cached.put(grant);
		await().atMost(BOUND).until(this.cached::revocationFeedUp);
		this.cached.lookup("alice", "itron", "head-end-1");
		assertThat(this.cached.size()).isEqualTo(1);

		// CLIENT PAUSE: Redis stops answering but keeps every connection open, as a partition
		// that drops no packet with RST would. Only the command timeout and the feed's PING notice.
		RedisClient admin = RedisClient.create(this.redis.uri());
		try (StatefulRedisConnection<String, String> connection = admin.connect()) {
			connection.sync().clientPause(4000);
		}
		finally {
			admin.shutdown();
		}

		await().atMost(BOUND).until(() -> this.feed.contains("lost"));
		assertThat(this.cached.revocationFeedUp()).isFalse();
		assertThat(this.cached.size()).isZero();
		GrantLookup during = this.cached.lookup("alice", "itron", "head-end-1");
		assertThat(during).isInstanceOf(GrantLookup.Unavailable.class);
		assertThat(((GrantLookup.Unavailable) during).detail()).contains("Timeout");

		await().atMost(BOUND).until(() -> this.feed.contains("restored") && this.cached.revocationFeedUp());
		await().atMost(BOUND)
			.until(() -> this.cached.lookup("alice", "itron", "head-end-1").equals(new GrantLookup.Live(grant)));
	}

	@Test
	void storeCreatedWhileRedisDownThenDeniesAndConnectsWhenRedisComesUp() throws Exception {
		this.redis.stop();

		try (RedisGrantStore late = new RedisGrantStore(this.redis.uri(), this.clock, "fault", TestIntegrity.keys());
				CachingGrantStore lateCached = new CachingGrantStore(late, this.clock)) {
			assertThat(late.revocationFeedUp()).isFalse();
			assertThat(lateCached.revocationFeedUp()).isFalse();
			assertThat(late.lookup("alice", "itron", "head-end-1")).isInstanceOf(GrantLookup.Unavailable.class);
			Decision denied = this.policy.decide(READ, lateCached);
			assertThat(denied).isInstanceOf(Decision.Deny.class);
			assertThat(((Decision.Deny) denied).reason()).isEqualTo(DenyReason.STORE_UNAVAILABLE);
			assertThatThrownBy(() -> late.put(TestGrants.grant(this.clock).build()))
				.isInstanceOf(GrantStoreUnavailableException.class);

			this.redis.start();

			await().atMost(BOUND).until(() -> late.revocationFeedUp() && lateCached.revocationFeedUp());
			Grant grant = TestGrants.grant(this.clock).build();
			assertThat(lateCached.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
			assertThat(this.policy.decide(READ, lateCached)).isInstanceOf(Decision.Allow.class);
		}
	}

	@Test
	void lookupWhenRedisDownThenUnavailableQuicklyRatherThanQueued() {
		this.redis.stop();
		await().atMost(BOUND).until(() -> !this.gateway.revocationFeedUp());

		// Rejected at once while disconnected; the bound only guards against a hang.
		await().atMost(BOUND)
			.until(() -> this.gateway.lookup("alice", "itron", "head-end-1") instanceof GrantLookup.Unavailable);
		long before = System.nanoTime();
		GrantLookup lookup = this.gateway.lookup("alice", "itron", "head-end-1");
		log.info("Lookup against a dead Redis answered {} in {} ms", lookup, (System.nanoTime() - before) / 1_000_000);
		assertThat(lookup).isInstanceOf(GrantLookup.Unavailable.class);
	}

}
