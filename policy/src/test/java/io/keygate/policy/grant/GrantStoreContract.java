package io.keygate.policy.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.keygate.policy.testsupport.MutableClock;
import io.keygate.policy.testsupport.TestGrants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GrantStore} promises, run against each implementation (see the subclasses).
 * A subclass makes a fresh, empty store per test and a {@link #peer() peer}: another store
 * instance over the same data, as a second gateway would hold.
 */
public abstract class GrantStoreContract {

	/** Bound for anything asynchronous (pub/sub delivery); generous, as the machine is shared. */
	protected static final Duration EVENTUALLY = Duration.ofSeconds(10);

	/**
	 * Command timeout of Redis stores in the contract tests: longer than production's, so that a
	 * loaded CI machine does not turn a slow answer into Unavailable. The fault test uses the default.
	 */
	protected static final Duration TEST_TIMEOUT = Duration.ofSeconds(3);

	protected MutableClock clock;

	protected GrantStore store;

	private final List<GrantStore> opened = new ArrayList<>();

	/** A fresh, empty store on {@code clock}. */
	protected abstract GrantStore newStore(MutableClock clock);

	/** Another store over the same data as the last {@link #newStore}, on the same clock. */
	protected abstract GrantStore newPeer(MutableClock clock);

	@BeforeEach
	void openStore() {
		this.clock = MutableClock.startingNow();
		this.store = track(newStore(this.clock));
	}

	@AfterEach
	void closeStores() {
		for (GrantStore opened : this.opened) {
			opened.close();
		}
		cleanUp();
	}

	/** Removes what the test left in a shared backing store; nothing by default. */
	protected void cleanUp() {
	}

	protected final GrantStore peer() {
		return track(newPeer(this.clock));
	}

	protected final <S extends GrantStore> S track(S store) {
		this.opened.add(store);
		return store;
	}

	protected final TestGrants.Builder grant() {
		return TestGrants.grant(this.clock);
	}

	private static List<RevocationEvent> recordEvents(GrantStore store) {
		List<RevocationEvent> events = new CopyOnWriteArrayList<>();
		store.subscribe(events::add);
		return events;
	}

	/**
	 * Shows that no event other than those already seen was published: publish a marker revocation
	 * and wait for it; pub/sub keeps order, so anything published before it has arrived by then.
	 */
	private void awaitOnlyMarkerAfter(List<RevocationEvent> events, int seenBefore) {
		Grant marker = grant().subject("marker").build();
		assertThat(this.store.put(marker)).isEqualTo(GrantStore.PutResult.STORED);
		this.store.revoke(marker.id(), "marker");
		await().atMost(EVENTUALLY).until(() -> events.stream().anyMatch(e -> e.key().equals(marker.id())));
		assertThat(events.subList(seenBefore, events.size())).extracting(RevocationEvent::key).containsExactly(marker.id());
	}

	@Test
	void lookupWhenNothingStoredThenAbsent() {
		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Absent());
	}

	@Test
	void putWhenNewThenStoredAndLookupLiveWithEveryFieldKept() {
		Grant grant = grant().notBefore(this.clock.instant().plusNanos(123_456_789))
			.notAfter(this.clock.instant().plus(Duration.ofMinutes(30)).plusNanos(987_654_321))
			.approvers("bob", "carol with a space, and a comma", "dave\nnewline")
			.build();

		assertThat(this.store.put(grant)).isEqualTo(GrantStore.PutResult.STORED);

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(grant));
	}

	@Test
	void lookupWhenOtherSubjectOrTargetThenAbsent() {
		this.store.put(grant().build());

		assertThat(this.store.lookup("mallory", "itron", "head-end-1")).isEqualTo(new GrantLookup.Absent());
		assertThat(this.store.lookup("alice", "itron", "head-end-2")).isEqualTo(new GrantLookup.Absent());
	}

	@Test
	void lookupWhenNotYetValidThenLiveForTheDecisionToJudge() {
		Grant later = grant().notBefore(this.clock.instant().plus(Duration.ofMinutes(10))).lasting(Duration.ofHours(1)).build();
		this.store.put(later);

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(later));
	}

	@Test
	void lookupWhenNotAfterPassedThenAbsentWhateverRedisStillHolds() {
		Grant grant = grant().lasting(Duration.ofMinutes(5)).build();
		this.store.put(grant);
		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(grant));

		this.clock.set(grant.notAfter());

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Absent());
		assertThat(this.store.liveGrants()).isEmpty();
	}

	@Test
	void putWhenOrganisationSuspendedThenRefusedAndNothingStored() {
		this.store.suspend("itron", "incident 42");

		assertThat(this.store.put(grant().build())).isEqualTo(GrantStore.PutResult.ORGANISATION_SUSPENDED);

		this.store.resume("itron");
		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Absent());
		assertThat(this.store.liveGrants()).isEmpty();
	}

	@Test
	void putWhenAlreadyExpiredThenRefusedAndNothingStored() {
		Grant ended = grant().notBefore(this.clock.instant().minus(Duration.ofHours(2)))
			.notAfter(this.clock.instant())
			.build();

		assertThat(this.store.put(ended)).isEqualTo(GrantStore.PutResult.ALREADY_EXPIRED);

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Absent());
		assertThat(this.store.liveGrants()).isEmpty();
	}

	@Test
	void putWhenPairHoldsGrantThenSupersedesItAndPublishesItsRevocation() {
		List<RevocationEvent> events = recordEvents(peer());
		Grant first = grant().build();
		Grant second = grant().level("operate").build();
		this.store.put(first);

		assertThat(this.store.put(second)).isEqualTo(GrantStore.PutResult.STORED);

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(second));
		assertThat(this.store.liveGrants()).containsExactly(second);
		assertThat(this.store.revoke(first.id(), "too late")).isEmpty();
		await().atMost(EVENTUALLY).until(() -> !events.isEmpty());
		RevocationEvent event = events.get(0);
		assertThat(event.scope()).isEqualTo(RevocationEvent.Scope.GRANT);
		assertThat(event.key()).isEqualTo(first.id());
		assertThat(event.grantIds()).containsExactly(first.id());
		assertThat(event.reason()).isEqualTo("superseded");
	}

	@Test
	void putWhenSameGrantAgainThenStillLiveAndNothingRevoked() {
		List<RevocationEvent> events = recordEvents(this.store);
		Grant grant = grant().build();
		this.store.put(grant);

		assertThat(this.store.put(grant)).isEqualTo(GrantStore.PutResult.STORED);

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(grant));
		awaitOnlyMarkerAfter(events, 0);
	}

	@Test
	void revokeWhenLiveThenReturnedLookupRevokedWithReasonAndEventPublished() {
		List<RevocationEvent> events = recordEvents(peer());
		Grant grant = grant().build();
		Grant other = grant().subject("bob").build();
		this.store.put(grant);
		this.store.put(other);

		assertThat(this.store.revoke(grant.id(), "left the company")).contains(grant);

		assertThat(this.store.lookup("alice", "itron", "head-end-1"))
			.isEqualTo(new GrantLookup.Revoked(grant.id(), "left the company"));
		assertThat(this.store.lookup("bob", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(other));
		assertThat(this.store.liveGrants()).containsExactly(other);
		await().atMost(EVENTUALLY).until(() -> !events.isEmpty());
		assertThat(events.get(0).scope()).isEqualTo(RevocationEvent.Scope.GRANT);
		assertThat(events.get(0).key()).isEqualTo(grant.id());
		assertThat(events.get(0).grantIds()).containsExactly(grant.id());
		assertThat(events.get(0).reason()).isEqualTo("left the company");
		assertThat(events.get(0).at()).isEqualTo(this.clock.instant());
	}

	@Test
	void lookupWhenRevokedGrantWouldHaveEndedThenAbsent() {
		Grant grant = grant().lasting(Duration.ofMinutes(10)).build();
		this.store.put(grant);
		this.store.revoke(grant.id(), "done early");

		this.clock.set(grant.notAfter());

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Absent());
	}

	@Test
	void putWhenPairWasRevokedThenNewGrantLive() {
		Grant old = grant().build();
		this.store.put(old);
		this.store.revoke(old.id(), "mistake");
		Grant fresh = grant().build();

		assertThat(this.store.put(fresh)).isEqualTo(GrantStore.PutResult.STORED);

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(fresh));
	}

	@Test
	void revokeWhenUnknownOrEndedThenEmptyAndNothingPublished() {
		List<RevocationEvent> events = recordEvents(this.store);
		Grant ended = grant().lasting(Duration.ofMinutes(1)).build();
		this.store.put(ended);
		this.clock.advance(Duration.ofMinutes(2));

		assertThat(this.store.revoke("no-such-grant", "why not")).isEmpty();
		assertThat(this.store.revoke(ended.id(), "too late")).isEmpty();
		assertThat(this.store.revokeSubject("nobody", "why not")).isEmpty();
		assertThat(this.store.revokeOrganisation("no-org", "why not")).isEmpty();

		awaitOnlyMarkerAfter(events, 0);
	}

	@Test
	void revokeSubjectThenEveryGrantOfThatPersonRevokedAndOthersKept() {
		List<RevocationEvent> events = recordEvents(peer());
		Grant one = grant().target("head-end-1").lasting(Duration.ofMinutes(30)).build();
		Grant two = grant().target("mdm-1").build();
		Grant bobs = grant().subject("bob").build();
		this.store.put(one);
		this.store.put(two);
		this.store.put(bobs);

		assertThat(this.store.revokeSubject("alice", "phished")).containsExactly(one, two);

		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Revoked(one.id(), "phished"));
		assertThat(this.store.lookup("alice", "itron", "mdm-1")).isEqualTo(new GrantLookup.Revoked(two.id(), "phished"));
		assertThat(this.store.lookup("bob", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(bobs));
		await().atMost(EVENTUALLY).until(() -> !events.isEmpty());
		assertThat(events.get(0).scope()).isEqualTo(RevocationEvent.Scope.SUBJECT);
		assertThat(events.get(0).key()).isEqualTo("alice");
		assertThat(events.get(0).grantIds()).containsExactlyInAnyOrder(one.id(), two.id());
	}

	@Test
	void revokeOrganisationThenEveryGrantOfItRevokedButNotSuspended() {
		List<RevocationEvent> events = recordEvents(peer());
		Grant alices = grant().build();
		Grant bobs = grant().subject("bob").target("mdm-1").build();
		Grant other = grant().subject("erin").organisation("landis").build();
		this.store.put(alices);
		this.store.put(bobs);
		this.store.put(other);

		assertThat(this.store.revokeOrganisation("itron", "contract ended")).containsExactlyInAnyOrder(alices, bobs);

		assertThat(this.store.isSuspended("itron")).isFalse();
		assertThat(this.store.lookup("bob", "itron", "mdm-1")).isEqualTo(new GrantLookup.Revoked(bobs.id(), "contract ended"));
		assertThat(this.store.lookup("erin", "landis", "head-end-1")).isEqualTo(new GrantLookup.Live(other));
		assertThat(this.store.put(grant().build())).isEqualTo(GrantStore.PutResult.STORED);
		await().atMost(EVENTUALLY).until(() -> !events.isEmpty());
		assertThat(events.get(0).scope()).isEqualTo(RevocationEvent.Scope.ORGANISATION);
		assertThat(events.get(0).key()).isEqualTo("itron");
		assertThat(events.get(0).grantIds()).containsExactlyInAnyOrder(alices.id(), bobs.id());
	}

	@Test
	void suspendThenGrantsRevokedLookupSuspendedAndEventPublished() {
		List<RevocationEvent> events = recordEvents(peer());
		Grant alices = grant().build();
		Grant other = grant().subject("erin").organisation("landis").build();
		this.store.put(alices);
		this.store.put(other);

		assertThat(this.store.suspend("itron", "decoy touched")).containsExactly(alices);

		assertThat(this.store.isSuspended("itron")).isTrue();
		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Suspended("itron"));
		assertThat(this.store.lookup("nobody", "itron", "head-end-1")).isEqualTo(new GrantLookup.Suspended("itron"));
		assertThat(this.store.lookup("erin", "landis", "head-end-1")).isEqualTo(new GrantLookup.Live(other));
		assertThat(this.store.liveGrants()).containsExactly(other);
		await().atMost(EVENTUALLY).until(() -> !events.isEmpty());
		assertThat(events.get(0).scope()).isEqualTo(RevocationEvent.Scope.ORGANISATION);
		assertThat(events.get(0).key()).isEqualTo("itron");
		assertThat(events.get(0).grantIds()).containsExactly(alices.id());
		assertThat(events.get(0).reason()).isEqualTo("decoy touched");
	}

	@Test
	void suspendWhenOrganisationHoldsNothingThenStillPublished() {
		List<RevocationEvent> events = recordEvents(peer());

		assertThat(this.store.suspend("itron", "precaution")).isEmpty();

		await().atMost(EVENTUALLY).until(() -> !events.isEmpty());
		assertThat(events.get(0).grantIds()).isEmpty();
		assertThat(events.get(0).key()).isEqualTo("itron");
	}

	@Test
	void resumeThenNotSuspendedRevokedGrantsStayRevokedAndNewGrantsAccepted() {
		Grant before = grant().build();
		this.store.put(before);
		this.store.suspend("itron", "incident");

		this.store.resume("itron");

		assertThat(this.store.isSuspended("itron")).isFalse();
		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Revoked(before.id(), "incident"));
		Grant after = grant().build();
		assertThat(this.store.put(after)).isEqualTo(GrantStore.PutResult.STORED);
		assertThat(this.store.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(after));
	}

	@Test
	void liveGrantsThenOnlyUnendedOrderedByNotAfter() {
		Grant late = grant().subject("s1").lasting(Duration.ofHours(3)).build();
		Grant early = grant().subject("s2").lasting(Duration.ofMinutes(10)).build();
		Grant middle = grant().subject("s3").lasting(Duration.ofHours(1)).build();
		this.store.put(late);
		this.store.put(early);
		this.store.put(middle);

		assertThat(this.store.liveGrants()).containsExactly(early, middle, late);

		this.clock.advance(Duration.ofMinutes(30));
		assertThat(this.store.liveGrants()).containsExactly(middle, late);
	}

	@Test
	void peerWhenGrantPutHereThenSeesItAndItsRevocation() {
		GrantStore peer = peer();
		Grant grant = grant().build();
		this.store.put(grant);

		assertThat(peer.lookup("alice", "itron", "head-end-1")).isEqualTo(new GrantLookup.Live(grant));

		this.store.revoke(grant.id(), "revoked elsewhere");
		await().atMost(EVENTUALLY)
			.until(() -> peer.lookup("alice", "itron", "head-end-1").equals(new GrantLookup.Revoked(grant.id(), "revoked elsewhere")));
	}

	@Test
	void subscribeWhenHandleClosedThenNoMoreEvents() throws Exception {
		GrantStore peer = peer();
		List<RevocationEvent> kept = recordEvents(peer);
		List<RevocationEvent> dropped = new CopyOnWriteArrayList<>();
		AutoCloseable handle = peer.subscribe(dropped::add);
		handle.close();
		Grant grant = grant().build();
		this.store.put(grant);

		this.store.revoke(grant.id(), "gone");

		await().atMost(EVENTUALLY).until(() -> !kept.isEmpty());
		assertThat(dropped).isEmpty();
	}

	@Test
	void revocationFeedUpWhenConnectedThenTrue() {
		await().atMost(EVENTUALLY).until(this.store::revocationFeedUp);
	}

	@Test
	void suspendWhilePutsRaceThenNoLiveGrantOfTheOrganisationSurvives() throws Exception {
		int writers = 4;
		int perWriter = 40;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<List<GrantStore.PutResult>>> results = new ArrayList<>();
		try {
			for (int w = 0; w < writers; w++) {
				int writer = w;
				results.add(pool.submit(() -> {
					start.await();
					List<GrantStore.PutResult> outcomes = new ArrayList<>();
					for (int i = 0; i < perWriter; i++) {
						outcomes.add(this.store.put(grant().subject("eng-" + writer + "-" + i).build()));
					}
					return outcomes;
				}));
			}
			start.countDown();
			// Let some puts land first, so that the suspension has something to revoke.
			await().atMost(EVENTUALLY).until(() -> !this.store.liveGrants().isEmpty());
			this.store.suspend("itron", "race");
			List<GrantStore.PutResult> all = new ArrayList<>();
			for (Future<List<GrantStore.PutResult>> result : results) {
				all.addAll(result.get(60, TimeUnit.SECONDS));
			}

			assertThat(all).contains(GrantStore.PutResult.STORED);
			assertThat(this.store.liveGrants()).noneMatch(grant -> grant.organisation().equals("itron"));
			for (int w = 0; w < writers; w++) {
				for (int i = 0; i < perWriter; i++) {
					assertThat(this.store.lookup("eng-" + w + "-" + i, "itron", "head-end-1"))
						.isEqualTo(new GrantLookup.Suspended("itron"));
				}
			}
			this.store.resume("itron");
			assertThat(this.store.liveGrants()).noneMatch(grant -> grant.organisation().equals("itron"));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void putAndRevokeWhenManyThreadsThenEveryPairEndsConsistent() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int thread = t;
				done.add(pool.submit(() -> {
					for (int i = 0; i < 25; i++) {
						Grant grant = grant().subject("user-" + i).target("t-" + thread).build();
						this.store.put(grant);
						if (i % 2 == 0) {
							this.store.revoke(grant.id(), "even");
						}
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}

			assertThat(this.store.liveGrants()).hasSize(4 * 12);
			assertThat(this.store.lookup("user-0", "itron", "t-0")).isInstanceOf(GrantLookup.Revoked.class);
			assertThat(this.store.lookup("user-1", "itron", "t-3")).isInstanceOf(GrantLookup.Live.class);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void lookupWhenStartedAfterRevokeReturnedThenNeverLiveEvenUnderConcurrentLookups() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			for (int round = 0; round < 8; round++) {
				String subject = "racer-" + round;
				Grant grant = grant().subject(subject).build();
				this.store.put(grant);
				java.util.concurrent.atomic.AtomicBoolean revoked = new java.util.concurrent.atomic.AtomicBoolean();
				java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
				List<GrantLookup> staleAnswers = new CopyOnWriteArrayList<>();
				List<Future<?>> lookers = new ArrayList<>();
				for (int t = 0; t < 3; t++) {
					lookers.add(pool.submit(() -> {
						while (!stop.get()) {
							boolean startedAfterRevoke = revoked.get();
							GrantLookup answer = this.store.lookup(subject, "itron", "head-end-1");
							if (startedAfterRevoke && answer instanceof GrantLookup.Live) {
								staleAnswers.add(answer);
							}
						}
						return null;
					}));
				}
				// Let the lookers fill the cache, if there is one.
				await().atMost(EVENTUALLY).until(() -> this.store.lookup(subject, "itron", "head-end-1") instanceof GrantLookup.Live);

				this.store.revoke(grant.id(), "race " + round);
				revoked.set(true);
				await().atMost(EVENTUALLY)
					.until(() -> this.store.lookup(subject, "itron", "head-end-1") instanceof GrantLookup.Revoked);
				stop.set(true);
				for (Future<?> looker : lookers) {
					looker.get(30, TimeUnit.SECONDS);
				}

				assertThat(staleAnswers).as("lookups started after revoke() returned, round %d", round).isEmpty();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** Keeps the instant the tests consider "now" visible in failures. */
	protected final Instant now() {
		return this.clock.instant();
	}

}
