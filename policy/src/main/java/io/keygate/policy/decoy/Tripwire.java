package io.keygate.policy.decoy;

import java.time.Instant;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.decision.DenyReason;
import io.keygate.policy.detection.AlertingEventDetector;

/**
 * The audit entry of a decoy touch or a honeytoken presented, one spelling for the gateway and the
 * auth server: a CRITICAL denied decision that carries the alert convention's keys, so that the
 * detection runner raises the alert and cuts the person off (see {@code io.keygate.auth.alert}).
 */
public final class Tripwire {

	/** Detail naming the honeytoken presented. */
	public static final String HONEYTOKEN_ID = "honeytoken.id";

	/** Detail: whether the response should also suspend the person's organisation (a catalogue setting). */
	public static final String SUSPEND_ORGANISATION = "decoy.suspend-organisation";

	/** ATT&CK T1021 (Remote Services): someone moving laterally, reaching for systems they were not given. */
	public static final String DECOY_TECHNIQUE = "T1021";

	/** ATT&CK T1078 (Valid Accounts): a credential nobody legitimate would use. */
	public static final String HONEYTOKEN_TECHNIQUE = "T1078";

	private Tripwire() {
	}

	/** A decoy target touched (by {@code subject}, or by nobody signed in when empty). */
	public static AuditEntry.Builder decoy(Instant at, String subject, String organisation, String targetId,
			boolean suspendOrganisation) {
		String who = subject.isEmpty() ? "Someone not signed in" : subject + " (" + organisation + ")";
		return AuditEntry.builder(AuditAction.ACCESS_DECISION, at)
			.actor(subject)
			.organisation(organisation)
			.target(targetId)
			.outcome("deny")
			.reason(DenyReason.DECOY.name())
			.severity(Severity.CRITICAL)
			.detail(AlertingEventDetector.EXPLANATION,
					who + " reached for decoy target " + targetId + ", which no one is ever granted: treat as an intruder.")
			.detail(AlertingEventDetector.TECHNIQUE, DECOY_TECHNIQUE)
			.detail(SUSPEND_ORGANISATION, suspendOrganisation);
	}

	/** A honeytoken presented (at {@code targetId}, or at the auth server when empty). */
	public static AuditEntry.Builder honeytoken(Instant at, String subject, String organisation, String targetId,
			String tokenId) {
		String who = subject.isEmpty() ? "Someone not signed in" : subject + " (" + organisation + ")";
		String where = targetId.isEmpty() ? "the auth server" : "target " + targetId;
		return AuditEntry.builder(AuditAction.ACCESS_DECISION, at)
			.actor(subject)
			.organisation(organisation)
			.target(targetId)
			.outcome("deny")
			.reason(DenyReason.HONEYTOKEN.name())
			.severity(Severity.CRITICAL)
			.detail(HONEYTOKEN_ID, tokenId)
			.detail(AlertingEventDetector.EXPLANATION,
					who + " presented honeytoken " + tokenId + " at " + where + ": a planted bait credential was stolen and used.")
			.detail(AlertingEventDetector.TECHNIQUE, HONEYTOKEN_TECHNIQUE)
			.detail(AlertingEventDetector.DEDUP, "honeytoken|" + tokenId + "|" + subject);
	}

}
