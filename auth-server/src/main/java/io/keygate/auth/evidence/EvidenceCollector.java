package io.keygate.auth.evidence;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.keygate.auth.access.Rows;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.audit.checkpoint.AuditCheckpoints;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditChainVerifier;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.presence.GatewayPresence;

/**
 * Gathers an {@link EvidenceReport} from live state: the database (accounts, keys, grants,
 * requests, the audit chain), the gateway presence, the configuration and, when wired, the
 * firmware gate. Read-only.
 */
@Component
public final class EvidenceCollector {

	/** A gateway silent for longer than this is shown as not heartbeating. */
	static final Duration SILENT_AFTER = Duration.ofSeconds(30);

	/** A session with a request this recent counts as active now. */
	static final Duration RECENT = Duration.ofMinutes(15);

	/** The most gateway events one report reads per kind; beyond it the counts say "at least". */
	static final int MAX_EVENTS = 200_000;

	private static final List<String> TERMINATIONS = List.of(AuditAction.GRANT_REVOKED.action(),
			AuditAction.SUBJECT_REVOKED.action(), AuditAction.ORGANISATION_SUSPENDED.action(),
			AuditAction.SESSION_TERMINATED.action(), AuditAction.ACCOUNT_ACCESS_ENDED.action());

	private final JdbcClient jdbc;

	private final JdbcAuditLog audit;

	private final ObjectProvider<AuditCheckpoints> checkpoints;

	private final ObjectProvider<GatewayPresence> presence;

	private final ObjectProvider<FirmwareEvidence> firmware;

	private final TargetCatalog catalog;

	private final Environment environment;

	private final Clock clock;

	public EvidenceCollector(JdbcClient jdbc, JdbcAuditLog audit, ObjectProvider<AuditCheckpoints> checkpoints,
			ObjectProvider<GatewayPresence> presence, ObjectProvider<FirmwareEvidence> firmware, TargetCatalog catalog,
			Environment environment, Clock clock) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.checkpoints = checkpoints;
		this.presence = presence;
		this.firmware = firmware;
		this.catalog = catalog;
		this.environment = environment;
		this.clock = clock;
	}

	public EvidenceReport collect(Instant from, Instant to, String generatedBy) {
		Instant now = this.clock.instant();
		return new EvidenceReport(now, from, to, generatedBy,
				this.environment.getProperty("keygate.oidc.issuer", "(issuer not configured)"), gateways(now), tls(),
				authenticators(), syncedPasskeysRefused(from, to), grants(from, to), activeNow(now), recentSessions(now),
				sessions(from, to),
				terminations(from, to), firmware(from, to), chain(), checkpointRows());
	}

	private List<EvidenceReport.Gateway> gateways(Instant now) {
		GatewayPresence gateways = this.presence.getIfAvailable();
		if (gateways == null) {
			return null;
		}
		return gateways.instances()
			.stream()
			.map(g -> new EvidenceReport.Gateway(g.id(), g.version(), g.startedAt(), g.lastHeartbeat(),
					g.silentAt(now, SILENT_AFTER)))
			.toList();
	}

	/** Each hop's protection as configured; never a credential (user info is dropped from URLs). */
	private List<EvidenceReport.TlsHop> tls() {
		List<EvidenceReport.TlsHop> hops = new ArrayList<>();
		String issuer = this.environment.getProperty("keygate.oidc.issuer", "");
		hops.add(new EvidenceReport.TlsHop("browser → auth server (portal, OIDC)", endpoint(issuer), scheme(issuer),
				"keygate.oidc.issuer"));
		String gateway = this.environment.getProperty("keygate.gateway.public-url", "");
		hops.add(new EvidenceReport.TlsHop("browser → gateway", endpoint(gateway), scheme(gateway), "keygate.gateway.public-url"));
		boolean serverTls = this.environment.getProperty("server.ssl.enabled", Boolean.class, false);
		hops.add(new EvidenceReport.TlsHop("auth server listener", "server.port " + this.environment.getProperty("server.port", "8080"),
				serverTls ? "TLS terminated in process (server.ssl.*)"
						: "plain HTTP in process: TLS must be terminated in front (reverse proxy / ingress)",
				"server.ssl.enabled"));
		for (Target target : this.catalog.all()) {
			hops.add(new EvidenceReport.TlsHop("gateway → target " + target.id(), endpoint(target.upstream().toString()),
					scheme(target.upstream().toString()), "target catalogue"));
		}
		String database = this.environment.getProperty("spring.datasource.url", "");
		hops.add(new EvidenceReport.TlsHop("auth server → database", database.replaceAll("password=[^&;]*", "password=…"),
				database.startsWith("jdbc:h2:") ? "embedded H2 file (no network hop)"
						: database.matches(".*ssl(mode)?=(require|verify-ca|verify-full|true).*") ? "TLS (" + database.replaceAll(".*(ssl(mode)?=[a-z-]+).*", "$1") + ")"
								: "no TLS parameter in the JDBC URL",
				"spring.datasource.url"));
		String redis = this.environment.getProperty("keygate.grant-store.redis-url", "");
		if (!redis.isEmpty()) {
			hops.add(new EvidenceReport.TlsHop("auth server / gateways → Redis", endpoint(redis),
					redis.startsWith("rediss:") ? "TLS (rediss)" : "plain (redis:)", "keygate.grant-store.redis-url"));
		}
		return hops;
	}

	private static String endpoint(String url) {
		if (url.isEmpty()) {
			return "(not configured)";
		}
		try {
			URI uri = URI.create(url);
			return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
		}
		catch (IllegalArgumentException ex) {
			return "(unparseable)";
		}
	}

	private static String scheme(String url) {
		if (url.startsWith("https:") || url.startsWith("rediss:")) {
			return "TLS (" + url.substring(0, url.indexOf(':')) + ")";
		}
		return url.isEmpty() ? "(not configured)" : "plain HTTP as configured";
	}

	private List<EvidenceReport.Authenticator> authenticators() {
		return this.jdbc.sql("""
				select c.subject, u.organisation_id, c.label, c.aaguid, c.attestation_format, c.uv_initialized,
				  c.backup_eligible, c.created_at, c.last_used_at
				from webauthn_credentials c join users u on u.subject = c.subject order by c.subject, c.created_at""")
			.query((rs, row) -> new EvidenceReport.Authenticator(rs.getString("subject"), rs.getString("organisation_id"),
					roles(rs.getString("subject")), rs.getString("label"), rs.getString("aaguid"),
					rs.getString("attestation_format"), rs.getBoolean("uv_initialized"), rs.getBoolean("backup_eligible"),
					Rows.instant(rs, "created_at"), Rows.instant(rs, "last_used_at")))
			.list();
	}

	private String roles(String subject) {
		return String.join(" ",
				this.jdbc.sql("select role from user_roles where subject = ? order by role").param(subject).query(String.class).list());
	}

	private long syncedPasskeysRefused(Instant from, Instant to) {
		return this.jdbc.sql("select count(*) from audit_events where reason = 'BACKUP_ELIGIBLE' and at_epoch_second >= ? "
				+ "and at_epoch_second < ?").params(from.getEpochSecond(), to.getEpochSecond()).query(Long.class).single();
	}

	private static final String GRANTS = """
			select g.id, g.request_id, g.subject, g.organisation, g.target_id, g.level_name, g.not_before, g.not_after,
			  g.approvers, g.ended_at, g.ended_by, g.end_reason, r.requester, r.reason, r.ticket
			from grant_history g join access_request r on r.id = g.request_id""";

	private List<EvidenceReport.GrantRow> grants(Instant from, Instant to) {
		return this.jdbc.sql(GRANTS + " where g.issued_at >= ? and g.issued_at < ? order by g.issued_at")
			.params(Rows.at(from), Rows.at(to))
			.query((rs, row) -> grantRow(rs))
			.list();
	}

	private List<EvidenceReport.GrantRow> activeNow(Instant now) {
		return this.jdbc.sql(GRANTS + " where g.not_before <= ? and g.not_after > ? and g.ended_at is null order by g.not_after")
			.params(Rows.at(now), Rows.at(now))
			.query((rs, row) -> grantRow(rs))
			.list();
	}

	private static EvidenceReport.GrantRow grantRow(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new EvidenceReport.GrantRow(rs.getString("id"), rs.getString("request_id"), rs.getString("subject"),
				rs.getString("organisation"), rs.getString("target_id"), rs.getString("level_name"),
				Rows.instant(rs, "not_before"), Rows.instant(rs, "not_after"), rs.getString("requester"),
				rs.getString("approvers"), rs.getString("reason"), rs.getString("ticket"), Rows.instant(rs, "ended_at"),
				rs.getString("ended_by"), rs.getString("end_reason"));
	}

	private List<EvidenceReport.RecentSession> recentSessions(Instant now) {
		java.util.Map<String, EvidenceReport.RecentSession> sessions = new java.util.LinkedHashMap<>();
		for (AuditEvent event : this.audit.eventsBetween(AuditAction.ACCESS_COMPLETED.action(), now.minus(RECENT),
				now.plusSeconds(1), MAX_EVENTS)) {
			io.keygate.policy.audit.AuditEntry e = event.entry();
			String session = e.details().getOrDefault("session", "");
			if (session.isEmpty()) {
				continue;
			}
			EvidenceReport.RecentSession before = sessions.get(session);
			sessions.put(session, new EvidenceReport.RecentSession(session, e.actor(), e.organisation(), e.targetId(),
					e.grantId(), e.at(), before == null ? 1 : before.requests() + 1));
		}
		return List.copyOf(sessions.values());
	}

	private EvidenceReport.Sessions sessions(Instant from, Instant to) {
		long allowed = countDecisions("allow", from, to);
		long denied = countDecisions("deny", from, to);
		Set<String> sessions = new HashSet<>();
		Set<String> people = new HashSet<>();
		Set<String> grants = new HashSet<>();
		for (AuditEvent event : this.audit.eventsBetween(AuditAction.ACCESS_COMPLETED.action(), from, to, MAX_EVENTS)) {
			String session = event.entry().details().getOrDefault("session", "");
			if (!session.isEmpty()) {
				sessions.add(session);
			}
			people.add(event.entry().actor());
			grants.add(event.entry().grantId());
		}
		return new EvidenceReport.Sessions(allowed, denied, sessions.size(), people.size(), grants.size());
	}

	private long countDecisions(String outcome, Instant from, Instant to) {
		return this.jdbc.sql("select count(*) from audit_events where action = ? and outcome = ? and at_epoch_second >= ? "
				+ "and at_epoch_second < ?")
			.params(AuditAction.ACCESS_DECISION.action(), outcome, from.getEpochSecond(), to.getEpochSecond())
			.query(Long.class)
			.single();
	}

	/**
	 * Each ending of access in the period; {@code closeMillis} is how long after it the last
	 * response of an ended grant that was still in flight completed (the gateway cuts those on
	 * revocation), -1 when none was in flight.
	 */
	private List<EvidenceReport.Termination> terminations(Instant from, Instant to) {
		List<EvidenceReport.Termination> rows = new ArrayList<>();
		for (String action : TERMINATIONS) {
			for (AuditEvent event : this.audit.eventsBetween(action, from, to, MAX_EVENTS)) {
				Set<String> ended = new HashSet<>(Arrays.asList(event.entry().details().getOrDefault("grantIds", "").split(",")));
				if (!event.entry().grantId().isEmpty()) {
					ended.add(event.entry().grantId());
				}
				ended.remove("");
				String scope = event.entry().details().getOrDefault("scope", "")
						+ (event.entry().organisation().isEmpty() ? "" : " organisation " + event.entry().organisation())
						+ (event.entry().details().containsKey("key") ? " " + event.entry().details().get("key") : "");
				rows.add(new EvidenceReport.Termination(event.sequence(), event.entry().at(), action, event.entry().actor(),
						scope.strip(), event.entry().reason(), closeMillis(event.entry().at(), ended)));
			}
		}
		rows.sort(java.util.Comparator.comparingLong(EvidenceReport.Termination::sequence));
		return rows;
	}

	private long closeMillis(Instant at, Set<String> grants) {
		if (grants.isEmpty()) {
			return -1;
		}
		long latest = -1;
		for (AuditEvent completed : this.audit.eventsBetween(AuditAction.ACCESS_COMPLETED.action(), at, at.plusSeconds(60),
				MAX_EVENTS)) {
			if (grants.contains(completed.entry().grantId()) && !completed.entry().at().isBefore(at)) {
				latest = Math.max(latest, Duration.between(at, completed.entry().at()).toMillis());
			}
		}
		return latest;
	}

	private EvidenceReport.Firmware firmware(Instant from, Instant to) {
		FirmwareEvidence gate = this.firmware.getIfAvailable();
		return gate == null ? null : new EvidenceReport.Firmware(gate.allowList(), gate.holds(from, to));
	}

	private EvidenceReport.Chain chain() {
		AuditChainVerifier.Verification verification = this.audit.verify();
		JdbcAuditLog.Head head = this.audit.head();
		AuditCheckpoints signed = this.checkpoints.getIfAvailable();
		String checkpointStatus;
		if (signed == null) {
			checkpointStatus = "signed checkpoints are not configured (keygate.audit.checkpoint.*)";
		}
		else {
			AuditChainVerifier.Verification against = signed.verify();
			checkpointStatus = against.intact() ? "every exported checkpoint matches the chain (key " + signed.key().keyId() + ")"
					: "CHECKPOINT MISMATCH: " + against.problem();
		}
		return new EvidenceReport.Chain(verification.intact(), verification.eventsChecked(),
				verification.intact() ? "intact" : "BROKEN at event " + verification.firstBrokenSequence() + ": " + verification.problem(),
				head.lastSequence(), head.lastHash(), checkpointStatus);
	}

	private List<EvidenceReport.Checkpoint> checkpointRows() {
		AuditCheckpoints signed = this.checkpoints.getIfAvailable();
		if (signed == null) {
			return List.of();
		}
		List<io.keygate.policy.audit.AuditCheckpoint> all = signed.exported();
		// The newest hundred: each one covers everything before it.
		return all.subList(Math.max(0, all.size() - 100), all.size())
			.stream()
			.map(c -> new EvidenceReport.Checkpoint(c.block(), c.lastSequence(), c.hash(), c.at(), c.keyId()))
			.toList();
	}

}
