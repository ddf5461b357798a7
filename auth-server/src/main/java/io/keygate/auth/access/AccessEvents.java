package io.keygate.auth.access;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.keygate.auth.access.request.ApprovalEvidence;
import io.keygate.auth.access.webhook.WebhookEvent;
import io.keygate.auth.access.webhook.WebhookOutbox;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.RevocationEvent;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.request.AccessRequest;

/**
 * The one place that says what the audit chain and the webhook learn of an access action. Callers
 * invoke these inside the transaction of the change they report: the outbox row and a JDBC audit
 * entry then commit or roll back with it, so nobody is told of a change that did not happen.
 * <p>
 * The field names of audit details and webhook payloads are read by auditors' queries and by
 * receivers: they are kept exactly as they were when the events were first written.
 */
public final class AccessEvents {

	/** Who the audit chain names for what Keygate does by itself (expiry, activation). */
	static final String SYSTEM_ACTOR = "keygate";

	private final AuditLog audit;

	private final WebhookOutbox webhook;

	private final AccessNotifications notifications;

	public AccessEvents(AuditLog audit, WebhookOutbox webhook) {
		this(audit, webhook, AccessNotifications.NONE);
	}

	public AccessEvents(AuditLog audit, WebhookOutbox webhook, AccessNotifications notifications) {
		this.audit = Objects.requireNonNull(audit, "audit cannot be null");
		this.webhook = Objects.requireNonNull(webhook, "webhook cannot be null");
		this.notifications = Objects.requireNonNull(notifications, "notifications cannot be null");
	}

	// ---- requests --------------------------------------------------------------------------

	/** Returns the sentence that tells the requester who was notified of the request, and how. */
	String submitted(Actor requester, String clientAddress, AccessRequest request, Instant at) {
		this.webhook.enqueue(WebhookEvent.REQUEST_SUBMITTED, requestPayload(request));
		String notified = this.notifications.submitted(request);
		audit(AuditAction.REQUEST_SUBMITTED, requester, clientAddress, at, entry -> entry.request(request.id())
			.target(request.targetId())
			.outcome("pending")
			.detail("level", request.level())
			.detail("duration", request.duration())
			.detail("start", request.start().map(Instant::toString).orElse("on approval"))
			.detail("ticket", request.ticket())
			// Read by the reason/target detector (issue 14): which targets a kind of work goes to.
			.detail("reason", request.reason())
			.detail("notified", notified));
		return notified;
	}

	void cancelled(Actor requester, String clientAddress, AccessRequest cancelled, Instant at) {
		this.webhook.enqueue(WebhookEvent.REQUEST_CANCELLED, decisionPayload(cancelled, "cancelled"));
		audit(AuditAction.REQUEST_CANCELLED, requester, clientAddress, at,
				entry -> entry.request(cancelled.id()).target(cancelled.targetId()).outcome("cancelled"));
	}

	void denied(Actor approver, String clientAddress, AccessRequest denied, String comment, Instant at) {
		this.webhook.enqueue(WebhookEvent.REQUEST_DENIED, decisionPayload(denied, "denied"));
		this.notifications.decided(denied, "denied");
		audit(AuditAction.REQUEST_DENIED, approver, clientAddress, at,
				entry -> entry.request(denied.id()).target(denied.targetId()).outcome("denied").reason(comment));
	}

	void expired(AccessRequest expired, Instant at) {
		this.webhook.enqueue(WebhookEvent.REQUEST_EXPIRED, decisionPayload(expired, "expired"));
		this.notifications.decided(expired, "expired");
		audit(AuditAction.REQUEST_EXPIRED, null, "", at, entry -> entry.actor(SYSTEM_ACTOR)
			.request(expired.id())
			.target(expired.targetId())
			.outcome("expired")
			.detail("requester", expired.requester()));
	}

	// ---- approvals and grants --------------------------------------------------------------

	/** One approver's yes, whether or not it met the rule. */
	void approval(Actor approver, String clientAddress, AccessRequest after, boolean granted, int needed,
			ApprovalEvidence evidence, Instant at) {
		audit(AuditAction.REQUEST_APPROVAL, approver, clientAddress, at, entry -> entry.request(after.id())
			.target(after.targetId())
			.outcome(granted ? "approved" : "awaiting-more")
			.detail("approvals", after.approvals().size())
			.detail("needed", needed)
			.detail("evidence", evidence.id())
			.detail("credential", evidence.credentialId()));
		if (granted) {
			this.webhook.enqueue(WebhookEvent.REQUEST_APPROVED, decisionPayload(after, "approved"));
			this.notifications.decided(after, "approved");
		}
		else {
			this.webhook.enqueue(WebhookEvent.REQUEST_APPROVAL, decisionPayload(after, "approval-recorded"));
		}
	}

	void grantScheduled(Actor approver, String clientAddress, Grant grant, Instant at) {
		this.webhook.enqueue(WebhookEvent.GRANT_SCHEDULED, grantPayload(grant));
		audit(AuditAction.GRANT_SCHEDULED, approver, clientAddress, at, entry -> grantFields(entry, grant).outcome("scheduled"));
	}

	/** After the grant store took the grant: the one write outside the transaction succeeded. */
	void grantIssued(Actor approver, String clientAddress, Grant grant, Instant at) {
		this.webhook.enqueue(WebhookEvent.GRANT_ISSUED, grantPayload(grant));
		audit(AuditAction.GRANT_ISSUED, approver, clientAddress, at, entry -> grantFields(entry, grant).outcome("issued"));
	}

	/** A scheduled grant whose window passed before any activator wrote it. */
	void grantLapsed(Grant grant, Instant at) {
		audit(AuditAction.GRANT_EXPIRED, null, "", at, entry -> grantFields(entry.actor(SYSTEM_ACTOR), grant)
			.outcome("expired")
			.reason("window ended before activation")
			.severity(Severity.WARNING));
		this.webhook.enqueue(WebhookEvent.GRANT_EXPIRED, grantPayload(grant));
	}

	/** A scheduled grant the store would not take at activation for a reason other than suspension. */
	void grantNotStored(Grant grant, String storeAnswer, Instant at) {
		audit(AuditAction.GRANT_EXPIRED, null, "", at, entry -> grantFields(entry.actor(SYSTEM_ACTOR), grant)
			.outcome("expired")
			.reason("grant store said " + storeAnswer)
			.severity(Severity.WARNING));
	}

	/** {@code superseded}: the id of another live grant of the same person and target this one replaced, or null. */
	void grantActivated(Grant grant, String superseded, Instant at) {
		this.webhook.enqueue(WebhookEvent.GRANT_ACTIVATED, grantPayload(grant));
		audit(AuditAction.GRANT_ACTIVATED, null, "", at, entry -> {
			grantFields(entry.actor(SYSTEM_ACTOR), grant).outcome("activated");
			if (superseded != null) {
				entry.detail("superseded", superseded).severity(Severity.WARNING);
			}
		});
	}

	void grantActivationRefused(Grant grant, String why, Instant at) {
		this.webhook.enqueue(WebhookEvent.GRANT_ACTIVATION_REFUSED, Map.of("grantId", grant.id(), "reason", why));
		audit(AuditAction.GRANT_ACTIVATION_REFUSED, null, "", at, entry -> grantFields(entry.actor(SYSTEM_ACTOR), grant)
			.outcome("refused")
			.reason(why)
			.severity(Severity.WARNING));
	}

	// ---- revocation and suspension ---------------------------------------------------------

	void revoked(Actor actor, String clientAddress, RevocationResult result, String why, Instant at) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("scope", result.scope().name());
		payload.put("key", result.key());
		payload.put("reason", why);
		payload.put("by", actor.subject());
		payload.put("grantIds", result.grantIds());
		payload.put("scheduledCancelled", result.scheduledCancelled());
		this.webhook.enqueue(WebhookEvent.GRANT_REVOKED, payload);
		this.notifications.revoked(result.grantIds(), why);
		boolean oneGrant = result.scope() == RevocationEvent.Scope.GRANT;
		audit(result.scope() == RevocationEvent.Scope.SUBJECT ? AuditAction.SUBJECT_REVOKED : AuditAction.GRANT_REVOKED, actor,
				clientAddress, at, entry -> entry.grant(oneGrant ? result.key() : null)
					.outcome("revoked")
					.reason(why)
					.severity(Severity.WARNING)
					.detail("scope", result.scope())
					.detail("key", result.key())
					.detail("grantsEnded", result.grantIds().size())
					.detail("grantIds", String.join(",", result.grantIds()))
					.detail("scheduledCancelled", String.join(",", result.scheduledCancelled())));
	}

	void suspended(Actor approver, String clientAddress, RevocationResult result, String why, Instant at) {
		String organisation = result.key();
		List<String> ids = result.grantIds();
		this.notifications.revoked(ids, "organisation " + organisation + " suspended: " + why);
		this.webhook.enqueue(WebhookEvent.ORGANISATION_SUSPENDED,
				Map.of("organisation", organisation, "reason", why, "by", approver.subject(), "grantsEnded", ids.size(),
						"grantIds", ids, "scheduledCancelled", result.scheduledCancelled()));
		audit(AuditAction.ORGANISATION_SUSPENDED, approver, clientAddress, at, entry -> entry.organisation(organisation)
			.outcome("suspended")
			.reason(why)
			.severity(Severity.HIGH)
			.detail("grantsEnded", ids.size())
			.detail("grantIds", String.join(",", ids))
			.detail("scheduledCancelled", String.join(",", result.scheduledCancelled())));
	}

	void resumed(Actor approver, String clientAddress, String organisation, String why, Instant at) {
		this.webhook.enqueue(WebhookEvent.ORGANISATION_RESUMED,
				Map.of("organisation", organisation, "by", approver.subject()));
		audit(AuditAction.ORGANISATION_RESUMED, approver, clientAddress, at,
				entry -> entry.organisation(organisation).outcome("resumed").reason(why).severity(Severity.WARNING));
	}

	// ---- cutting a person off, and restarts ------------------------------------------------

	/**
	 * A person cut off: {@code cause} is the account action (disable, keys revoked, delete) and
	 * goes in as {@code reason}; the counts say what ended with it. HIGH: this is how a compromised
	 * vendor account is stopped, and a reviewer looks for it first.
	 */
	void accessEnded(Actor actor, String clientAddress, String subject, String subjectOrganisation, String cause,
			RevocationResult result, List<String> approvalsWithdrawnFrom, int authorizationsEnded, Instant at) {
		audit(AuditAction.ACCOUNT_ACCESS_ENDED, actor, clientAddress, at, entry -> entry.outcome("ended")
			.reason(cause)
			.severity(Severity.HIGH)
			.detail("subject", subject)
			.detail("subjectOrganisation", subjectOrganisation)
			.detail("grantsEnded", result.grantIds().size())
			.detail("grantIds", String.join(",", result.grantIds()))
			.detail("scheduledCancelled", String.join(",", result.scheduledCancelled()))
			.detail("approvalsWithdrawnFrom", String.join(",", approvalsWithdrawnFrom))
			.detail("oidcAuthorizationsEnded", authorizationsEnded));
	}

	/** Approvals of a still pending request that no longer count, because their approver is no longer active. */
	void approvalWithdrawn(String requestId, String approver, String why, Instant at) {
		audit(AuditAction.REQUEST_APPROVALS_WITHDRAWN, null, "", at, entry -> entry.actor(SYSTEM_ACTOR)
			.request(requestId)
			.outcome("withdrawn")
			.reason(why)
			.severity(Severity.WARNING)
			.detail("approver", approver));
	}

	/** A live grant the restarted in-memory store had lost, written back from history. */
	void grantRestored(Grant grant, Instant at) {
		audit(AuditAction.GRANT_RESTORED, null, "", at, entry -> grantFields(entry.actor(SYSTEM_ACTOR), grant)
			.outcome("restored")
			.severity(Severity.WARNING));
	}

	/** A live grant the restarted store had lost and that may not come back: ended in history, with why. */
	void grantEndedAtRestart(Grant grant, String why, Instant at) {
		this.webhook.enqueue(WebhookEvent.GRANT_REVOKED, Map.of("scope", "GRANT", "key", grant.id(), "reason", why, "by",
				SYSTEM_ACTOR, "grantIds", List.of(grant.id()), "scheduledCancelled", List.of()));
		audit(AuditAction.GRANT_ENDED_AT_RESTART, null, "", at, entry -> grantFields(entry.actor(SYSTEM_ACTOR), grant)
			.outcome("ended")
			.reason(why)
			.severity(Severity.WARNING));
	}

	// ---- refusals --------------------------------------------------------------------------

	/**
	 * A refused action, under its own {@code *.refused} action. A refused key confirmation is HIGH:
	 * it is what a stolen session without the key looks like.
	 */
	void refused(AuditAction action, Actor actor, String clientAddress, String requestId, String targetId,
			RefusedException refused, Instant at) {
		audit(action, actor, clientAddress, at, entry -> entry.request(bounded(requestId, 256))
			.target(bounded(targetId, 256))
			.outcome("refused")
			.reason(refused.refusal().code())
			.severity(refused.refusal() == AccessRefusal.STEP_UP_INVALID ? Severity.HIGH : Severity.WARNING)
			.detail("detail", bounded(refused.detail(), 1024)));
	}

	/**
	 * A refused id or detail is the client's input, of any length: a 100k-character target id once
	 * overflowed the chain's columns and turned the refusal into a 503. The head and the length
	 * are enough to investigate.
	 */
	static String bounded(String value, int max) {
		if (value == null || value.length() <= max) {
			return value;
		}
		return value.substring(0, max) + "...(" + value.length() + " chars)";
	}

	// ---- shapes ----------------------------------------------------------------------------

	private void audit(AuditAction action, Actor actor, String clientAddress, Instant at, Consumer<AuditEntry.Builder> fill) {
		AuditEntry.Builder builder = AuditEntry.builder(action, at).clientAddress(clientAddress);
		if (actor != null) {
			builder.actor(actor.subject()).organisation(actor.organisation());
		}
		fill.accept(builder);
		this.audit.append(builder.build());
	}

	/** The fields every grant event of the audit chain carries. */
	private static AuditEntry.Builder grantFields(AuditEntry.Builder entry, Grant grant) {
		return entry.request(grant.requestId())
			.target(grant.targetId())
			.grant(grant.id())
			.organisation(grant.organisation())
			.detail("subject", grant.subject())
			.detail("level", grant.level())
			.detail("notBefore", grant.notBefore())
			.detail("notAfter", grant.notAfter())
			.detail("approvers", String.join(",", grant.approvers()));
	}

	private Map<String, Object> requestPayload(AccessRequest request) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("requestId", request.id());
		payload.put("requester", request.requester());
		payload.put("organisation", request.organisation());
		payload.put("target", request.targetId());
		payload.put("level", request.level());
		payload.put("start", request.start().map(Instant::toString).orElse("on approval"));
		payload.put("duration", request.duration().toString());
		payload.put("ticket", request.ticket());
		// Added by issue 19: receivers page people, who need to know why and where to decide.
		payload.put("reason", request.reason());
		payload.put("link", this.notifications.approvalLink(request.id()));
		return payload;
	}

	private Map<String, Object> decisionPayload(AccessRequest request, String decision) {
		Map<String, Object> payload = requestPayload(request);
		payload.put("decision", decision);
		payload.put("by", request.resolvedBy() == null ? "" : request.resolvedBy());
		payload.put("approvals", request.approvals().size());
		return payload;
	}

	private static Map<String, Object> grantPayload(Grant grant) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("grantId", grant.id());
		payload.put("requestId", grant.requestId());
		payload.put("subject", grant.subject());
		payload.put("organisation", grant.organisation());
		payload.put("target", grant.targetId());
		payload.put("level", grant.level());
		payload.put("notBefore", grant.notBefore().toString());
		payload.put("notAfter", grant.notAfter().toString());
		payload.put("approvers", grant.approvers());
		return payload;
	}

}
