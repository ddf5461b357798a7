package io.keygate.gateway.session;

import io.keygate.policy.decision.DenyReason;
import io.keygate.policy.grant.Grant;

/** A long-lived thing a grant keeps open: a proxied WebSocket or an in-flight (streaming) response. */
public interface LiveSession {

	enum Kind {
		WEBSOCKET, HTTP
	}

	Grant grant();

	Kind kind();

	/**
	 * The id of the gateway's own browser session that opened it, or {@link SessionBinding#NO_BROWSER_SESSION}
	 * when the request carried none: logout and the session's timeouts end what it opened.
	 */
	String browserSession();

	/** Ends the session now; idempotent. The client is told {@code reason.message()}. */
	void end(DenyReason reason);

}
