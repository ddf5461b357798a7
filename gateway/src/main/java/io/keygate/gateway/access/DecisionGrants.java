package io.keygate.gateway.access;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.keygate.policy.grant.CachingGrantStore;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantSource;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;

/**
 * What the decision reads grants from: the store (through its near cache in the Redis mode),
 * except while this instance's revocation feed is down, when every answer is
 * {@link GrantLookup.Unavailable}: a gateway that may be missing revocations must not allow
 * anything.
 * <p>
 * {@link #peek} is the memory-only answer of the near cache (or of the embedded in-memory store),
 * which never blocks, so a cache hit is decided on the event loop; {@link #lookup} may go to Redis
 * and is only called off it.
 */
public final class DecisionGrants implements GrantSource {

	private static final GrantLookup FEED_DOWN = new GrantLookup.Unavailable("revocation feed down");

	private final GrantStore store;

	private final BooleanSupplier feedLost;

	public DecisionGrants(GrantStore store, BooleanSupplier feedLost) {
		this.store = Objects.requireNonNull(store, "store cannot be null");
		this.feedLost = Objects.requireNonNull(feedLost, "feedLost cannot be null");
	}

	private boolean feedDown() {
		return this.feedLost.getAsBoolean() || !this.store.revocationFeedUp();
	}

	/** The answer available without blocking, if any. */
	public Optional<GrantLookup> peek(String subject, String organisation, String targetId) {
		if (feedDown()) {
			return Optional.of(FEED_DOWN);
		}
		if (this.store instanceof CachingGrantStore cache) {
			return cache.peek(subject, organisation, targetId);
		}
		if (this.store instanceof InMemoryGrantStore memory) {
			// The embedded store is memory only and never blocks: deciding off the loop cost every
			// request a thread hop and a second decision (EnforcementBenchmark, infra/bench/RESULTS.md).
			return Optional.of(memory.lookup(subject, organisation, targetId));
		}
		return Optional.empty();
	}

	/** May block on Redis: call off the event loop. */
	@Override
	public GrantLookup lookup(String subject, String organisation, String targetId) {
		if (feedDown()) {
			return FEED_DOWN;
		}
		return this.store.lookup(subject, organisation, targetId);
	}

}
