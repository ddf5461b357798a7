package io.keygate.policy.grant;

/**
 * Receives revocations and the health of the feed that carries them. A consumer that caches
 * must stop trusting its cache on {@link #feedLost()}: events published while the feed is down
 * are never delivered.
 */
public interface RevocationListener {

	void revoked(RevocationEvent event);

	/** The feed is down; revocations may be missed until {@link #feedRestored()}. */
	default void feedLost() {
	}

	/** The feed is up again and subscribed; nothing published from now on is missed. */
	default void feedRestored() {
	}

	/**
	 * Something arrived on the feed that could not be trusted (e.g. a revocation message whose MAC
	 * does not verify): a cache forgets what it holds and reads the store again. Nothing more, on
	 * purpose: whoever can publish to the feed must not be able to end sessions or stop decisions.
	 */
	default void reread() {
	}

}
