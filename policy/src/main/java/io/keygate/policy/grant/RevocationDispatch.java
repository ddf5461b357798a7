package io.keygate.policy.grant;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every grant store tells its subscribers about revocations and its feed: one rule for all of
 * them, so that a subscriber (a gateway closing sessions, a near cache evicting) behaves the same
 * on the embedded and the distributed store.
 * <p>
 * The rule: listeners are called in the order events happened, one event at a time, on one thread
 * of the dispatch's own, never on the thread that changed the store (which may hold the store's
 * lock, or be a client library's I/O thread that must not wait on a listener); one listener's
 * failure never keeps the others from hearing the event. Listeners should be short. The thread is
 * started on the first event and ends after a second without one, so an idle store holds none.
 */
public final class RevocationDispatch implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RevocationDispatch.class);

	private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();

	private final ThreadPoolExecutor thread;

	/** {@code name} names the delivering thread, e.g. after the store's key prefix. */
	public RevocationDispatch(String name) {
		Objects.requireNonNull(name, "name cannot be null");
		// One thread at most: that is what keeps events in order.
		this.thread = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
			Thread delivering = new Thread(runnable, "keygate-revocations-" + name);
			delivering.setDaemon(true);
			return delivering;
		});
	}

	/** Adds a listener; closing the handle removes it. */
	public AutoCloseable subscribe(RevocationListener listener) {
		Objects.requireNonNull(listener, "listener cannot be null");
		this.listeners.add(listener);
		return () -> this.listeners.remove(listener);
	}

	public void revoked(RevocationEvent event) {
		Objects.requireNonNull(event, "event cannot be null");
		deliver(listener -> listener.revoked(event), event.toString());
	}

	public void feedLost() {
		deliver(RevocationListener::feedLost, "feed lost");
	}

	public void feedRestored() {
		deliver(RevocationListener::feedRestored, "feed restored");
	}

	public void reread() {
		deliver(RevocationListener::reread, "re-read");
	}

	/** Stops delivering: events after this are dropped, listeners forgotten. */
	@Override
	public void close() {
		this.listeners.clear();
		this.thread.shutdown();
	}

	private void deliver(Consumer<RevocationListener> call, String what) {
		try {
			this.thread.execute(() -> {
				for (RevocationListener listener : this.listeners) {
					try {
						call.accept(listener);
					}
					catch (RuntimeException ex) {
						// One broken subscriber must not keep the others from closing sessions.
						log.error("Revocation listener {} failed on {}", listener, what, ex);
					}
				}
			});
		}
		catch (RejectedExecutionException ex) {
			log.debug("Grant store closed; {} not delivered", what);
		}
	}

}
