package io.keygate.auth.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one evidence pack shows, gathered from live state at {@code generatedAt} for the
 * period {@code [from, to)}. Values only: the renderers ({@link EvidenceHtml}, {@link EvidenceCsv},
 * {@link EvidenceJson}) turn it into files.
 *
 * @param gateways the gateway instances as they last reported; {@code null} when this deployment
 * has no gateway presence to read (shown as "not reported", never as "none")
 * @param firmware {@code null} when no firmware gate reported its allow-list here
 */
public record EvidenceReport(Instant generatedAt, Instant from, Instant to, String generatedBy, String installation,
		List<Gateway> gateways, List<TlsHop> tls, List<Authenticator> authenticators, long syncedPasskeysRefused,
		List<GrantRow> grants, List<GrantRow> activeNow, List<RecentSession> recentSessions, Sessions sessions, List<Termination> terminations,
		Firmware firmware, Chain chain, List<Checkpoint> checkpoints) {

	public EvidenceReport {
		Objects.requireNonNull(generatedAt, "generatedAt cannot be null");
		Objects.requireNonNull(from, "from cannot be null");
		Objects.requireNonNull(to, "to cannot be null");
		gateways = gateways == null ? null : List.copyOf(gateways);
		tls = List.copyOf(tls);
		authenticators = List.copyOf(authenticators);
		grants = List.copyOf(grants);
		activeNow = List.copyOf(activeNow);
		recentSessions = List.copyOf(recentSessions);
		terminations = List.copyOf(terminations);
		checkpoints = List.copyOf(checkpoints);
	}

	public record Gateway(String id, String version, Instant startedAt, Instant lastHeartbeat, boolean silent) {
	}

	/** One hop and its transport security as configured ({@code source} names the setting read). */
	public record TlsHop(String hop, String endpoint, String protection, String source) {
	}

	/** One registered key; no secret and no password exists to show. */
	public record Authenticator(String subject, String organisation, String roles, String label, String aaguid,
			String attestationFormat, boolean userVerification, boolean backupEligible, Instant registeredAt,
			Instant lastUsedAt) {
	}

	public record GrantRow(String grantId, String requestId, String subject, String organisation, String target,
			String level, Instant notBefore, Instant notAfter, String requester, String approvers, String reason,
			String ticket, Instant endedAt, String endedBy, String endReason) {
	}

	/**
	 * A gateway browser session with a request in the last minutes before the report (from the
	 * audit chain, so it covers every gateway, reporting or not): who, where, under which grant.
	 */
	public record RecentSession(String session, String subject, String organisation, String target, String grant,
			Instant lastRequest, long requests) {
	}

	/**
	 * Gateway traffic in the period, from the audit chain: requests allowed and denied, distinct
	 * browser sessions (by their hashed id) and the people and grants behind them.
	 */
	public record Sessions(long allowed, long denied, long distinctSessions, long distinctPeople, long distinctGrants) {
	}

	/**
	 * One ending of access by a person: what was done, by whom, when, and how long until a gateway
	 * reported a live session of that grant closed ({@code closeMillis}, -1 when none was open).
	 */
	public record Termination(long sequence, Instant at, String action, String actor, String scope, String reason,
			long closeMillis) {
	}

	public record Firmware(List<FirmwareEvidence.AllowedImage> allowList, List<FirmwareEvidence.Hold> holds) {

		public Firmware {
			allowList = List.copyOf(allowList);
			holds = List.copyOf(holds);
		}

	}

	public record Chain(boolean intact, long eventsChecked, String status, long lastSequence, String lastBlockHash,
			String checkpointStatus) {
	}

	public record Checkpoint(long block, long lastSequence, String hash, Instant at, String keyId) {
	}

}
