package io.keygate.grantstore.redis;

import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.CachingGrantStore;
import io.keygate.policy.grant.GrantStoreContract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import io.keygate.policy.testsupport.MutableClock;
import io.keygate.testsupport.RedisTestServer;
import org.junit.jupiter.api.Test;

/**
 * The grant store contract on the caching decorator over a real Redis store (what a distributed
 * gateway runs), plus the cache's own promises: hits from memory, eviction by every revocation
 * scope seen from another gateway, nothing but live grants cached, expiry at notAfter, a bound.
 * What it does while the feed is down is in {@link RedisGrantStoreFaultTest}.
 */
class CachingGrantStoreTest extends GrantStoreContract {

	private String prefix;

	@Override
	protected GrantStore newStore(MutableClock clock) {
		this.prefix = "test-" + UUID.randomUUID();
		return new CachingGrantStore(new RedisGrantStore(RedisTestServer.sharedWithPassword().uri(), clock, this.prefix, TEST_TIMEOUT,
				TestIntegrity.keys()), clock);
	}

	/** Runs after the stores are closed (subclass callbacks run first, so it is declared on the contract). */
	@Override
	protected void cleanUp() {
		RedisTestServer.sharedWithPassword().deleteKeys("{" + this.prefix + "}:*");
	}

	@Override
	protected GrantStore newPeer(MutableClock clock) {
		return new CachingGrantStore(new RedisGrantStore(RedisTestServer.sharedWithPassword().uri(), clock, this.prefix, TEST_TIMEOUT,
				TestIntegrity.keys()), clock);
	}

	private CachingGrantStore caching() {
		return (CachingGrantStore) this.store;
	}

	@Test
	void lookupWhenRepeatedThenAnsweredFromMemory() {
		Grant grant = grant().build();
		this.store.put(grant);
		await().atMost(EVENTUALLY).until(this.store::revocationFeedUp);

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(grant));
		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(grant));
		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(grant));

		assertThat(caching().misses()).isEqualTo(1);
		assertThat(caching().hits()).isEqualTo(2);
		assertThat(caching().size()).isEqualTo(1);
	}

	@Test
	void lookupWhenAbsentThenNotCachedSoAGrantPutElsewhereCountsAtOnce() {
		GrantStore otherGateway = peer();
		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Absent());

		Grant grant = grant().build();
		otherGateway.put(grant);

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(grant));
	}

	@Test
	void lookupWhenCachedGrantReachesNotAfterThenNotServed() {
		Grant grant = grant().lasting(Duration.ofMinutes(5)).build();
		this.store.put(grant);
		await().atMost(EVENTUALLY).until(this.store::revocationFeedUp);
		this.store.lookup("alice", "itron", "head-end-1");
		this.store.lookup("alice", "itron", "head-end-1");
		assertThat(caching().hits()).isEqualTo(1);

		this.clock.set(grant.notAfter());

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Absent());
		assertThat(caching().size()).isZero();
	}

	@Test
	void lookupWhenOrganisationDiffersFromCachedGrantThenNotServedFromCache() {
		Grant grant = grant().build();
		this.store.put(grant);
		await().atMost(EVENTUALLY).until(this.store::revocationFeedUp);
		this.store.lookup("alice", "itron", "head-end-1");

		this.store.lookup("alice", "landis", "head-end-1");

		assertThat(caching().hits()).isZero();
	}

	@Test
	void lookupWhenOtherGatewayRevokesSubjectThenEvictedHere() {
		GrantStore otherGateway = peer();
		Grant one = grant().target("head-end-1").build();
		Grant two = grant().target("mdm-1").build();
		this.store.put(one);
		this.store.put(two);
		await().atMost(EVENTUALLY).until(this.store::revocationFeedUp);
		this.store.lookup("alice", "itron", "head-end-1");
		this.store.lookup("alice", "itron", "mdm-1");
		assertThat(caching().size()).isEqualTo(2);

		otherGateway.revokeSubject("alice", "phished");

		await().atMost(EVENTUALLY).until(() -> caching().size() == 0);
		assertThat(this.store.lookup("alice", "itron", "mdm-1")).isEqualTo(new GrantLookup.Revoked(two.id(), "phished"));
	}

	@Test
	void lookupWhenOtherGatewaySuspendsOrganisationThenEvictedHere() {
		GrantStore otherGateway = peer();
		Grant alices = grant().build();
		Grant erins = grant().subject("erin").organisation("landis").build();
		this.store.put(alices);
		this.store.put(erins);
		await().atMost(EVENTUALLY).until(this.store::revocationFeedUp);
		this.store.lookup("alice", "itron", "head-end-1");
		this.store.lookup("erin", "landis", "head-end-1");

		otherGateway.suspend("itron", "decoy touched");

		await().atMost(EVENTUALLY).until(() -> caching().size() == 1);
		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Suspended("itron"));
		assertThat(this.store.lookup("erin", "landis", "head-end-1")).isEqualTo(new GrantLookup.Live(erins));
	}

	@Test
	void lookupWhenOtherGatewaySupersedesThenNewGrantServed() {
		GrantStore otherGateway = peer();
		Grant first = grant().build();
		this.store.put(first);
		await().atMost(EVENTUALLY).until(this.store::revocationFeedUp);
		this.store.lookup("alice", "itron", "head-end-1");

		Grant second = grant().level("operate").build();
		otherGateway.put(second);

		await().atMost(EVENTUALLY)
			.until(() -> this.store.lookup("alice", "itron", "head-end-1").equals(new GrantLookup.Live(second)));
	}

	@Test
	void lookupWhenMoreLiveGrantsThanTheBoundThenOnlyTheBoundKept() {
		CachingGrantStore small = track(new CachingGrantStore(
				new RedisGrantStore(RedisTestServer.sharedWithPassword().uri(), this.clock, this.prefix, TEST_TIMEOUT,
						TestIntegrity.keys()), this.clock, 2));
		await().atMost(EVENTUALLY).until(small::revocationFeedUp);
		for (String subject : new String[] { "s1", "s2", "s3" }) {
			small.put(grant().subject(subject).build());
			small.lookup(subject, "itron", "head-end-1");
		}

		assertThat(small.size()).isEqualTo(2);
		assertThat(small.lookup("s1", "itron", "head-end-1")).isInstanceOf(GrantLookup.Live.class);
	}

}
