package io.keygate.gateway.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.keygate.gateway.session.BrowserSessionEnd;
import io.keygate.gateway.session.LiveSessionRegistry;
import io.keygate.policy.decision.DenyReason;
import reactor.core.publisher.Mono;

/**
 * The gateway session's two clocks: idle (the web session's max idle time, renewed on use) and
 * absolute (counted from the ID token's issue time, never renewed). Past the absolute limit the
 * session is invalidated and the request continues unauthenticated, so the sign-in entry point
 * sends the person back to the auth server for a fresh hardware-key sign-in. Live sessions the
 * browser session opened (WebSockets, streaming responses) are bound to the same two clocks
 * ({@link LiveSessionRegistry#touch}): they end when it does, not at their grant's {@code notAfter}.
 */
public final class SessionTimeoutFilter implements WebFilter {

	private final Duration idleTimeout;

	private final Duration absoluteTimeout;

	private final Clock clock;

	private final LiveSessionRegistry liveSessions;

	private final BrowserSessionEnd ends;

	public SessionTimeoutFilter(Duration idleTimeout, Duration absoluteTimeout, Clock clock, LiveSessionRegistry liveSessions,
			BrowserSessionEnd ends) {
		this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout cannot be null");
		this.absoluteTimeout = Objects.requireNonNull(absoluteTimeout, "absoluteTimeout cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.liveSessions = Objects.requireNonNull(liveSessions, "liveSessions cannot be null");
		this.ends = Objects.requireNonNull(ends, "ends cannot be null");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return exchange.getSession().flatMap(session -> {
			if (!session.getMaxIdleTime().equals(this.idleTimeout)) {
				session.setMaxIdleTime(this.idleTimeout);
			}
			return ReactiveSecurityContextHolder.getContext()
				.map(SecurityContext::getAuthentication)
				.filter(auth -> auth instanceof OAuth2AuthenticationToken token && token.getPrincipal() instanceof OidcUser)
				.map(auth -> signedInAt((OidcUser) ((OAuth2AuthenticationToken) auth).getPrincipal()).plus(this.absoluteTimeout))
				.flatMap(absoluteUntil -> {
					if (absoluteUntil.isBefore(this.clock.instant())) {
						// Whatever this session opened (WebSockets, streams), through any instance, ends with it.
						this.ends.end(session.getId(), DenyReason.SIGNED_OUT);
						return session.invalidate()
							.then(chain.filter(exchange).contextWrite(ReactiveSecurityContextHolder.clearContext()))
							.thenReturn(Boolean.TRUE);
					}
					if (session.isStarted()) {
						// Renews the idle limit of what this session opened; the sweep ends it past either limit.
						this.liveSessions.touch(session.getId(), this.idleTimeout, absoluteUntil);
					}
					return chain.filter(exchange).thenReturn(Boolean.TRUE);
				})
				.switchIfEmpty(chain.filter(exchange).thenReturn(Boolean.TRUE))
				.then();
		});
	}

	private static Instant signedInAt(OidcUser user) {
		Instant issued = user.getIdToken() == null ? null : user.getIdToken().getIssuedAt();
		// Without an issue time the session cannot be proven young: treat it as expired.
		return issued == null ? Instant.EPOCH : issued;
	}

}
