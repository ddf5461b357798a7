package io.keygate.auth.evidence;

import java.util.List;

/**
 * The requirements the pack answers, what Keygate does for each, and which evidence sections of
 * the report show it on this installation. The wording paraphrases the standards; the ids are
 * theirs.
 */
public final class EvidenceRequirements {

	/** One requirement: its id, its subject, what Keygate does, and the report sections that evidence it. */
	public record Requirement(String id, String title, String keygate, List<String> sections) {
	}

	public static final List<Requirement> ALL = List.of(
			new Requirement("NERC CIP-005-7 R2.1", "Interactive Remote Access through an Intermediate System",
					"Vendors reach targets only through the Keygate gateway: one route per catalogued target, every request "
							+ "and WebSocket decided by one policy, denied by default; no standing network path.",
					List.of("gateways", "tls")),
			new Requirement("NERC CIP-005-7 R2.2", "Encryption terminating at the Intermediate System",
					"Browser sessions end at the gateway (TLS terminated there or in front of it); the gateway opens its own "
							+ "connection to the target. The transport of every hop as configured is listed.",
					List.of("tls")),
			new Requirement("NERC CIP-005-7 R2.3", "Multi-factor authentication for Interactive Remote Access",
					"Sign-in needs a FIDO2 hardware security key with user verification (PIN); there are no passwords. "
							+ "Registration demands attestation to a trust root and refuses synced (backup-eligible) passkeys.",
					List.of("authenticators")),
			new Requirement("NERC CIP-005-7 R2.4", "Determine active vendor remote access sessions",
					"Every grant is time-boxed and recorded; every gateway request is audited with its grant and a hashed "
							+ "session id; the portal shows live grants and each grant's transcript.",
					List.of("active", "sessions", "grants")),
			new Requirement("NERC CIP-005-7 R2.5", "Disable active vendor remote access",
					"Approvers revoke a grant, a person or a whole vendor organisation in one action; every gateway drops "
							+ "the grants and cuts live responses and WebSockets.",
					List.of("terminations")),
			new Requirement("NERC CIP-013-2 R1.2.5", "Verification of software integrity and authenticity",
					"Firmware uploads through the gateway are checked against an allow-list of image hashes; unlisted images "
							+ "are refused and uploads from a distrust window are held for a security admin.",
					List.of("firmware")),
			new Requirement("IEC 62443-3-3 SR 1.1", "Human user identification and authentication",
					"Each person has their own account, enrolled by invitation, and signs in with their own hardware key.",
					List.of("authenticators")),
			new Requirement("IEC 62443-3-3 SR 1.2", "Software process and device identification and authentication",
					"Gateways are OIDC clients of the auth server with their own secret; grant records in the shared store "
							+ "are signed and a record Keygate did not sign is refused and alerted on.",
					List.of("gateways")),
			new Requirement("IEC 62443-3-3 SR 1.13", "Access via untrusted networks",
					"Access from outside needs an approved, time-boxed grant for one target and level, with a reason and a "
							+ "ticket, approved by people outside the requester's organisation with a key touch.",
					List.of("grants")),
			new Requirement("IEC 62443-3-3 SR 2.6", "Remote session termination",
					"Sessions end at the grant's end or on revocation, on every gateway; the delay is measured here from "
							+ "the audit log.",
					List.of("terminations")),
			new Requirement("IEC 62443-3-3 SR 2.8", "Auditable events",
					"Every decision, every completed request and every portal action is an audit event: who, what, target, "
							+ "grant, outcome and reason, client address, time, session.",
					List.of("sessions", "chain")),
			new Requirement("IEC 62443-3-3 SR 3.9", "Protection of audit information",
					"Audit events are hash-chained in blocks; the chain head is periodically signed with a key kept outside "
							+ "the database and exported; verification names the first altered event.",
					List.of("chain", "checkpoints")));

	private EvidenceRequirements() {
	}

}
