package io.keygate.gateway.signin;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.web.server.session.WebSessionStore;

import io.keygate.gateway.session.BrowserSessionEnd;
import io.keygate.policy.decision.DenyReason;
import reactor.core.publisher.Mono;

/**
 * Ends, for a verified back-channel logout token (Spring Security has checked its signature
 * against the auth server's JWKS, its issuer, audience, events and the absence of a nonce), every
 * gateway session of that person ({@code sub}) or of that provider session ({@code sid}): the web
 * session is removed from the store, and its WebSockets and streams close (on every instance: in the
 * distributed mode the registry and the store are shared in Redis, and the end is announced).
 * <p>
 * Spring's default handler would instead call this gateway's own {@code /logout} over HTTP with
 * each session's cookie; removing the session here needs no loop-back call and no CSRF token.
 */
final class BackChannelLogoutHandler implements ServerLogoutHandler {

	private static final Logger log = LoggerFactory.getLogger(BackChannelLogoutHandler.class);

	private final ReactiveOidcSessionRegistry oidcSessions;

	private final WebSessionStore webSessions;

	private final BrowserSessionEnd ends;

	BackChannelLogoutHandler(ReactiveOidcSessionRegistry oidcSessions, WebSessionStore webSessions,
			BrowserSessionEnd ends) {
		this.oidcSessions = Objects.requireNonNull(oidcSessions, "oidcSessions cannot be null");
		this.webSessions = Objects.requireNonNull(webSessions, "webSessions cannot be null");
		this.ends = Objects.requireNonNull(ends, "ends cannot be null");
	}

	@Override
	public Mono<Void> logout(WebFilterExchange exchange, Authentication authentication) {
		if (!(authentication.getPrincipal() instanceof OidcLogoutToken token)) {
			return Mono.empty();
		}
		return this.oidcSessions.removeSessionInformation(token).concatMap(session -> {
			int closed = this.ends.end(session.getSessionId(), DenyReason.SIGNED_OUT);
			log.info("Back-channel logout of {} (sid {}): gateway session ended, {} live session(s) closed here",
					token.getSubject(), token.getSessionId(), closed);
			return this.webSessions.removeSession(session.getSessionId());
		}).then();
	}

}
