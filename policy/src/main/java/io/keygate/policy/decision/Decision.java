package io.keygate.policy.decision;

import java.util.Objects;

import io.keygate.policy.grant.Grant;

/** The outcome of {@link AccessPolicy#decide}: allow with the grant that allowed it, or deny with a reason. */
public sealed interface Decision permits Decision.Allow, Decision.Deny {

	boolean allowed();

	/**
	 * Allowed by {@code grant}; {@code path} is the normalised path that was checked, which is
	 * the only path that may be forwarded.
	 */
	record Allow(Grant grant, String path) implements Decision {
		public Allow {
			Objects.requireNonNull(grant, "grant cannot be null");
			Objects.requireNonNull(path, "path cannot be null");
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
