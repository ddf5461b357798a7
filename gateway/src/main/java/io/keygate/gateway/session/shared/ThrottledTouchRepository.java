package io.keygate.gateway.session.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import reactor.core.publisher.Mono;

/**
 * Renews a shared session's last access at most once per touch interval. Spring Session renews it
 * on every request it reads the session for, and a renewal is a write to Redis when the request ends:
 * on the gateway that is one more round trip on every proxied request, for a timestamp that moves a
 * few milliseconds. Here a renewal closer than the interval to the last one is dropped, so an
 * unchanged session is not written at all; the idle limit then counts from at most one interval
 * before the last request, so a session can end that much earlier than exact, never later.
 */
final class ThrottledTouchRepository<S extends Session> implements ReactiveSessionRepository<ThrottledTouchRepository.Touched<S>> {

	private final ReactiveSessionRepository<S> delegate;

	private final Duration interval;

	ThrottledTouchRepository(ReactiveSessionRepository<S> delegate, Duration interval) {
		this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
		this.interval = Objects.requireNonNull(interval, "interval cannot be null");
	}

	/** A quarter of the idle limit, at most 15 seconds. */
	static Duration interval(Duration idleTimeout) {
		Duration quarter = idleTimeout.dividedBy(4);
		return quarter.compareTo(Duration.ofSeconds(15)) < 0 ? quarter : Duration.ofSeconds(15);
	}

	@Override
	public Mono<Touched<S>> createSession() {
		return this.delegate.createSession().map(session -> new Touched<>(session, this.interval, true));
	}

	/**
	 * Saves what changed; a session read and left as it was is not written at all. (Spring Session's
	 * Redis repository would otherwise still ask Redis whether the session exists before finding it
	 * has nothing to write: a round trip on every proxied request.)
	 */
	@Override
	public Mono<Void> save(Touched<S> session) {
		return session.changed ? this.delegate.save(session.inner) : Mono.empty();
	}

	@Override
	public Mono<Touched<S>> findById(String id) {
		return this.delegate.findById(id).map(session -> new Touched<>(session, this.interval, false));
	}

	@Override
	public Mono<Void> deleteById(String id) {
		return this.delegate.deleteById(id);
	}

	/** The stored session, but for renewals of its last access that come too soon. */
	static final class Touched<S extends Session> implements Session {

		private final S inner;

		private final Duration interval;

		/** Whether anything is to be written: a new session, or one whose values or limits changed. */
		private boolean changed;

		Touched(S inner, Duration interval, boolean changed) {
			this.inner = inner;
			this.interval = interval;
			this.changed = changed;
		}

		@Override
		public void setLastAccessedTime(Instant lastAccessedTime) {
			if (Duration.between(this.inner.getLastAccessedTime(), lastAccessedTime).compareTo(this.interval) >= 0) {
				this.inner.setLastAccessedTime(lastAccessedTime);
				this.changed = true;
			}
		}

		@Override
		public String getId() {
			return this.inner.getId();
		}

		@Override
		public String changeSessionId() {
			this.changed = true;
			return this.inner.changeSessionId();
		}

		@Override
		public <T> T getAttribute(String name) {
			return this.inner.getAttribute(name);
		}

		@Override
		public Set<String> getAttributeNames() {
			return this.inner.getAttributeNames();
		}

		@Override
		public void setAttribute(String name, Object value) {
			this.inner.setAttribute(name, value);
			this.changed = true;
		}

		@Override
		public void removeAttribute(String name) {
			this.inner.removeAttribute(name);
			this.changed = true;
		}

		@Override
		public Instant getCreationTime() {
			return this.inner.getCreationTime();
		}

		@Override
		public Instant getLastAccessedTime() {
			return this.inner.getLastAccessedTime();
		}

		@Override
		public void setMaxInactiveInterval(Duration interval) {
			this.inner.setMaxInactiveInterval(interval);
			this.changed = true;
		}

		@Override
		public Duration getMaxInactiveInterval() {
			return this.inner.getMaxInactiveInterval();
		}

		@Override
		public boolean isExpired() {
			return this.inner.isExpired();
		}

	}

}
