package io.keygate.policy.audit;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every kind of event Keygate writes to the audit chain: one closed list instead of free strings,
 * so that a misspelt action cannot slip into the chain unseen and detectors can match on a type.
 * The dotted {@link #action()} is what the chain stores and hashes; it never changes for an
 * existing constant (chains written before must still verify).
 */
public enum AuditAction {

	// gateway decisions
	ACCESS_DECISION("access.decision"),
	ACCESS_COMPLETED("access.completed"),
	ACCESS_SESSION_CLOSED("access.session.closed"),
	AUDIT_STREAM_MALFORMED("audit.stream.malformed"),
	/** A gateway audit-stream entry whose MAC does not verify: chained as an alert, never as a decision. */
	AUDIT_STREAM_FORGED("audit.stream.forged"),
	/** A record read from the shared store (grant, suspension, revocation message) that Keygate did not sign. */
	STORE_INTEGRITY_VIOLATION("store.integrity.violation"),

	// the audit pipeline itself
	AUDIT_ENTRY_QUARANTINED("audit.entry.quarantined"),
	AUDIT_QUEUE_OVERFLOW("audit.queue.overflow"),
	AUDIT_BACKLOG_EXCEEDED("audit.backlog.exceeded"),

	// access requests and grants
	REQUEST_SUBMITTED("request.submitted"),
	REQUEST_SUBMIT_REFUSED("request.submit.refused"),
	REQUEST_CANCELLED("request.cancelled"),
	REQUEST_CANCEL_REFUSED("request.cancel.refused"),
	REQUEST_STEP_UP_REFUSED("request.step-up.refused"),
	REQUEST_APPROVAL("request.approval"),
	REQUEST_APPROVE_REFUSED("request.approve.refused"),
	REQUEST_DENIED("request.denied"),
	REQUEST_DENY_REFUSED("request.deny.refused"),
	REQUEST_EXPIRED("request.expired"),
	GRANT_ISSUED("grant.issued"),
	GRANT_SCHEDULED("grant.scheduled"),
	GRANT_ACTIVATED("grant.activated"),
	GRANT_ACTIVATION_REFUSED("grant.activation.refused"),
	GRANT_EXPIRED("grant.expired"),
	GRANT_REVOKED("grant.revoked"),
	GRANT_REVOKE_REFUSED("grant.revoke.refused"),
	GRANT_END_REFUSED("grant.end.refused"),
	SUBJECT_REVOKED("subject.revoked"),
	SUBJECT_REVOKE_REFUSED("subject.revoke.refused"),
	ORGANISATION_SUSPENDED("organisation.suspended"),
	ORGANISATION_SUSPEND_REFUSED("organisation.suspend.refused"),
	ORGANISATION_RESUMED("organisation.resumed"),
	ORGANISATION_RESUME_REFUSED("organisation.resume.refused"),

	// identity
	WEBAUTHN_SIGNIN_SUCCEEDED("webauthn.signin.succeeded"),
	WEBAUTHN_SIGNIN_REFUSED("webauthn.signin.refused"),
	WEBAUTHN_STEPUP_SUCCEEDED("webauthn.stepup.succeeded"),
	WEBAUTHN_STEPUP_REFUSED("webauthn.stepup.refused"),
	WEBAUTHN_COUNTER_REGRESSION("webauthn.counter.regression"),
	WEBAUTHN_SIGNOUT("webauthn.signout"),
	WEBAUTHN_REGISTRATION_REFUSED("webauthn.registration.refused"),
	ENROLLMENT_INVITATION_CREATED("enrollment.invitation.created"),
	ENROLLMENT_REFUSED("enrollment.refused"),
	ENROLLMENT_COMPLETED("enrollment.completed"),
	// separation of duties for privileged identities and re-enrollment (issue 11)
	ENROLLMENT_INVITATION_AWAITING_CONFIRMATION("enrollment.invitation.awaiting-confirmation"),
	ENROLLMENT_INVITATION_CONFIRMED("enrollment.invitation.confirmed"),
	ENROLLMENT_INVITATION_CONFIRM_REFUSED("enrollment.invitation.confirm.refused"),
	ENROLLMENT_INVITATION_REFUSED("enrollment.invitation.refused"),
	ENROLLMENT_INVITATIONS_CANCELLED("enrollment.invitations.cancelled"),
	ENROLLMENT_SINGLE_ADMIN_BOOTSTRAP("enrollment.single-admin-bootstrap"),
	ACCOUNT_ENABLED("account.enabled"),
	ACCOUNT_ENABLE_REFUSED("account.enable.refused"),
	ACCOUNT_DISABLED("account.disabled"),
	ACCOUNT_KEYS_REVOKED("account.keys.revoked"),
	ACCOUNT_KEY_ADDED("account.key.added"),
	ACCOUNT_KEY_REMOVED("account.key.removed"),
	ACCOUNT_DELETED("account.deleted"),
	/** A person cut off: their grants revoked, sessions and OIDC authorizations ended, approvals withdrawn. */
	ACCOUNT_ACCESS_ENDED("account.access.ended"),
	/** A session (portal or OIDC) of a person no longer active was refused and ended. */
	ACCOUNT_SESSION_REFUSED("account.session.refused"),
	/** Pending approvals given by a person no longer active, withdrawn: the request needs fresh ones. */
	REQUEST_APPROVALS_WITHDRAWN("request.approvals.withdrawn"),
	/** At start, a live grant history knew but the empty in-memory store did not: restored or ended. */
	GRANT_RESTORED("grant.restored"),
	GRANT_ENDED_AT_RESTART("grant.ended-at-restart"),
	OIDC_SIGNING_KEY_ROTATED("oidc.signing-key.rotated"),
	OIDC_SIGNING_KEY_RETIRED("oidc.signing-key.retired"),
	OIDC_BACK_CHANNEL_LOGOUT("oidc.back-channel-logout"),
	/** One per source and interval: how many unauthenticated requests were refused (each not written on its own). */
	UNAUTHENTICATED_REFUSALS_SUMMARY("unauthenticated.refusals.summary"),
	// decoys, honeytokens and alerts (issue 14)
	ALERT_RAISED("alert.raised"),
	ALERT_ACKNOWLEDGED("alert.acknowledged"),
	ALERT_CLOSED("alert.closed"),
	/** A key-confirmed response taken from an alert (revoke grant, suspend person, suspend organisation). */
	ALERT_ACTION_TAKEN("alert.action.taken"),
	ALERT_ACTION_REFUSED("alert.action.refused"),
	HONEYTOKEN_CREATED("honeytoken.created"),
	HONEYTOKEN_REVOKED("honeytoken.revoked"),
	// detections and SIEM export (issue 14)
	SIEM_SPOOL_FULL("siem.spool.full"),
	// firmware gate (issue 15)
	FIRMWARE_UPLOAD_REFUSED("firmware.upload.refused"),
	/** An upload whose images are all listed and not held, forwarded from the gateway's spool. */
	FIRMWARE_UPLOAD_FORWARDED("firmware.upload.forwarded"),
	/** A listed image from inside a distrust window, kept by the gateway and not forwarded. */
	FIRMWARE_UPLOAD_HELD("firmware.upload.held"),
	FIRMWARE_ALLOWLIST_ADDED("firmware.allowlist.added"),
	FIRMWARE_DISTRUST_OPENED("firmware.distrust.opened"),
	FIRMWARE_HOLD_RELEASED("firmware.hold.released"),
	FIRMWARE_HOLD_REJECTED("firmware.hold.rejected"),
	// breach declaration (issue 15)
	BREACH_DECLARED("breach.declared"),
	/** A declaration drafted by one security admin, waiting for their key (and a second admin's when configured). */
	BREACH_DRAFTED("breach.drafted"),
	BREACH_AWAITING_SECOND_ADMIN("breach.awaiting-second-admin"),
	BREACH_DECLARE_REFUSED("breach.declare.refused"),
	/** Keys enrolled or used from an unseen network inside a declared window: refused until their people re-enroll. */
	BREACH_KEYS_QUARANTINED("breach.keys.quarantined"),
	/** A gateway that was known at a declaration gave no receipt for dropping the organisation's sessions in time. */
	BREACH_RECEIPT_MISSING("breach.receipt.missing"),
	/** A breach-suspended organisation resumed, under stricter approval terms. */
	BREACH_RESUMED("breach.resumed"),
	BREACH_RESUME_REFUSED("breach.resume.refused"),
	// live sessions across gateways (issue 16)
	SESSION_TERMINATED("session.terminated"),
	// transcripts and compliance evidence (issue 16)
	EVIDENCE_PACK_GENERATED("evidence.pack.generated"),
	// notifications, reminders and break-glass (issue 19)
	BREAK_GLASS_OPENED("break-glass.opened"),
	BREAK_GLASS_REFUSED("break-glass.refused"),
	BREAK_GLASS_ELIGIBILITY_SET("break-glass.eligibility.set"),
	BREAK_GLASS_ELIGIBILITY_REMOVED("break-glass.eligibility.removed"),
	BREAK_GLASS_APPROVED_IN_HINDSIGHT("break-glass.approved-in-hindsight"),
	BREAK_GLASS_MISUSE("break-glass.misuse"),
	BREAK_GLASS_REVIEW_DUE("break-glass.review-due"),
	REQUEST_REMINDED("request.reminded"),
	REQUEST_ESCALATED("request.escalated"),
	GRANT_ENDING_NOTICE("grant.ending-notice"),
	// TLS end to end (issue 18)
	/** The gateway refused to forward an allowed request: the target's TLS certificate did not verify. */
	UPSTREAM_TLS_REFUSED("upstream.tls.refused");

	private static final Map<String, AuditAction> BY_ACTION = new HashMap<>();

	static {
		for (AuditAction value : values()) {
			BY_ACTION.put(value.action, value);
		}
	}

	private final String action;

	AuditAction(String action) {
		this.action = action;
	}

	/** The dotted name the chain stores, e.g. {@code request.approval}. */
	public String action() {
		return this.action;
	}

	/** The constant for a stored dotted name; empty for one this version does not know. */
	public static Optional<AuditAction> of(String action) {
		return Optional.ofNullable(BY_ACTION.get(action));
	}

}
