package io.keygate.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.policy.decision.DenyReason;
import io.keygate.policy.grant.Grant;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Every live session this gateway instance holds open, by grant. A grant's sessions end when it
 * is revoked (on the revocation feed), when its organisation is suspended, when the feed that
 * would tell us about revocations is lost, and at its {@code notAfter} (a timer per grant plus a
 * periodic sweep, so that a missed timer cannot keep a session alive). A session also ends with
 * the gateway browser session that opened it: on logout, on a sign-out at the portal, and when
 * that browser session passes its idle or absolute limit ({@link #touch}).
 * <p>
 * <b>Registration race.</b> A live session is registered after its decision was made and audited;
 * a revocation published in between would find nothing to close. So every "end" that is not
 * plain expiry is also remembered as a numbered end event, and {@link #register} is given the
 * number read before the grant was looked up: if an event after it matches the new session, the
 * session is ended at once. Adding the session and checking the events happen under the same lock
 * as recording an event and collecting the sessions it ends, so one of the two always sees the
 * other. The near cache evicts a revoked grant before this registry hears of the revocation (it
 * subscribed first), so a lookup that starts after the number was read cannot return the stale
 * grant unseen.
 */
public final class LiveSessionRegistry implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LiveSessionRegistry.class);

	/**
	 * End events kept for late registrations. Far more than can happen between one decision and its
	 * registration; when a registration is older than the oldest kept event it is ended (fail closed).
	 */
	static final int KEPT_END_EVENTS = 4096;

	private record EndEvent(long number, Predicate<LiveSession> which, DenyReason reason) {
	}

	/** Until when a browser session may keep what it opened: its idle and absolute limits. */
	private record Deadline(Instant idleUntil, Instant absoluteUntil) {

		boolean passed(Instant now) {
			return !now.isBefore(this.idleUntil) || !now.isBefore(this.absoluteUntil);
		}

		boolean absolutePassed(Instant now) {
			return !now.isBefore(this.absoluteUntil);
		}

	}

	private final Map<String, Set<LiveSession>> byGrant = new ConcurrentHashMap<>();

	private final Map<String, Disposable> expiryTimers = new ConcurrentHashMap<>();

	private final Map<String, Deadline> browserDeadlines = new ConcurrentHashMap<>();

	/** Guards {@link #endEvents}, {@link #endEventCount} and the add-then-check of a registration. */
	private final Object lock = new Object();

	private final ArrayDeque<EndEvent> endEvents = new ArrayDeque<>();

	private long endEventCount;

	private final Clock clock;

	private final Scheduler scheduler;

	private final Disposable sweeper;

	/** Where a passed idle limit is checked again before it ends anything; none in the embedded mode. */
	private volatile IdleRenewal idleRenewal;

	/**
	 * Another instance may have served the browser session's requests since this one last saw one
	 * (the distributed mode shares browser sessions): asked when the idle limit this instance knows
	 * has passed, it answers until when the browser session is really idle-valid, or nothing (or an
	 * error) when it has ended, and only then are its live sessions here ended.
	 */
	@FunctionalInterface
	public interface IdleRenewal {

		Mono<Instant> idleUntil(String browserSession);

	}

	public LiveSessionRegistry(Clock clock, Scheduler scheduler, Duration sweepInterval) {
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler cannot be null");
		this.sweeper = scheduler.schedulePeriodically(this::endExpired, sweepInterval.toMillis(), sweepInterval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/** How many end events (revocations, suspensions, feed losses, sign-outs) this registry has seen. */
	public long endEvents() {
		synchronized (this.lock) {
			return this.endEventCount;
		}
	}

	/**
	 * Registers {@code session}; close the returned handle when the session ends by itself.
	 *
	 * @param endEventsBeforeDecision {@link #endEvents()} as read before the grant that allowed the
	 * session was looked up: any end event after it that matches the session ends it now
	 */
	public AutoCloseable register(LiveSession session, long endEventsBeforeDecision) {
		Grant grant = session.grant();
		EndEvent missed = null;
		synchronized (this.lock) {
			this.byGrant.computeIfAbsent(grant.id(), id -> ConcurrentHashMap.newKeySet()).add(session);
			long oldestKept = this.endEvents.isEmpty() ? this.endEventCount + 1 : this.endEvents.peekFirst().number();
			if (endEventsBeforeDecision + 1 < oldestKept && endEventsBeforeDecision < this.endEventCount) {
				missed = new EndEvent(this.endEventCount, s -> true, DenyReason.STORE_UNAVAILABLE);
			}
			else {
				// Newest first, stopping at the decision: usually there is nothing to look at.
				for (Iterator<EndEvent> it = this.endEvents.descendingIterator(); it.hasNext();) {
					EndEvent event = it.next();
					if (event.number() <= endEventsBeforeDecision) {
						break;
					}
					if (event.which().test(session)) {
						missed = event;
						break;
					}
				}
			}
		}
		this.expiryTimers.computeIfAbsent(grant.id(), id -> {
			long delay = Math.max(0, Duration.between(this.clock.instant(), grant.notAfter()).toMillis());
			return this.scheduler.schedule(this::endExpired, delay, TimeUnit.MILLISECONDS);
		});
		if (missed != null) {
			log.info("Live session of grant {} ended as it registered: {} (end event {}) came after its decision",
					grant.id(), missed.reason(), missed.number());
			endOne(session, missed.reason());
		}
		// A grant that ended between the decision and this registration must not leave an orphan.
		else if (!this.clock.instant().isBefore(grant.notAfter())) {
			endWhere(s -> s.grant().id().equals(grant.id()), DenyReason.EXPIRED, false);
		}
		return () -> unregister(session);
	}

	private void unregister(LiveSession session) {
		this.byGrant.computeIfPresent(session.grant().id(), (id, sessions) -> {
			sessions.remove(session);
			if (sessions.isEmpty()) {
				Disposable timer = this.expiryTimers.remove(id);
				if (timer != null) {
					timer.dispose();
				}
				return null;
			}
			return sessions;
		});
	}

	/** Ends the sessions of the listed grants. */
	public int endGrants(List<String> grantIds, DenyReason reason) {
		Set<String> ids = Set.copyOf(grantIds);
		return endWhere(session -> ids.contains(session.grant().id()), reason, true);
	}

	public int endSubject(String subject, DenyReason reason) {
		return endWhere(session -> session.grant().subject().equals(subject), reason, true);
	}

	public int endOrganisation(String organisation, DenyReason reason) {
		return endWhere(session -> session.grant().organisation().equals(organisation), reason, true);
	}

	public int endAll(DenyReason reason) {
		return endWhere(session -> true, reason, true);
	}

	/**
	 * Ends everything the gateway browser session {@code browserSession} opened (it was logged out,
	 * signed out at the portal, or timed out) and forgets its limits.
	 */
	public int endBrowserSession(String browserSession, DenyReason reason) {
		if (browserSession == null || browserSession.equals(SessionBinding.NO_BROWSER_SESSION)) {
			return 0;
		}
		this.browserDeadlines.remove(browserSession);
		return endWhere(session -> session.browserSession().equals(browserSession), reason, true);
	}

	/**
	 * Ends what one live session holds open (its WebSockets and streaming responses): the gateway
	 * browser session {@code browserSession} on grant {@code grantId}. Other grants of that browser
	 * session, and other sessions of that grant, stay open (a Terminate in the live view).
	 */
	public int endSession(String browserSession, String grantId, DenyReason reason) {
		return endWhere(session -> session.browserSession().equals(browserSession) && session.grant().id().equals(grantId),
				reason, true);
	}

	/** Open WebSockets by live session ({@code browserSession + "|" + grantId}), for the live view. */
	public Map<String, Integer> openWebSocketsBySession() {
		Map<String, Integer> open = new java.util.HashMap<>();
		for (Set<LiveSession> sessions : this.byGrant.values()) {
			for (LiveSession session : sessions) {
				if (session.kind() == LiveSession.Kind.WEBSOCKET) {
					open.merge(session.browserSession() + "|" + session.grant().id(), 1, Integer::sum);
				}
			}
		}
		return open;
	}

	/**
	 * Notes a signed-in browser session's current limits, on each of its requests: its live
	 * sessions end at whichever comes first, the idle limit (renewed by this call) or the absolute one.
	 * WebSocket frames are not requests of the browser session, so they do not renew it.
	 */
	public void touch(String browserSession, Duration idleTimeout, Instant absoluteUntil) {
		if (browserSession == null || browserSession.equals(SessionBinding.NO_BROWSER_SESSION)) {
			return;
		}
		this.browserDeadlines.put(browserSession, new Deadline(this.clock.instant().plus(idleTimeout), absoluteUntil));
	}

	/** Sets where a passed idle limit is checked again (the distributed mode's shared sessions). */
	public void renewIdleFrom(IdleRenewal renewal) {
		this.idleRenewal = Objects.requireNonNull(renewal, "renewal cannot be null");
	}

	/** Ends every session whose grant's window is over, or whose browser session passed a limit. */
	public int endExpired() {
		Instant now = this.clock.instant();
		int ended = endWhere(session -> !now.isBefore(session.grant().notAfter()), DenyReason.EXPIRED, false);
		IdleRenewal renewal = this.idleRenewal;
		for (Iterator<Map.Entry<String, Deadline>> it = this.browserDeadlines.entrySet().iterator(); it.hasNext();) {
			Map.Entry<String, Deadline> entry = it.next();
			Deadline deadline = entry.getValue();
			if (deadline.passed(now)) {
				it.remove();
				String id = entry.getKey();
				if (renewal != null && !deadline.absolutePassed(now)) {
					renewOrEnd(renewal, id, deadline);
					continue;
				}
				ended += endBrowserSessionNow(id);
			}
		}
		return ended;
	}

	private void renewOrEnd(IdleRenewal renewal, String browserSession, Deadline deadline) {
		renewal.idleUntil(browserSession)
			.filter(until -> until.isAfter(this.clock.instant()))
			.map(until -> new Deadline(until, deadline.absoluteUntil()))
			.subscribe(renewed -> this.browserDeadlines.merge(browserSession, renewed,
					(touched, mine) -> touched.idleUntil().isAfter(mine.idleUntil()) ? touched : mine),
					ex -> {
						// Cannot tell whether it is still in use: fail closed.
						log.warn("Could not check the idle limit of a browser session elsewhere ({}): ending its live sessions",
								ex.toString());
						endBrowserSessionNow(browserSession);
					}, () -> {
						if (!this.browserDeadlines.containsKey(browserSession)) {
							endBrowserSessionNow(browserSession);
						}
					});
	}

	private int endBrowserSessionNow(String browserSession) {
		return endWhere(session -> session.browserSession().equals(browserSession), DenyReason.SIGNED_OUT, true);
	}

	private int endWhere(Predicate<LiveSession> which, DenyReason reason, boolean remember) {
		List<LiveSession> ending = new ArrayList<>();
		synchronized (this.lock) {
			if (remember) {
				this.endEventCount++;
				this.endEvents.addLast(new EndEvent(this.endEventCount, which, reason));
				while (this.endEvents.size() > KEPT_END_EVENTS) {
					this.endEvents.removeFirst();
				}
			}
			for (Set<LiveSession> sessions : this.byGrant.values()) {
				for (LiveSession session : sessions) {
					if (which.test(session)) {
						ending.add(session);
					}
				}
			}
		}
		for (LiveSession session : ending) {
			endOne(session, reason);
		}
		return ending.size();
	}

	private void endOne(LiveSession session, DenyReason reason) {
		try {
			session.end(reason);
		}
		catch (RuntimeException ex) {
			// One session that fails to close must not keep the others open.
			log.error("Could not end live session of grant {}", session.grant().id(), ex);
		}
		unregister(session);
	}

	/** How many sessions are open now, of one kind. */
	public int count(LiveSession.Kind kind) {
		int count = 0;
		for (Set<LiveSession> sessions : this.byGrant.values()) {
			for (LiveSession session : sessions) {
				if (session.kind() == kind) {
					count++;
				}
			}
		}
		return count;
	}

	@Override
	public void close() {
		this.sweeper.dispose();
		this.expiryTimers.values().forEach(Disposable::dispose);
	}

}
