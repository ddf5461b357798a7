package io.keygate.policy.grant;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The embedded mode's grant store: one JVM, one lock. Every operation, including the
 * suspension check inside {@link #put}, happens under the lock, so it is atomic as the Redis store's
 * scripts are. Revocations reach subscribers through {@link RevocationDispatch}, as the Redis store's do.
 */
public final class InMemoryGrantStore implements GrantStore {

	private record Tombstone(String grantId, String reason, Instant until) {
	}

	private final Clock clock;

	private final Map<String, Grant> byId = new HashMap<>();

	private final Map<String, String> byPair = new HashMap<>();

	private final Map<String, Tombstone> tombstones = new HashMap<>();

	private final Set<String> suspended = new HashSet<>();

	private final RevocationDispatch dispatch = new RevocationDispatch("in-memory");

	public InMemoryGrantStore(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	private static String pair(String subject, String targetId) {
		return subject + '\n' + targetId;
	}

	@Override
	public PutResult put(Grant grant) {
		Objects.requireNonNull(grant, "grant cannot be null");
		Optional<RevocationEvent> superseded;
		synchronized (this) {
			Instant now = this.clock.instant();
			if (this.suspended.contains(grant.organisation())) {
				return PutResult.ORGANISATION_SUSPENDED;
			}
			if (!now.isBefore(grant.notAfter())) {
				return PutResult.ALREADY_EXPIRED;
			}
			String previousId = this.byPair.get(pair(grant.subject(), grant.targetId()));
			// Storing the same grant again is not a supersession: revoking it would close its own sessions.
			superseded = Optional.ofNullable(previousId)
				.filter(id -> !id.equals(grant.id()))
				.map(this.byId::get)
				.filter(previous -> now.isBefore(previous.notAfter()))
				.map(previous -> removeLocked(List.of(previous), "superseded", RevocationEvent.Scope.GRANT, previous.id(), now));
			if (previousId != null && !previousId.equals(grant.id())) {
				// An ended previous grant is simply forgotten (no event: nothing live ended early).
				this.byId.remove(previousId);
			}
			Grant sameId = this.byId.put(grant.id(), grant);
			if (sameId != null && !pair(sameId.subject(), sameId.targetId()).equals(pair(grant.subject(), grant.targetId()))) {
				// A grant id names one grant: its entry under another pair must not answer for it any more.
				this.byPair.remove(pair(sameId.subject(), sameId.targetId()), grant.id());
			}
			this.byPair.put(pair(grant.subject(), grant.targetId()), grant.id());
			this.tombstones.remove(pair(grant.subject(), grant.targetId()));
		}
		superseded.ifPresent(this::publish);
		return PutResult.STORED;
	}

	@Override
	public synchronized GrantLookup lookup(String subject, String organisation, String targetId) {
		if (this.suspended.contains(organisation)) {
			return new GrantLookup.Suspended(organisation);
		}
		Instant now = this.clock.instant();
		String key = pair(subject, targetId);
		String grantId = this.byPair.get(key);
		if (grantId != null) {
			Grant grant = this.byId.get(grantId);
			if (now.isBefore(grant.notAfter())) {
				return new GrantLookup.Live(grant);
			}
			// The TTL has run out: the same as a Redis key expiring. Forget it.
			this.byId.remove(grantId);
			this.byPair.remove(key);
		}
		Tombstone tombstone = this.tombstones.get(key);
		if (tombstone != null) {
			if (now.isBefore(tombstone.until())) {
				return new GrantLookup.Revoked(tombstone.grantId(), tombstone.reason());
			}
			this.tombstones.remove(key);
		}
		return new GrantLookup.Absent();
	}

	@Override
	public Optional<Grant> revoke(String grantId, String reason) {
		return revokeWhere(RevocationEvent.Scope.GRANT, grantId, reason, grant -> grant.id().equals(grantId)).stream()
			.findFirst();
	}

	@Override
	public List<Grant> revokeSubject(String subject, String reason) {
		return revokeWhere(RevocationEvent.Scope.SUBJECT, subject, reason, grant -> grant.subject().equals(subject));
	}

	@Override
	public List<Grant> revokeOrganisation(String organisation, String reason) {
		return revokeWhere(RevocationEvent.Scope.ORGANISATION, organisation, reason,
				grant -> grant.organisation().equals(organisation));
	}

	@Override
	public List<Grant> suspend(String organisation, String reason) {
		RevocationEvent event;
		List<Grant> revoked;
		synchronized (this) {
			this.suspended.add(organisation);
			revoked = liveLocked(grant -> grant.organisation().equals(organisation));
			event = removeLocked(revoked, reason, RevocationEvent.Scope.ORGANISATION, organisation, this.clock.instant());
		}
		publish(event);
		return revoked;
	}

	@Override
	public synchronized void resume(String organisation) {
		this.suspended.remove(organisation);
	}

	@Override
	public synchronized boolean isSuspended(String organisation) {
		return this.suspended.contains(organisation);
	}

	@Override
	public synchronized List<Grant> liveGrants() {
		return liveLocked(grant -> true);
	}

	@Override
	public AutoCloseable subscribe(RevocationListener listener) {
		return this.dispatch.subscribe(listener);
	}

	/** In one JVM the feed cannot be partitioned away. */
	@Override
	public boolean revocationFeedUp() {
		return true;
	}

	@Override
	public void close() {
		this.dispatch.close();
	}

	private List<Grant> revokeWhere(RevocationEvent.Scope scope, String key, String reason, Predicate<Grant> which) {
		RevocationEvent event;
		List<Grant> revoked;
		synchronized (this) {
			revoked = liveLocked(which);
			if (revoked.isEmpty()) {
				return List.of();
			}
			event = removeLocked(revoked, reason, scope, key, this.clock.instant());
		}
		publish(event);
		return revoked;
	}

	private List<Grant> liveLocked(Predicate<Grant> which) {
		Instant now = this.clock.instant();
		List<Grant> live = new ArrayList<>();
		for (Grant grant : this.byId.values()) {
			if (now.isBefore(grant.notAfter()) && which.test(grant)) {
				live.add(grant);
			}
		}
		live.sort(java.util.Comparator.comparing(Grant::notAfter).thenComparing(Grant::id));
		return live;
	}

	private RevocationEvent removeLocked(List<Grant> grants, String reason, RevocationEvent.Scope scope, String key,
			Instant now) {
		for (Grant grant : grants) {
			this.byId.remove(grant.id());
			this.byPair.remove(pair(grant.subject(), grant.targetId()));
			this.tombstones.put(pair(grant.subject(), grant.targetId()), new Tombstone(grant.id(), reason, grant.notAfter()));
		}
		return new RevocationEvent(scope, key, grants.stream().map(Grant::id).toList(), reason, now);
	}

	private void publish(RevocationEvent event) {
		this.dispatch.revoked(event);
	}

}
