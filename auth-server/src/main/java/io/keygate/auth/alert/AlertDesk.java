package io.keygate.auth.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.keygate.auth.access.AccountCutoff;
import io.keygate.auth.access.GrantRevocation;
import io.keygate.auth.access.OrganisationSuspension;
import io.keygate.auth.access.RevocationResult;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.stepup.KeySignedAction;
import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * What security admins and approvers do from an alert. Acknowledge and Close are bookkeeping
 * (audited). The three responses (revoke the person's grant on the alert's target, suspend the
 * person, suspend their organisation) each need a fresh key touch bound to that alert and that
 * action ({@link KeySignedAction}), run through the same services as everywhere else, and are
 * recorded in the chain and on the alert.
 */
public final class AlertDesk {

	/** The key-confirmed responses. */
	public enum Response {
		REVOKE_GRANT, SUSPEND_PERSON, SUSPEND_ORGANISATION;

		public String path() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		public static Optional<Response> ofPath(String path) {
			for (Response response : values()) {
				if (response.path().equals(path)) {
					return Optional.of(response);
				}
			}
			return Optional.empty();
		}
	}

	private final AlertRepository alerts;

	private final StepUpVerifier stepUp;

	private final GrantRevocation revocation;

	private final GrantHistoryRepository history;

	private final AccountRepository accounts;

	private final AccountCutoff cutoff;

	private final OrganisationSuspension suspension;

	private final AuditLog audit;

	private final Clock clock;

	public AlertDesk(AlertRepository alerts, StepUpVerifier stepUp, GrantRevocation revocation, GrantHistoryRepository history,
			AccountRepository accounts, AccountCutoff cutoff, OrganisationSuspension suspension, AuditLog audit, Clock clock) {
		this.alerts = alerts;
		this.stepUp = stepUp;
		this.revocation = revocation;
		this.history = history;
		this.accounts = accounts;
		this.cutoff = cutoff;
		this.suspension = suspension;
		this.audit = audit;
		this.clock = clock;
	}

	public static boolean mayView(Actor actor) {
		return actor.hasRole(Role.SECURITY_ADMIN) || actor.hasRole(Role.APPROVER);
	}

	public Alert find(Actor actor, String id) {
		requireStaff(actor);
		return this.alerts.find(id).orElseThrow(() -> new RefusedException(AlertRefusal.NOT_FOUND, "no alert " + id));
	}

	public List<Alert> list(Actor actor, AlertFilter filter) {
		requireStaff(actor);
		return this.alerts.list(filter, 200);
	}

	public void acknowledge(Actor actor, String id, String clientAddress) {
		changeState(actor, id, AlertState.ACKNOWLEDGED, AuditAction.ALERT_ACKNOWLEDGED, clientAddress);
	}

	public void close(Actor actor, String id, String clientAddress) {
		changeState(actor, id, AlertState.CLOSED, AuditAction.ALERT_CLOSED, clientAddress);
	}

	private void changeState(Actor actor, String id, AlertState state, AuditAction action, String clientAddress) {
		Alert alert = find(actor, id);
		Instant now = this.clock.instant();
		if (!this.alerts.changeState(id, state, actor.subject(), now)) {
			throw new RefusedException(AlertRefusal.ALREADY_CLOSED, "alert " + id + " is " + alert.state());
		}
		this.alerts.recordAction(id, state.name().toLowerCase(Locale.ROOT) + " by " + actor.subject(), actor.subject(), now);
		this.audit.append(entry(action, actor, alert, clientAddress, now).outcome(state.name()).build());
	}

	/** The challenge the actor's key signs to take {@code response} on the alert. */
	public StepUpChallenge challenge(Actor actor, String id, Response response, String clientAddress) {
		Alert alert = actionable(actor, id, response, clientAddress);
		return this.stepUp.issue(actionOf(alert, response, actor), actor);
	}

	/** Takes {@code response} after verifying the key-signed confirmation; returns a sentence of what was done. */
	public String respond(Actor actor, String id, Response response, StepUpAssertion assertion, String clientAddress) {
		Alert alert = actionable(actor, id, response, clientAddress);
		String credential;
		try {
			credential = this.stepUp.verify(actionOf(alert, response, actor), actor, assertion, clientAddress).credentialId();
		}
		catch (RefusedException ex) {
			throw refused(actor, alert, response, AlertRefusal.CONFIRMATION_INVALID, ex.refusal() + ": " + ex.getMessage(),
					clientAddress);
		}
		String why = "alert " + alert.id() + ": " + alert.explanation();
		String done = switch (response) {
			case REVOKE_GRANT -> {
				Instant now = this.clock.instant();
				List<String> ids = this.history.findCurrent(alert.actor(), alert.targetId(), now)
					.stream()
					.map(record -> record.grant().id())
					.toList();
				int ended = 0;
				for (String grantId : ids) {
					ended += this.revocation.revokeGrant(actor, grantId, why, clientAddress).grantIds().size();
				}
				yield ids.isEmpty() ? "No live grant of " + alert.actor() + " on " + alert.targetId() + " to revoke."
						: "Revoked " + ended + " grant(s) of " + alert.actor() + " on " + alert.targetId() + ".";
			}
			case SUSPEND_PERSON -> {
				UserAccount account = this.accounts.findBySubject(alert.actor())
					.orElseThrow(() -> new RefusedException(AlertRefusal.NOTHING_TO_ACT_ON, "no account " + alert.actor()));
				RevocationResult revoked = this.cutoff.cutOff(actor, account, AccountCutoff.Cause.DISABLED, clientAddress)
					.revocation();
				yield "Disabled " + account.subject() + " pending review; " + revoked.grantIds().size() + " grant(s) revoked.";
			}
			case SUSPEND_ORGANISATION -> {
				RevocationResult suspended = this.suspension.suspend(actor, alert.organisation(), why, clientAddress);
				yield "Suspended " + alert.organisation() + "; " + suspended.grantIds().size() + " grant(s) ended.";
			}
		};
		Instant now = this.clock.instant();
		this.alerts.recordAction(alert.id(), done + " (" + actor.subject() + ", key-confirmed)", actor.subject(), now);
		this.audit.append(entry(AuditAction.ALERT_ACTION_TAKEN, actor, alert, clientAddress, now).outcome(response.name())
			.detail("credentialId", credential)
			.detail("result", done)
			.build());
		return done;
	}

	private Alert actionable(Actor actor, String id, Response response, String clientAddress) {
		Alert alert = find(actor, id);
		boolean personNeeded = response != Response.SUSPEND_ORGANISATION;
		if ((personNeeded && alert.actor().isEmpty()) || (!personNeeded && alert.organisation().isEmpty())
				|| (response == Response.REVOKE_GRANT && alert.targetId().isEmpty())) {
			throw refused(actor, alert, response, AlertRefusal.NOTHING_TO_ACT_ON, "alert " + id + " names nobody for " + response,
					clientAddress);
		}
		if (alert.actor().equals(actor.subject())) {
			throw refused(actor, alert, response, AlertRefusal.SELF_ACTION, actor.subject() + " acting on own alert", clientAddress);
		}
		return alert;
	}

	static KeySignedAction actionOf(Alert alert, Response response, Actor actor) {
		return new KeySignedAction("alert:" + shortHash(alert.id() + "|" + response.name()), "alert." + response.path(),
				List.of("keygate-alert-response-v1", alert.id(), response.name(), alert.actor(), alert.organisation(),
						alert.targetId(), actor.subject()));
	}

	private RefusedException refused(Actor actor, Alert alert, Response response, AlertRefusal refusal, String detail,
			String clientAddress) {
		this.audit.append(entry(AuditAction.ALERT_ACTION_REFUSED, actor, alert, clientAddress, this.clock.instant())
			.outcome("REFUSED")
			.reason(refusal.name())
			.severity(Severity.WARNING)
			.detail("response", response.name())
			.build());
		return new RefusedException(refusal, detail);
	}

	private static AuditEntry.Builder entry(AuditAction action, Actor actor, Alert alert, String clientAddress, Instant now) {
		return AuditEntry.builder(action, now)
			.actor(actor.subject())
			.organisation(actor.organisation())
			.target(alert.targetId())
			.clientAddress(clientAddress)
			.severity(Severity.WARNING)
			.detail(AlertRaising.ALERT_ID, alert.id())
			.detail("alert.actor", alert.actor())
			.detail("alert.organisation", alert.organisation());
	}

	private static void requireStaff(Actor actor) {
		if (!mayView(actor)) {
			throw new RefusedException(AlertRefusal.NOT_ALLOWED, actor.subject() + " on alerts without APPROVER or SECURITY_ADMIN");
		}
	}

	private static String shortHash(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, 40);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 missing from the JDK (this is a bug)", ex);
		}
	}

}
