package io.keygate.policy.grant;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link InMemoryGrantStore} whose revocation feed and lookup timing a test controls: it
 * can report the feed lost or restored, and hold a lookup after the store has answered (to open
 * the window in which a revocation overtakes a lookup in flight). It stands in for the delegate of
 * {@link CachingGrantStore}, the thing under test, never for the cache itself.
 */
final class ControllableFeedGrantStore extends ForwardingGrantStore {

	private final List<RevocationListener> feedListeners = new CopyOnWriteArrayList<>();

	private volatile boolean feedUp = true;

	private volatile CountDownLatch answered;

	/** Set until the held lookup takes it. */
	private volatile CountDownLatch proceed;

	private volatile CountDownLatch release;

	ControllableFeedGrantStore(InMemoryGrantStore inner) {
		super(inner);
	}

	void loseFeed() {
		this.feedUp = false;
		this.feedListeners.forEach(RevocationListener::feedLost);
	}

	void restoreFeed() {
		this.feedUp = true;
		this.feedListeners.forEach(RevocationListener::feedRestored);
	}

	/** The next lookup answers, then waits for {@link #releaseLookup()}; returns a latch counted down when it has answered. */
	CountDownLatch holdNextLookup() {
		this.answered = new CountDownLatch(1);
		this.release = new CountDownLatch(1);
		this.proceed = this.release;
		return this.answered;
	}

	void releaseLookup() {
		this.release.countDown();
	}

	@Override
	public GrantLookup lookup(String subject, String organisation, String targetId) {
		GrantLookup answer = this.delegate.lookup(subject, organisation, targetId);
		CountDownLatch held = this.proceed;
		if (held != null) {
			this.proceed = null;
			this.answered.countDown();
			try {
				if (!held.await(30, TimeUnit.SECONDS)) {
					throw new IllegalStateException("held lookup never released (test bug)");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return answer;
	}

	@Override
	public AutoCloseable subscribe(RevocationListener listener) {
		this.feedListeners.add(listener);
		AutoCloseable events = this.delegate.subscribe(listener);
		return () -> {
			this.feedListeners.remove(listener);
			events.close();
		};
	}

	@Override
	public boolean revocationFeedUp() {
		return this.feedUp;
	}

}
