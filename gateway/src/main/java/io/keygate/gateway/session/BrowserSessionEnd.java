package io.keygate.gateway.session;

import java.util.Objects;

import io.keygate.policy.decision.DenyReason;

/**
 * Ends a gateway browser session's live sessions (its WebSockets and streams) on this instance and
 * announces the end to the other instances, which hold the ones the same browser session opened
 * through them. Whoever signs a browser session out (logout, a back-channel logout token, the
 * absolute limit) calls this, never {@link LiveSessionRegistry#endBrowserSession} alone: in the
 * distributed mode a browser session is served by every instance, so ending it on one is not enough.
 */
public final class BrowserSessionEnd {

	/** Tells the other gateway instances that a browser session ended (nothing to tell in the embedded mode). */
	@FunctionalInterface
	public interface Announcement {

		/** This instance alone: the embedded mode. */
		Announcement NONE = browserSession -> {
		};

		void announce(String browserSession);

	}

	private final LiveSessionRegistry registry;

	private final Announcement others;

	public BrowserSessionEnd(LiveSessionRegistry registry, Announcement others) {
		this.registry = Objects.requireNonNull(registry, "registry cannot be null");
		this.others = Objects.requireNonNull(others, "others cannot be null");
	}

	/** Ends what {@code browserSession} opened here and tells the others; the number closed here. */
	public int end(String browserSession, DenyReason reason) {
		int closed = this.registry.endBrowserSession(browserSession, reason);
		if (browserSession != null && !browserSession.equals(SessionBinding.NO_BROWSER_SESSION)) {
			this.others.announce(browserSession);
		}
		return closed;
	}

}
