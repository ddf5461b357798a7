package io.keygate.policy.grant;

import io.keygate.policy.testsupport.MutableClock;

/** The grant store contract on the embedded, in-memory store. */
class InMemoryGrantStoreTest extends GrantStoreContract {

	private InMemoryGrantStore shared;

	@Override
	protected GrantStore newStore(MutableClock clock) {
		this.shared = new InMemoryGrantStore(clock);
		return this.shared;
	}

	/** One JVM, one store: a second gateway in the embedded mode shares the very same instance. */
	@Override
	protected GrantStore newPeer(MutableClock clock) {
		return this.shared;
	}

}
