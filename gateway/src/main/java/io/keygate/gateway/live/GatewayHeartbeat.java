package io.keygate.gateway.live;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.gateway.session.LiveSessionRegistry;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.decision.DenyReason;
import io.keygate.policy.live.LiveSessionBoard;
import io.keygate.policy.live.LiveSessionReport;
import io.keygate.policy.live.SessionTermination;
import io.keygate.policy.presence.GatewayInstance;
import io.keygate.policy.presence.GatewayPresence;

/**
 * This gateway's heartbeat: on a fixed period it tells {@link GatewayPresence} it is alive and
 * reports its live sessions to the {@link LiveSessionBoard}; and it carries out the terminations
 * addressed to it, as they are published and again from the pending list on every beat (a message
 * missed while reconnecting is not lost). Everything runs on one thread of its own: store calls may
 * block, and neither the event loop nor Lettuce's I/O threads may wait on them.
 * <p>
 * A beat that fails (the store is down) is logged and retried on the next one; the live view shows
 * this gateway as silent meanwhile, which is the truth as far as anyone else can tell.
 */
public final class GatewayHeartbeat implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GatewayHeartbeat.class);

	private final GatewayInstance identity;

	private final GatewayPresence presence;

	private final LiveSessionBoard board;

	private final LiveSessionTracker tracker;

	private final LiveSessionRegistry registry;

	private final Clock clock;

	private final DecisionAudit audit;

	private final ScheduledExecutorService thread;

	private volatile AutoCloseable subscription;

	private volatile boolean failing;

	/** @param identity this process: its id, version and start (its heartbeat time is replaced on each beat) */
	public GatewayHeartbeat(GatewayInstance identity, GatewayPresence presence, LiveSessionBoard board,
			LiveSessionTracker tracker, LiveSessionRegistry registry, DecisionAudit audit, Clock clock) {
		this.audit = Objects.requireNonNull(audit, "audit cannot be null");
		this.identity = Objects.requireNonNull(identity, "identity cannot be null");
		this.presence = Objects.requireNonNull(presence, "presence cannot be null");
		this.board = Objects.requireNonNull(board, "board cannot be null");
		this.tracker = Objects.requireNonNull(tracker, "tracker cannot be null");
		this.registry = Objects.requireNonNull(registry, "registry cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread t = new Thread(runnable, "keygate-heartbeat-" + identity.id());
			t.setDaemon(true);
			return t;
		});
	}

	/** Beats now and then every {@code interval}. */
	public GatewayHeartbeat start(Duration interval) {
		this.thread.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
		return this;
	}

	public String instanceId() {
		return this.identity.id();
	}

	/** One heartbeat: presence, the live-session snapshot, and any termination not yet carried out. */
	void beat() {
		try {
			subscribe();
			this.presence.heartbeat(new GatewayInstance(this.identity.id(), this.identity.version(),
					this.identity.startedAt(), this.clock.instant()));
			for (SessionTermination termination : this.board.pendingTerminations(this.identity.id())) {
				apply(termination);
			}
			report();
			if (this.failing) {
				this.failing = false;
				log.info("Gateway {} heartbeats again", this.identity.id());
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				this.failing = true;
				log.warn("Gateway {} could not heartbeat ({}); the live view shows it as silent until it can", this.identity.id(),
						ex.getMessage());
			}
		}
	}

	private void report() {
		List<LiveSessionReport> sessions = this.tracker.snapshot(this.identity.id(), this.registry.openWebSocketsBySession());
		this.board.report(this.identity.id(), sessions);
	}

	private void subscribe() {
		if (this.subscription == null) {
			// Handed to our own thread: the message arrives on a store I/O thread (or an auth server request).
			this.subscription = this.board.onTermination(this.identity.id(), termination -> this.thread.execute(() -> {
				try {
					if (apply(termination)) {
						report();
					}
				}
				catch (RuntimeException ex) {
					log.warn("Reporting after terminating session {} failed: {}", termination.sessionId(), ex.getMessage());
				}
			}));
		}
	}

	/** Carries out a termination; true when it ended a session live here (false: already done, or not here). */
	private boolean apply(SessionTermination termination) {
		return this.tracker.terminate(termination.sessionId()).map(ended -> {
			int closed = this.registry.endSession(ended.browserSession(), ended.grantId(), DenyReason.SESSION_TERMINATED);
			recordClosed(termination, ended, closed);
			log.info("Terminated live session {} (grant {}) on request of {}: closed {} WebSocket(s)/response(s); its further"
					+ " requests are denied until the person signs in again", termination.sessionId(), ended.grantId(),
					termination.by(), closed);
			return true;
		}).orElse(false);
	}

	/**
	 * The gateway's half of a Terminate in the audit chain: when it took effect here and how long
	 * after it was asked for (the auth server audited the request itself), for the evidence pack.
	 */
	private void recordClosed(SessionTermination termination, LiveSessionTracker.Terminated ended, int closed) {
		java.time.Instant now = this.clock.instant();
		AuditEntry entry = AuditEntry.builder(AuditAction.SESSION_TERMINATED, now)
			.actor(termination.by())
			.organisation(ended.grant().organisation())
			.target(ended.grant().targetId())
			.grant(ended.grantId())
			.detail("subject", ended.grant().subject())
			.outcome("closed")
			.detail("gateway", this.identity.id())
			.detail("session", termination.sessionId())
			.detail("requestedAt", termination.at().toString())
			.detail("latencyMillis", Math.max(0, Duration.between(termination.at(), now).toMillis()))
			.detail("closedLive", closed)
			.build();
		this.audit.record(entry)
			.subscribe(null, ex -> log.error("Audit of terminated session {} failed", termination.sessionId(), ex));
	}

	@Override
	public void close() {
		this.thread.shutdownNow();
		AutoCloseable open = this.subscription;
		if (open != null) {
			try {
				open.close();
			}
			catch (Exception ex) {
				log.debug("Closing the termination subscription failed", ex);
			}
		}
	}

}
