package io.keygate.auth.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.keygate.auth.web.RefusedException;
import io.keygate.policy.Names;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.live.LiveSessionBoard;
import io.keygate.policy.live.LiveSessionReport;
import io.keygate.policy.live.LiveStoreUnavailableException;
import io.keygate.policy.live.SessionTermination;
import io.keygate.policy.presence.GatewayInstance;
import io.keygate.policy.presence.GatewayPresence;

/**
 * What the live view shows and the one action it takes. Staff (approvers, security admins) see
 * every session on every gateway and every gateway's heartbeat; a vendor engineer sees only their
 * own sessions, with the time left on each grant and the warning due. Terminate ends one session
 * on the gateway that holds it, never the grant, and is audited ({@code session.terminated}).
 */
@Component
public final class LiveView {

	private static final Logger log = LoggerFactory.getLogger(LiveView.class);

	/** A gateway as the live view shows it. */
	public record GatewayRow(String id, String version, Instant startedAt, Instant lastHeartbeat, boolean silent) {
	}

	/** A session as the live view shows it; {@code gatewaySilent}: as last reported by a gateway that went silent. */
	public record SessionRow(String id, String gateway, boolean gatewaySilent, String subject, String organisation,
			String targetId, String grantId, String clientAddress, Instant started, Instant lastRequest, long requests,
			long bytes, int openWebSockets, Instant notAfter, long secondsLeft, Long warningMinutes) {
	}

	/** The staff view: every gateway and every session. */
	public record Everything(Instant now, long silentAfterSeconds, List<GatewayRow> gateways, List<SessionRow> sessions) {
	}

	/** The vendor's view: their own sessions only. */
	public record Mine(Instant now, List<SessionRow> sessions) {
	}

	private final LiveSessionBoard board;

	private final GatewayPresence presence;

	private final AuditLog audit;

	private final LiveProperties properties;

	private final Clock clock;

	public LiveView(LiveSessionBoard board, GatewayPresence presence, AuditLog audit, LiveProperties properties, Clock clock) {
		this.board = Objects.requireNonNull(board, "board cannot be null");
		this.presence = Objects.requireNonNull(presence, "presence cannot be null");
		this.audit = Objects.requireNonNull(audit, "audit cannot be null");
		this.properties = Objects.requireNonNull(properties, "properties cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	public Everything everything(Actor actor) {
		requireStaff(actor);
		Instant now = this.clock.instant();
		Map<String, GatewayRow> gateways = gateways(now);
		List<SessionRow> sessions = read(this.board::sessions).stream().map(s -> row(s, gateways, now)).toList();
		return new Everything(now, this.properties.silentAfter().toSeconds(), List.copyOf(gateways.values()), sessions);
	}

	public Mine mine(Actor actor) {
		Instant now = this.clock.instant();
		Map<String, GatewayRow> gateways = gateways(now);
		List<SessionRow> sessions = read(this.board::sessions).stream()
			.filter(s -> s.subject().equals(actor.subject()))
			.map(s -> row(s, gateways, now))
			.toList();
		return new Mine(now, sessions);
	}

	/** Ends one live session on its gateway; returns the row that was terminated. */
	public SessionRow terminate(Actor actor, String gateway, String sessionId, String clientAddress) {
		requireStaff(actor);
		if (!Names.isToken(gateway) || !Names.isToken(sessionId)) {
			throw new RefusedException(LiveRefusal.INVALID_INPUT, "bad gateway or session id");
		}
		Instant now = this.clock.instant();
		Map<String, GatewayRow> gateways = gateways(now);
		SessionRow session = read(this.board::sessions).stream()
			.filter(s -> s.gatewayInstance().equals(gateway) && s.id().equals(sessionId))
			.findFirst()
			.map(s -> row(s, gateways, now))
			.orElseThrow(() -> new RefusedException(LiveRefusal.NOT_FOUND, "no live session " + sessionId + " on " + gateway));
		if (session.gatewaySilent()) {
			throw new RefusedException(LiveRefusal.GATEWAY_SILENT, "gateway " + gateway + " is silent");
		}
		AuditEntry.Builder entry = AuditEntry.builder(AuditAction.SESSION_TERMINATED, now)
			.actor(actor.subject())
			.organisation(session.organisation())
			.target(session.targetId())
			.grant(session.grantId())
			.clientAddress(clientAddress)
			.severity(Severity.WARNING)
			.detail("subject", session.subject())
			.detail("gateway", gateway)
			.detail("session", sessionId)
			.detail("sessionClientAddress", session.clientAddress())
			.detail("sessionStarted", session.started().toString());
		// Recorded before it is sent: nothing happens that the chain does not hold.
		this.audit.append(entry.outcome("terminated").build());
		try {
			this.board.terminate(new SessionTermination(gateway, sessionId, actor.subject(), now));
		}
		catch (LiveStoreUnavailableException ex) {
			this.audit.append(entry.outcome("failed").detail("failure", "store unavailable").build());
			throw new RefusedException(LiveRefusal.STORE_UNAVAILABLE, "terminate " + sessionId + ": " + ex.getMessage(), ex);
		}
		log.info("{} terminated live session {} of {} on gateway {} (grant {})", actor.subject(), sessionId, session.subject(),
				gateway, session.grantId());
		return session;
	}

	private Map<String, GatewayRow> gateways(Instant now) {
		Duration bound = this.properties.silentAfter();
		return read(this.presence::instances).stream()
			.map(i -> new GatewayRow(i.id(), i.version(), i.startedAt(), i.lastHeartbeat(), i.silentAt(now, bound)))
			.collect(Collectors.toMap(GatewayRow::id, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
	}

	private SessionRow row(LiveSessionReport s, Map<String, GatewayRow> gateways, Instant now) {
		GatewayRow gateway = gateways.get(s.gatewayInstance());
		Duration left = s.timeLeftAt(now);
		Duration warning = this.properties.warningFor(left);
		return new SessionRow(s.id(), s.gatewayInstance(), gateway == null || gateway.silent(), s.subject(), s.organisation(),
				s.targetId(), s.grantId(), s.clientAddress(), s.started(), s.lastRequest(), s.requests(), s.bytes(),
				s.openWebSockets(), s.grantNotAfter(), left.toSeconds(), warning == null ? null : warning.toMinutes());
	}

	private static void requireStaff(Actor actor) {
		if (!actor.hasRole(Role.APPROVER) && !actor.hasRole(Role.SECURITY_ADMIN)) {
			throw new RefusedException(LiveRefusal.NOT_ALLOWED, actor.subject() + " is not staff");
		}
	}

	private static <T> List<T> read(java.util.function.Supplier<List<T>> reader) {
		try {
			return reader.get();
		}
		catch (LiveStoreUnavailableException ex) {
			throw new RefusedException(LiveRefusal.STORE_UNAVAILABLE, ex.getMessage(), ex);
		}
	}

}
