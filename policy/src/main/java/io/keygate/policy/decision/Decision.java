package io.keygate.policy.decision;

import java.util.Objects;

import io.keygate.policy.catalog.WebSocketMode;
import io.keygate.policy.grant.Grant;

/** The outcome of {@link AccessPolicy#decide}: allow with the grant that allowed it, or deny with a reason. */
public sealed interface Decision permits Decision.Allow, Decision.Deny {

	boolean allowed();

	/**
	 * Allowed by {@code grant}; {@code path} is the normalised path that was checked, which is
	 * the only path that may be forwarded; {@code webSocket} is how a WebSocket it admits may be used
	 * ({@code NONE} for anything that is not a handshake).
	 */
	record Allow(Grant grant, String path, WebSocketMode webSocket) implements Decision {
		public Allow {
			Objects.requireNonNull(grant, "grant cannot be null");
			Objects.requireNonNull(path, "path cannot be null");
			Objects.requireNonNull(webSocket, "webSocket cannot be null");
		}

		/** An allow that is not a WebSocket handshake. */
		public Allow(Grant grant, String path) {
			this(grant, path, WebSocketMode.NONE);
		}

		@Override
		public boolean allowed() {
			return true;
		}
	}

	/**
	 * Denied for {@code reason}. {@code detail} is for the log and audit trail only; clients get
	 * {@link DenyReason#message()}. {@code grantId} names the grant involved, when there was one.
	 */
	record Deny(DenyReason reason, String detail, String grantId) implements Decision {
		public Deny {
			Objects.requireNonNull(reason, "reason cannot be null");
			Objects.requireNonNull(detail, "detail cannot be null");
		}

		public Deny(DenyReason reason, String detail) {
			this(reason, detail, null);
		}

		@Override
		public boolean allowed() {
			return false;
		}
	}

}
