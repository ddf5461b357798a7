package io.keygate.gateway.session.shared;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionStore;

import reactor.core.publisher.Mono;

/**
 * The shared session store as the gateway must see it: a session that cannot be read (Redis down or
 * too slow, a value that fails its MAC) is no session, so the request goes on signed out (sign-in or
 * a deny) instead of failing with a 500, and nothing is allowed on a session nobody could verify.
 * A save that fails is not kept ({@link FailClosedWebSession}). Removing a session is not softened:
 * a logout that could not remove it must fail visibly.
 */
final class FailClosedWebSessionStore implements WebSessionStore {

	private static final Logger log = LoggerFactory.getLogger(FailClosedWebSessionStore.class);

	private final WebSessionStore delegate;

	FailClosedWebSessionStore(WebSessionStore delegate) {
		this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
	}

	@Override
	public Mono<WebSession> createWebSession() {
		return this.delegate.createWebSession().map(FailClosedWebSession::new);
	}

	@Override
	public Mono<WebSession> retrieveSession(String sessionId) {
		return this.delegate.retrieveSession(sessionId).<WebSession>map(FailClosedWebSession::new).onErrorResume(ex -> {
			log.warn("Gateway session could not be read from Redis ({}): the request is treated as signed out", ex.toString());
			return Mono.empty();
		});
	}

	@Override
	public Mono<Void> removeSession(String sessionId) {
		return this.delegate.removeSession(sessionId);
	}

	@Override
	public Mono<WebSession> updateLastAccessTime(WebSession webSession) {
		WebSession inner = webSession instanceof FailClosedWebSession wrapped ? wrapped.delegate() : webSession;
		return this.delegate.updateLastAccessTime(inner).map(FailClosedWebSession::new);
	}

}
