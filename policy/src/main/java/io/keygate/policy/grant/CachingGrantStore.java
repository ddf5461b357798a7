package io.keygate.policy.grant;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path's grant store: answers repeated lookups of a live grant from memory, so that a
 * request through the gateway costs no round trip to Redis in the common case.
 * <p>
 * What it may cache follows from what it hears about. Every way a live grant ends early publishes
 * a {@link RevocationEvent} (revoke, supersede, suspension), and expiry is checked here against
 * {@code notAfter}; so a cached {@link GrantLookup.Live} stays true until an event or its
 * {@code notAfter} says otherwise. Nothing else is cached: a <em>new</em> grant publishes no event,
 * so a cached {@link GrantLookup.Absent} or {@link GrantLookup.Revoked} would keep denying a
 * freshly approved engineer; a {@link GrantLookup.Suspended} ends silently on resume; and an
 * {@link GrantLookup.Unavailable} must be retried, not remembered.
 * <p>
 * When the revocation feed is down, events may be missed, so the whole cache is dropped and
 * bypassed until the feed is back and re-subscribed. A lookup that started before an eviction does
 * not put its (possibly stale) answer into the cache afterwards: every eviction moves an epoch,
 * and an answer is cached only if the epoch did not move while it was being fetched.
 * <p>
 * Writes go to the delegate and evict the affected entries here at once, without waiting for
 * their own event to come back; what changes no cached grant (resume, suspension queries, live
 * grants, subscriptions) is forwarded as it is. Closing this store closes the delegate.
 */
public final class CachingGrantStore extends ForwardingGrantStore {

	/** Default bound: about a hundred bytes of keys and a grant per entry, some ten megabytes at most. */
	public static final int DEFAULT_MAX_ENTRIES = 100_000;

	private static final Logger log = LoggerFactory.getLogger(CachingGrantStore.class);

	private final Clock clock;

	private final Object lock = new Object();

	/** (subject, target) → live grant, least recently used first; guarded by {@link #lock}. */
	private final LinkedHashMap<String, Grant> cache;

	/** Moves on every eviction; guarded by {@link #lock}. */
	private long epoch;

	/** Set while the feed is down (from {@link RevocationListener#feedLost()} to {@link RevocationListener#feedRestored()}). */
	private volatile boolean feedDown;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final AutoCloseable subscription;

	public CachingGrantStore(GrantStore delegate, Clock clock) {
		this(delegate, clock, DEFAULT_MAX_ENTRIES);
	}

	public CachingGrantStore(GrantStore delegate, Clock clock, int maxEntries) {
		super(delegate);
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		if (maxEntries < 1) {
			throw new IllegalArgumentException("grant cache size must be at least 1: " + maxEntries);
		}
		this.cache = new LinkedHashMap<>(Math.min(maxEntries, 1024), 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Grant> eldest) {
				return size() > maxEntries;
			}
		};
		// Subscribe before reading the feed's state: a change in between is then seen by the listener.
		this.subscription = delegate.subscribe(new Evictor());
		this.feedDown = !delegate.revocationFeedUp();
	}

	private static String key(String subject, String targetId) {
		return subject + '\n' + targetId;
	}

	@Override
	public GrantLookup lookup(String subject, String organisation, String targetId) {
		boolean usable = cacheUsable();
		long seen;
		synchronized (this.lock) {
			if (usable) {
				Grant cached = cachedLocked(subject, organisation, targetId);
				if (cached != null) {
					this.hits.increment();
					return new GrantLookup.Live(cached);
				}
			}
			seen = this.epoch;
		}
		this.misses.increment();
		GrantLookup answer = this.delegate.lookup(subject, organisation, targetId);
		if (answer instanceof GrantLookup.Live live && usable) {
			Instant now = this.clock.instant();
			synchronized (this.lock) {
				if (this.epoch == seen && cacheUsable() && now.isBefore(live.grant().notAfter())) {
					this.cache.put(key(subject, targetId), live.grant());
				}
			}
		}
		return answer;
	}

	/**
	 * The answer {@link #lookup} would give from memory, without ever asking the delegate (so it
	 * never blocks): a reactive gateway can decide on its event loop when this is present and move
	 * only the rest off it. Empty when nothing usable is cached, or while the cache is bypassed.
	 * A present answer counts as a hit; an empty one counts nothing (the lookup that follows does).
	 */
	public Optional<GrantLookup> peek(String subject, String organisation, String targetId) {
		if (!cacheUsable()) {
			return Optional.empty();
		}
		synchronized (this.lock) {
			Grant cached = cachedLocked(subject, organisation, targetId);
			if (cached == null) {
				return Optional.empty();
			}
			this.hits.increment();
			return Optional.of(new GrantLookup.Live(cached));
		}
	}

	private Grant cachedLocked(String subject, String organisation, String targetId) {
		Grant cached = this.cache.get(key(subject, targetId));
		if (cached == null) {
			return null;
		}
		if (this.clock.instant().isBefore(cached.notAfter()) && cached.organisation().equals(organisation)) {
			return cached;
		}
		this.cache.remove(key(subject, targetId));
		return null;
	}

	/** Whether cached answers may be used now: only while revocations would reach us. */
	private boolean cacheUsable() {
		// The delegate's own flag flips the moment its connection drops, before our listener hears of it.
		return !this.feedDown && this.delegate.revocationFeedUp();
	}

	@Override
	public PutResult put(Grant grant) {
		// A put may supersede the pair's grant: forget it here before the event comes back.
		evict(cached -> cached.subject().equals(grant.subject()) && cached.targetId().equals(grant.targetId()));
		try {
			return this.delegate.put(grant);
		}
		finally {
			evict(cached -> cached.subject().equals(grant.subject()) && cached.targetId().equals(grant.targetId()));
		}
	}

	@Override
	public Optional<Grant> revoke(String grantId, String reason) {
		try {
			return this.delegate.revoke(grantId, reason);
		}
		finally {
			evict(cached -> cached.id().equals(grantId));
		}
	}

	@Override
	public List<Grant> revokeSubject(String subject, String reason) {
		try {
			return this.delegate.revokeSubject(subject, reason);
		}
		finally {
			evict(cached -> cached.subject().equals(subject));
		}
	}

	@Override
	public List<Grant> revokeOrganisation(String organisation, String reason) {
		try {
			return this.delegate.revokeOrganisation(organisation, reason);
		}
		finally {
			evict(cached -> cached.organisation().equals(organisation));
		}
	}

	@Override
	public List<Grant> suspend(String organisation, String reason) {
		try {
			return this.delegate.suspend(organisation, reason);
		}
		finally {
			evict(cached -> cached.organisation().equals(organisation));
		}
	}

	/** Whether the cache is in use: the delegate's feed is up and this cache has heard it is. */
	@Override
	public boolean revocationFeedUp() {
		return cacheUsable();
	}

	@Override
	public void close() {
		try {
			this.subscription.close();
		}
		catch (Exception ex) {
			log.debug("Unsubscribing the grant cache failed", ex);
		}
		clear();
		this.delegate.close();
	}

	/** Lookups answered from memory. */
	public long hits() {
		return this.hits.sum();
	}

	/** Lookups that went to the delegate (cache empty for the pair, or bypassed). */
	public long misses() {
		return this.misses.sum();
	}

	/** Grants cached now. */
	public int size() {
		synchronized (this.lock) {
			return this.cache.size();
		}
	}

	@Override
	public String toString() {
		return "CachingGrantStore[" + this.delegate + "]";
	}

	private void evict(Predicate<Grant> which) {
		synchronized (this.lock) {
			this.epoch++;
			// A linear pass: revocations are rare next to lookups, and the cache is bounded.
			for (Iterator<Grant> it = this.cache.values().iterator(); it.hasNext();) {
				if (which.test(it.next())) {
					it.remove();
				}
			}
		}
	}

	private void clear() {
		synchronized (this.lock) {
			this.epoch++;
			this.cache.clear();
		}
	}

	/** Keeps the cache in step with the revocation feed. */
	private final class Evictor implements RevocationListener {

		@Override
		public void revoked(RevocationEvent event) {
			switch (event.scope()) {
				case GRANT -> evict(cached -> cached.id().equals(event.key()) || event.grantIds().contains(cached.id()));
				case SUBJECT -> evict(cached -> cached.subject().equals(event.key()) || event.grantIds().contains(cached.id()));
				case ORGANISATION -> evict(cached -> cached.organisation().equals(event.key())
						|| event.grantIds().contains(cached.id()));
			}
		}

		@Override
		public void feedLost() {
			CachingGrantStore.this.feedDown = true;
			clear();
		}

		@Override
		public void feedRestored() {
			clear();
			CachingGrantStore.this.feedDown = false;
		}

		@Override
		public void reread() {
			clear();
		}

	}

}
