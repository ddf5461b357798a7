package io.keygate.policy.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.keygate.policy.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * The grant store contract on the caching decorator over the in-memory store, whose revocations
 * arrive synchronously: the cache must be right without any delay to hide behind.
 */
class CachingInMemoryGrantStoreTest extends GrantStoreContract {

	private InMemoryGrantStore shared;

	@Override
	protected GrantStore newStore(MutableClock clock) {
		this.shared = new InMemoryGrantStore(clock);
		return new CachingGrantStore(this.shared, clock);
	}

	@Override
	protected GrantStore newPeer(MutableClock clock) {
		return new CachingGrantStore(this.shared, clock);
	}

	private CachingGrantStore cacheOver(ControllableFeedGrantStore delegate) {
		return track(new CachingGrantStore(delegate, this.clock));
	}

	@Test
	void lookupWhenRevokeOvertakesItThenItsLiveAnswerIsNotCached() throws Exception {
		ControllableFeedGrantStore delegate = new ControllableFeedGrantStore(new InMemoryGrantStore(this.clock));
		CachingGrantStore cache = cacheOver(delegate);
		Grant grant = grant().build();
		cache.put(grant);
		CountDownLatch answered = delegate.holdNextLookup();
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<GrantLookup> inFlight = pool.submit(() -> cache.lookup("alice", "itron", "head-end-1"));
			assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();

			cache.revoke(grant.id(), "overtaken");
			delegate.releaseLookup();

			assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo(new GrantLookup.Live(grant));
			assertThat(cache.size()).isZero();
			assertThat(cache.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Revoked(grant.id(), "overtaken"));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void lookupWhenFeedLostWhileInFlightThenItsAnswerIsNotCached() throws Exception {
		ControllableFeedGrantStore delegate = new ControllableFeedGrantStore(new InMemoryGrantStore(this.clock));
		CachingGrantStore cache = cacheOver(delegate);
		cache.put(grant().build());
		CountDownLatch answered = delegate.holdNextLookup();
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<GrantLookup> inFlight = pool.submit(() -> cache.lookup("alice", "itron", "head-end-1"));
			assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();

			delegate.loseFeed();
			delegate.restoreFeed();
			delegate.releaseLookup();

			assertThat(inFlight.get(10, TimeUnit.SECONDS)).isInstanceOf(GrantLookup.Live.class);
			assertThat(cache.size()).isZero();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void lookupWhenFeedLostThenCacheDroppedAndBypassedUntilRestored() {
		ControllableFeedGrantStore delegate = new ControllableFeedGrantStore(new InMemoryGrantStore(this.clock));
		CachingGrantStore cache = cacheOver(delegate);
		Grant grant = grant().build();
		cache.put(grant);
		cache.lookup("alice", "itron", "head-end-1");
		assertThat(cache.size()).isEqualTo(1);

		delegate.loseFeed();

		assertThat(cache.revocationFeedUp()).isFalse();
		assertThat(cache.size()).isZero();
		long hits = cache.hits();
		assertThat(cache.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(grant));
		assertThat(cache.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(grant));
		assertThat(cache.hits()).isEqualTo(hits);
		assertThat(cache.size()).isZero();

		delegate.restoreFeed();

		assertThat(cache.revocationFeedUp()).isTrue();
		cache.lookup("alice", "itron", "head-end-1");
		cache.lookup("alice", "itron", "head-end-1");
		assertThat(cache.hits()).isEqualTo(hits + 1);
	}

	@Test
	void cacheWhenCreatedWhileFeedDownThenBypassedUntilRestored() {
		ControllableFeedGrantStore delegate = new ControllableFeedGrantStore(new InMemoryGrantStore(this.clock));
		delegate.loseFeed();
		CachingGrantStore cache = cacheOver(delegate);
		cache.put(grant().build());

		cache.lookup("alice", "itron", "head-end-1");
		cache.lookup("alice", "itron", "head-end-1");

		assertThat(cache.revocationFeedUp()).isFalse();
		assertThat(cache.hits()).isZero();
		delegate.restoreFeed();
		cache.lookup("alice", "itron", "head-end-1");
		cache.lookup("alice", "itron", "head-end-1");
		assertThat(cache.hits()).isEqualTo(1);
	}

	@Test
	void peekWhenCachedThenAnswersFromMemoryAndOtherwiseEmpty() {
		ControllableFeedGrantStore delegate = new ControllableFeedGrantStore(new InMemoryGrantStore(this.clock));
		CachingGrantStore cache = cacheOver(delegate);
		Grant grant = grant().build();
		cache.put(grant);
		assertThat(cache.peek("alice", "itron", "head-end-1")).isEmpty();

		cache.lookup("alice", "itron", "head-end-1");

		assertThat(cache.peek("alice", "itron", "head-end-1")).contains(new GrantLookup.Live(grant));
		assertThat(cache.peek("alice", "landis", "head-end-1")).isEmpty();
		assertThat(cache.hits()).isEqualTo(1);
		delegate.loseFeed();
		assertThat(cache.peek("alice", "itron", "head-end-1")).isEmpty();
		delegate.restoreFeed();
		cache.lookup("alice", "itron", "head-end-1");
		this.clock.set(grant.notAfter());
		assertThat(cache.peek("alice", "itron", "head-end-1")).isEmpty();
	}

	@Test
	void cacheWhenSizeBelowOneThenRefused() {
		assertThatThrownBy(() -> new CachingGrantStore(new InMemoryGrantStore(this.clock), this.clock, 0))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("at least 1");
	}

}
