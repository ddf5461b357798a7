package io.keygate.gateway.session;

import java.util.Objects;

import org.springframework.web.server.ServerWebExchange;

/**
 * What the access filter notes on an allowed exchange for the live session it may open: the
 * gateway browser session it belongs to, and the registry's end-event count read <em>before</em>
 * the grant was looked up. Registering with that count lets the registry end a session whose grant
 * was revoked between the decision and the registration (see {@link LiveSessionRegistry#register}).
 */
public record SessionBinding(String browserSession, long endEventsBeforeDecision) {

	public static final String ATTRIBUTE = SessionBinding.class.getName();

	/** A request without a started gateway session (a bearer client, a test sign-in). */
	public static final String NO_BROWSER_SESSION = "";

	public SessionBinding {
		Objects.requireNonNull(browserSession, "browserSession cannot be null");
	}

	public static SessionBinding of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

}
