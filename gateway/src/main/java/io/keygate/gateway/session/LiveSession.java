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

	/** Ends the session now; idempotent. The client is told {@code reason.message()}. */
	void end(DenyReason reason);

}
