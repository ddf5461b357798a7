package io.keygate.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.keygate.gateway.testsupport.LookupThreads;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.InMemoryGrantStore;

/**
 * The memory-only answer the decision takes on the event loop: the embedded in-memory store
 * answers in place (it never blocks) with exactly what its lookup says; a store that may block
 * answers nothing, so its lookup moves off the loop; a lost revocation feed answers unavailable.
 */
class DecisionGrantsTest {

	private final InMemoryGrantStore store = new InMemoryGrantStore(Clock.systemUTC());

	private final Grant grant = new Grant("g-1", "erin@itron", "itron", "head-end", "read", Instant.now().minusSeconds(60),
			Instant.now().plusSeconds(600), "r-1", List.of("approver"));

	@Test
	void peekWhenInMemoryStoreHoldsLiveGrantThenLiveInPlace() {
		this.store.put(this.grant);
		assertThat(new DecisionGrants(this.store, () -> false).peek("erin@itron", "itron", "head-end"))
			.contains(new GrantLookup.Live(this.grant));
	}

	@Test
	void peekWhenInMemoryGrantRevokedThenRevokedInPlace() {
		this.store.put(this.grant);
		this.store.revoke("g-1", "test");
		assertThat(new DecisionGrants(this.store, () -> false).peek("erin@itron", "itron", "head-end"))
			.hasValueSatisfying(lookup -> assertThat(lookup).isInstanceOf(GrantLookup.Revoked.class));
	}

	@Test
	void peekWhenInMemoryStoreHasNoGrantThenAbsentInPlace() {
		assertThat(new DecisionGrants(this.store, () -> false).peek("erin@itron", "itron", "head-end"))
			.hasValueSatisfying(lookup -> assertThat(lookup).isInstanceOf(GrantLookup.Absent.class));
	}

	@Test
	void peekWhenStoreMayBlockThenNoAnswerInPlace() {
		this.store.put(this.grant);
		assertThat(new DecisionGrants(new LookupThreads(this.store), () -> false).peek("erin@itron", "itron", "head-end")).isEmpty();
	}

	@Test
	void peekWhenRevocationFeedLostThenUnavailableEvenForInMemoryStore() {
		this.store.put(this.grant);
		assertThat(new DecisionGrants(this.store, () -> true).peek("erin@itron", "itron", "head-end"))
			.hasValueSatisfying(lookup -> assertThat(lookup).isInstanceOf(GrantLookup.Unavailable.class));
	}

}
