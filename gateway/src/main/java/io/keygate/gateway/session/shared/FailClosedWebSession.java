package io.keygate.gateway.session.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.WebSession;

import reactor.core.publisher.Mono;

/**
 * A shared session whose save may fail without failing the response: the save runs as the response
 * is committed, where an error can only become a bare 500. Whatever the request was answering (a
 * redirect to sign-in, a deny) goes out; the session simply was not kept, so the next request is
 * signed out, which is fail-closed. Invalidation is not softened (see {@link FailClosedWebSessionStore}).
 */
final class FailClosedWebSession implements WebSession {

	private static final Logger log = LoggerFactory.getLogger(FailClosedWebSession.class);

	private final WebSession delegate;

	FailClosedWebSession(WebSession delegate) {
		this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
	}

	WebSession delegate() {
		return this.delegate;
	}

	@Override
	public Mono<Void> save() {
		return this.delegate.save().onErrorResume(ex -> {
			log.warn("Gateway session could not be saved to Redis ({}): it is not kept, the browser will be signed out",
					ex.toString());
			return Mono.empty();
		});
	}

	@Override
	public String getId() {
		return this.delegate.getId();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.delegate.getAttributes();
	}

	@Override
	public void start() {
		this.delegate.start();
	}

	@Override
	public boolean isStarted() {
		return this.delegate.isStarted();
	}

	@Override
	public Mono<Void> changeSessionId() {
		return this.delegate.changeSessionId();
	}

	@Override
	public Mono<Void> invalidate() {
		return this.delegate.invalidate();
	}

	@Override
	public boolean isExpired() {
		return this.delegate.isExpired();
	}

	@Override
	public Instant getCreationTime() {
		return this.delegate.getCreationTime();
	}

	@Override
	public Instant getLastAccessTime() {
		return this.delegate.getLastAccessTime();
	}

	@Override
	public void setMaxIdleTime(Duration maxIdleTime) {
		this.delegate.setMaxIdleTime(maxIdleTime);
	}

	@Override
	public Duration getMaxIdleTime() {
		return this.delegate.getMaxIdleTime();
	}

}
