package io.keygate.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import reactor.core.scheduler.Scheduler;

/**
 * Every live session this gateway instance holds open, by grant. A grant's sessions end when it
 * is revoked (on the revocation feed), when its organisation is suspended, when the feed that
 * would tell us about revocations is lost, and at its {@code notAfter} (a timer per grant plus a
 * periodic sweep, so that a missed timer cannot keep a session alive).
 */
public final class LiveSessionRegistry implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LiveSessionRegistry.class);

	private final Map<String, Set<LiveSession>> byGrant = new ConcurrentHashMap<>();

	private final Map<String, Disposable> expiryTimers = new ConcurrentHashMap<>();

	private final Clock clock;

	private final Scheduler scheduler;

	private final Disposable sweeper;

	public LiveSessionRegistry(Clock clock, Scheduler scheduler, Duration sweepInterval) {
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler cannot be null");
		this.sweeper = scheduler.schedulePeriodically(this::endExpired, sweepInterval.toMillis(), sweepInterval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/** Registers {@code session}; close the returned handle when the session ends by itself. */
	public AutoCloseable register(LiveSession session) {
		Grant grant = session.grant();
		this.byGrant.computeIfAbsent(grant.id(), id -> ConcurrentHashMap.newKeySet()).add(session);
		this.expiryTimers.computeIfAbsent(grant.id(), id -> {
			long delay = Math.max(0, Duration.between(this.clock.instant(), grant.notAfter()).toMillis());
			return this.scheduler.schedule(this::endExpired, delay, TimeUnit.MILLISECONDS);
		});
		// A grant that ended between the decision and this registration must not leave an orphan.
		if (!this.clock.instant().isBefore(grant.notAfter())) {
			endWhere(g -> g.id().equals(grant.id()), DenyReason.EXPIRED);
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
		return endWhere(grant -> ids.contains(grant.id()), reason);
	}

	public int endSubject(String subject, DenyReason reason) {
		return endWhere(grant -> grant.subject().equals(subject), reason);
	}

	public int endOrganisation(String organisation, DenyReason reason) {
		return endWhere(grant -> grant.organisation().equals(organisation), reason);
	}

	public int endAll(DenyReason reason) {
		return endWhere(grant -> true, reason);
	}

	/** Ends every session whose grant's window is over. */
	public int endExpired() {
		Instant now = this.clock.instant();
		return endWhere(grant -> !now.isBefore(grant.notAfter()), DenyReason.EXPIRED);
	}

	private int endWhere(Predicate<Grant> which, DenyReason reason) {
		List<LiveSession> ending = new ArrayList<>();
		for (Set<LiveSession> sessions : this.byGrant.values()) {
			for (LiveSession session : sessions) {
				if (which.test(session.grant())) {
					ending.add(session);
				}
			}
		}
		for (LiveSession session : ending) {
			try {
				session.end(reason);
			}
			catch (RuntimeException ex) {
				// One session that fails to close must not keep the others open.
				log.error("Could not end live session of grant {}", session.grant().id(), ex);
			}
			unregister(session);
		}
		return ending.size();
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
