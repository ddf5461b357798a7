package io.keygate.policy.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.keygate.policy.decision.Decision.Allow;
import io.keygate.policy.decision.Decision.Deny;
import io.keygate.policy.testsupport.MutableClock;
import io.keygate.policy.fixtures.TestGrants;
import io.keygate.policy.fixtures.TestTargets;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantSource;
import io.keygate.policy.grant.InMemoryGrantStore;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per deny reason of the one decision, each asserting the outcome and the reason. */
class AccessPolicyTest {

	private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T11:00:00Z"));

	private final AccessPolicy policy = new AccessPolicy(TestTargets.catalog(), this.clock);

	private final InMemoryGrantStore store = new InMemoryGrantStore(this.clock);

	private static AccessQuery get(String path) {
		return new AccessQuery("alice", "itron", "head-end", "GET", path);
	}

	private Decision decideWith(Grant grant, AccessQuery query) {
		this.store.put(grant);
		return this.policy.decide(query, this.store);
	}

	private static DenyReason reasonOf(Decision decision) {
		assertThat(decision).isInstanceOf(Deny.class);
		return ((Deny) decision).reason();
	}

	@Test
	void decideWhenLiveGrantAllowsMethodAndPathThenAllowWithNormalisedPath() {
		Decision decision = decideWith(TestGrants.grant().build(), get("/api/meters/42%20a"));
		assertThat(decision).isInstanceOf(Allow.class);
		assertThat(((Allow) decision).path()).isEqualTo("/api/meters/42 a");
		assertThat(((Allow) decision).grant().id()).isEqualTo("g-1");
	}

	@Test
	void decideWhenNoGrantThenDenyNoGrant() {
		assertThat(reasonOf(this.policy.decide(get("/"), this.store))).isEqualTo(DenyReason.NO_GRANT);
	}

	@Test
	void decideWhenGrantIsForAnotherTargetThenDenyNoGrant() {
		Decision decision = decideWith(TestGrants.grant().target("mdm").build(), get("/"));
		assertThat(reasonOf(decision)).isEqualTo(DenyReason.NO_GRANT);
	}

	@Test
	void decideWhenGrantNotStartedThenDenyNotYetValid() {
		Grant later = TestGrants.grant().notBefore(Instant.parse("2026-11-25T11:30:00Z")).lasting(Duration.ofHours(1)).build();
		assertThat(reasonOf(decideWith(later, get("/")))).isEqualTo(DenyReason.NOT_YET_VALID);
	}

	@Test
	void decideWhenGrantEndedThenDenyExpired() {
		GrantSource staleStore = (subject, organisation, target) -> new GrantLookup.Live(TestGrants.grant().build());
		this.clock.set(Instant.parse("2026-11-25T12:00:00Z"));
		// Correctness never rests on the store expiring entries: a store that still returns the
		// grant at notAfter (exclusive) is overruled by the decision's own clock.
		assertThat(reasonOf(this.policy.decide(get("/"), staleStore))).isEqualTo(DenyReason.EXPIRED);
	}

	@Test
	void decideWhenGrantRevokedThenDenyRevokedNamingTheGrant() {
		this.store.put(TestGrants.grant().build());
		this.store.revoke("g-1", "approver ended it");
		Decision decision = this.policy.decide(get("/"), this.store);
		assertThat(reasonOf(decision)).isEqualTo(DenyReason.REVOKED);
		assertThat(((Deny) decision).grantId()).isEqualTo("g-1");
	}

	@Test
	void decideWhenHolderEndedOwnGrantThenDenyEndedNotRevoked() {
		this.store.put(TestGrants.grant().build());
		this.store.revoke("g-1", GrantLookup.Revoked.ENDED_BY_HOLDER);
		Decision decision = this.policy.decide(get("/"), this.store);
		assertThat(reasonOf(decision)).isEqualTo(DenyReason.ENDED);
		assertThat(decision.allowed()).isFalse();
		assertThat(((Deny) decision).grantId()).isEqualTo("g-1");
	}

	@Test
	void decideWhenMethodInNoRuleOfLevelThenDenyMethodNotAllowed() {
		Decision decision = decideWith(TestGrants.grant().build(), new AccessQuery("alice", "itron", "head-end", "POST", "/"));
		assertThat(reasonOf(decision)).isEqualTo(DenyReason.METHOD_NOT_ALLOWED);
	}

	@Test
	void decideWhenMethodAllowedElsewhereButNotOnPathThenDenyPathNotAllowed() {
		Grant operate = TestGrants.grant().level("operate").build();
		Decision decision = decideWith(operate, new AccessQuery("alice", "itron", "head-end", "POST", "/api/firmware/x"));
		assertThat(reasonOf(decision)).isEqualTo(DenyReason.PATH_NOT_ALLOWED);
	}

	@Test
	void decideWhenPathOutsideNarrowLevelThenDenyPathNotAllowed() {
		Grant meters = TestGrants.grant().level("meters").build();
		assertThat(reasonOf(decideWith(meters, get("/api/metersX")))).isEqualTo(DenyReason.PATH_NOT_ALLOWED);
	}

	@Test
	void decideWhenOperateLevelPostsCommandThenAllow() {
		Grant operate = TestGrants.grant().level("operate").build();
		Decision decision = decideWith(operate,
				new AccessQuery("alice", "itron", "head-end", "POST", "/api/commands/disconnect"));
		assertThat(decision.allowed()).isTrue();
	}

	@Test
	void decideWhenGrantLevelNoLongerOfferedThenDenyLevelUnknown() {
		Grant gone = TestGrants.grant().level("retired").build();
		assertThat(reasonOf(decideWith(gone, get("/")))).isEqualTo(DenyReason.LEVEL_UNKNOWN);
	}

	@Test
	void decideWhenOrganisationSuspendedThenDenyOrgSuspended() {
		this.store.put(TestGrants.grant().build());
		this.store.suspend("itron", "vendor breach");
		assertThat(reasonOf(this.policy.decide(get("/"), this.store))).isEqualTo(DenyReason.ORG_SUSPENDED);
	}

	@Test
	void decideWhenTargetNotInCatalogueThenDenyUnknownTargetWithoutAskingStore() {
		AtomicInteger lookups = new AtomicInteger();
		Decision decision = this.policy.decide(new AccessQuery("alice", "itron", "nope", "GET", "/"), (s, o, t) -> {
			lookups.incrementAndGet();
			return new GrantLookup.Absent();
		});
		assertThat(reasonOf(decision)).isEqualTo(DenyReason.UNKNOWN_TARGET);
		assertThat(lookups).hasValue(0);
	}

	@Test
	void decideWhenTargetIsDecoyThenDenyDecoyEvenWhenStoreIsDown() {
		Decision decision = this.policy.decide(new AccessQuery("alice", "itron", "scada-backup", "GET", "/"),
				(s, o, t) -> new GrantLookup.Unavailable("connection refused"));
		assertThat(reasonOf(decision)).isEqualTo(DenyReason.DECOY);
		assertThat(DenyReason.DECOY.message()).isEqualTo(DenyReason.UNKNOWN_TARGET.message());
	}

	@Test
	void decideWhenStoreSaysUnavailableThenDenyStoreUnavailable() {
		Decision decision = this.policy.decide(get("/"), (s, o, t) -> new GrantLookup.Unavailable("timeout"));
		assertThat(reasonOf(decision)).isEqualTo(DenyReason.STORE_UNAVAILABLE);
	}

	@Test
	void decideWhenStoreThrowsThenDenyStoreUnavailableInsteadOfThrowing() {
		Decision decision = this.policy.decide(get("/"), (s, o, t) -> {
			throw new IllegalStateException("boom");
		});
		assertThat(reasonOf(decision)).isEqualTo(DenyReason.STORE_UNAVAILABLE);
	}

	@Test
	void decideWhenStoreAnswersNullThenDenyStoreUnavailable() {
		assertThat(reasonOf(this.policy.decide(get("/"), (s, o, t) -> null))).isEqualTo(DenyReason.STORE_UNAVAILABLE);
	}

	@Test
	void decideWhenStoreReturnsSomeoneElsesGrantThenDenyNoGrant() {
		GrantSource confused = (s, o, t) -> new GrantLookup.Live(TestGrants.grant().subject("mallory").build());
		assertThat(reasonOf(this.policy.decide(get("/"), confused))).isEqualTo(DenyReason.NO_GRANT);
	}

	@Test
	void decideWhenGrantOfAnotherOrganisationThenDenyNoGrant() {
		GrantSource confused = (s, o, t) -> new GrantLookup.Live(TestGrants.grant().organisation("landis").build());
		assertThat(reasonOf(this.policy.decide(get("/"), confused))).isEqualTo(DenyReason.NO_GRANT);
	}

	@Test
	void decideWhenPathAmbiguousThenDenyMalformedRequest() {
		Decision decision = decideWith(TestGrants.grant().build(), get("/api/%2e%2e/admin"));
		assertThat(reasonOf(decision)).isEqualTo(DenyReason.MALFORMED_REQUEST);
	}

	@Test
	void decideWhenIdentityMissingThenDenyMalformedRequest() {
		Decision decision = this.policy.decide(new AccessQuery(null, "itron", "head-end", "GET", "/"), this.store);
		assertThat(reasonOf(decision)).isEqualTo(DenyReason.MALFORMED_REQUEST);
	}

	@Test
	void decideWhenSubjectCarriesSeparatorThenDenyMalformedRequest() {
		Decision decision = this.policy.decide(new AccessQuery("alice:head-end", "itron", "head-end", "GET", "/"),
				this.store);
		assertThat(reasonOf(decision)).isEqualTo(DenyReason.MALFORMED_REQUEST);
	}

	@Test
	void decideWhenMethodMalformedThenDenyMalformedRequest() {
		decideWith(TestGrants.grant().build(), get("/"));
		assertThat(reasonOf(this.policy.decide(new AccessQuery("alice", "itron", "head-end", "get", "/"), this.store)))
			.isEqualTo(DenyReason.MALFORMED_REQUEST);
		assertThat(reasonOf(this.policy.decide(new AccessQuery("alice", "itron", "head-end", "G T", "/"), this.store)))
			.isEqualTo(DenyReason.MALFORMED_REQUEST);
	}

	@Test
	void decideWhenQueryNullThenDenyMalformedRequest() {
		assertThat(reasonOf(this.policy.decide(null, this.store))).isEqualTo(DenyReason.MALFORMED_REQUEST);
	}

	@Test
	void decideAtExactNotBeforeThenAllowAndAtExactNotAfterThenDenyExpired() {
		this.store.put(TestGrants.grant().build());
		this.clock.set(Instant.parse("2026-11-25T10:00:00Z"));
		assertThat(this.policy.decide(get("/"), this.store).allowed()).isTrue();
		this.clock.set(Instant.parse("2026-11-25T11:59:59.999999999Z"));
		assertThat(this.policy.decide(get("/"), this.store).allowed()).isTrue();
		GrantSource stale = (s, o, t) -> new GrantLookup.Live(TestGrants.grant().build());
		this.clock.set(Instant.parse("2026-11-25T12:00:00Z"));
		assertThat(reasonOf(this.policy.decide(get("/"), stale))).isEqualTo(DenyReason.EXPIRED);
	}

	@Test
	void everyDenyReasonHasAClientSafeMessage() {
		for (DenyReason reason : DenyReason.values()) {
			assertThat(reason.message()).isNotBlank().doesNotContain("Exception").doesNotContain("redis");
		}
	}

}
