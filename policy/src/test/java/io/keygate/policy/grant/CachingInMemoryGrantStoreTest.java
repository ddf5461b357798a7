package io.keygate.policy.grant;

import io.keygate.policy.testsupport.MutableClock;

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

}
