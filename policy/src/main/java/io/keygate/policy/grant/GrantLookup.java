package io.keygate.policy.grant;

import java.util.Objects;

/**
 * What the grant store says about one (subject, target) pair, read in one atomic step. A lookup
 * never throws: a store that cannot answer says {@link Unavailable}, and the decision denies.
 */
public sealed interface GrantLookup
		permits GrantLookup.Live, GrantLookup.Revoked, GrantLookup.Absent, GrantLookup.Suspended, GrantLookup.Unavailable {

	/** A grant is stored. Whether it is inside its window is for the decision to check, not the store. */
	record Live(Grant grant) implements GrantLookup {
		public Live {
			Objects.requireNonNull(grant, "grant cannot be null");
		}
	}

	/** The pair's last grant was revoked before it ran out. */
	record Revoked(String grantId, String reason) implements GrantLookup {

		/**
		 * The reason the auth server stores when the holder ends their own grant. Only the auth
		 * server writes to the store, so the text is trusted to mean just that.
		 */
		public static final String ENDED_BY_HOLDER = "ended by holder";

		public boolean endedByHolder() {
			return ENDED_BY_HOLDER.equals(this.reason);
		}

		public Revoked {
			Objects.requireNonNull(grantId, "grantId cannot be null");
			Objects.requireNonNull(reason, "reason cannot be null");
		}
	}

	/** No grant for the pair. */
	record Absent() implements GrantLookup {
	}

	/** The organisation is suspended; nothing it holds counts. */
	record Suspended(String organisation) implements GrantLookup {
		public Suspended {
			Objects.requireNonNull(organisation, "organisation cannot be null");
		}
	}

	/** The store could not answer; {@code detail} is for the log, never for the client. */
	record Unavailable(String detail) implements GrantLookup {
		public Unavailable {
			Objects.requireNonNull(detail, "detail cannot be null");
		}
	}

}
