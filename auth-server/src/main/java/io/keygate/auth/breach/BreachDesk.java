package io.keygate.auth.breach;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.auth.access.request.ApprovalEvidence;
import io.keygate.auth.access.stepup.KeySignedAction;
import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.Names;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.breach.BreachWindow;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * "Declare vendor breach": a security admin drafts a declaration (organisation, window, reference),
 * confirms it with a fresh key assertion bound to exactly those fields, and, when
 * {@code keygate.breach.second-admin} is on, a second security admin confirms it with their key;
 * then {@link BreachEffects} applies it in one audited step. Resuming is a separate key-confirmed
 * action that lifts the suspension and records stricter approval terms, which the approval path
 * enforces. Every refusal is audited.
 */
public final class BreachDesk {

	private static final Logger log = LoggerFactory.getLogger(BreachDesk.class);

	private final BreachRepository repository;

	private final BreachEffects effects;

	private final AccountRepository accounts;

	private final StepUpVerifier stepUp;

	private final io.keygate.auth.access.OrganisationSuspension suspension;

	private final AuditLog audit;

	private final BreachProperties properties;

	private final Clock clock;

	BreachDesk(BreachRepository repository, BreachEffects effects, AccountRepository accounts, StepUpVerifier stepUp,
			io.keygate.auth.access.OrganisationSuspension suspension, AuditLog audit, BreachProperties properties, Clock clock) {
		this.repository = repository;
		this.effects = effects;
		this.accounts = accounts;
		this.stepUp = stepUp;
		this.suspension = suspension;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
	}

	/** A drafted declaration, not yet in effect: the admin confirms it with their key next. */
	public Declaration draft(Actor admin, String organisation, String from, String to, String reference, String clientAddress) {
		return refusalsAudited(AuditAction.BREACH_DECLARE_REFUSED, admin, organisation, clientAddress, () -> {
			requireSecurityAdmin(admin);
			if (organisation == null || !Names.isToken(organisation) || !this.accounts.organisations().contains(organisation)) {
				throw new RefusedException(BreachRefusal.UNKNOWN_ORGANISATION, "no organisation " + organisation);
			}
			if (organisation.equals(admin.organisation())) {
				throw new RefusedException(BreachRefusal.OWN_ORGANISATION, admin.subject() + " declaring own organisation");
			}
			BreachWindow window = window(from, to);
			String ref = reference == null ? "" : reference.strip();
			if (ref.isEmpty() || ref.length() > 200 || ref.chars().anyMatch(Character::isISOControl)) {
				throw new RefusedException(BreachRefusal.BAD_REFERENCE, "reference of " + ref.length() + " characters");
			}
			String id = UUID.randomUUID().toString();
			Instant now = this.clock.instant();
			this.repository.insertDraft(id, organisation, window, ref, admin.subject(), now);
			this.audit.append(AuditEntry.builder(AuditAction.BREACH_DRAFTED, now)
				.actor(admin.subject())
				.organisation(organisation)
				.outcome("DRAFTED")
				.clientAddress(clientAddress)
				.severity(Severity.HIGH)
				.detail("declarationId", id)
				.detail("windowFrom", window.from())
				.detail("windowTo", window.to())
				.detail("reference", ref)
				.build());
			return find(id);
		});
	}

	/** The challenge {@code admin}'s key signs for the confirmation the declaration waits for now. */
	public StepUpChallenge challenge(Actor admin, String id, String clientAddress) {
		return refusalsAudited(AuditAction.BREACH_DECLARE_REFUSED, admin, "", clientAddress, () -> {
			requireSecurityAdmin(admin);
			Declaration declaration = confirmable(admin, id);
			return this.stepUp.issue(actionOf(declaration, admin), admin);
		});
	}

	/**
	 * {@code admin}'s key-signed yes. The declaring admin's comes first; when a second admin is
	 * required, theirs takes the declaration into effect, otherwise the first does.
	 */
	public Declaration confirm(Actor admin, String id, StepUpAssertion assertion, String clientAddress) {
		return refusalsAudited(AuditAction.BREACH_DECLARE_REFUSED, admin, "", clientAddress, () -> {
			requireSecurityAdmin(admin);
			Declaration declaration = confirmable(admin, id);
			ApprovalEvidence evidence = verified(actionOf(declaration, admin), admin, assertion, clientAddress);
			if (declaration.state() == BreachState.AWAITING_KEY) {
				this.repository.recordDeclarerKey(id, evidence.credentialId());
				if (this.properties.secondAdmin()) {
					move(id, BreachState.AWAITING_KEY, BreachState.AWAITING_SECOND_ADMIN);
					this.audit.append(AuditEntry.builder(AuditAction.BREACH_AWAITING_SECOND_ADMIN, this.clock.instant())
						.actor(admin.subject())
						.organisation(declaration.organisation())
						.outcome("AWAITING_SECOND_ADMIN")
						.clientAddress(clientAddress)
						.severity(Severity.HIGH)
						.detail("declarationId", id)
						.detail("credentialId", evidence.credentialId())
						.build());
					return find(id);
				}
				move(id, BreachState.AWAITING_KEY, BreachState.DECLARED);
			}
			else {
				this.repository.recordSecondAdmin(id, admin.subject(), evidence.credentialId());
				move(id, BreachState.AWAITING_SECOND_ADMIN, BreachState.DECLARED);
			}
			try {
				this.effects.apply(find(id), admin, clientAddress);
			}
			catch (RefusedException ex) {
				// The suspension was refused (store unreachable): nothing took effect, so the
				// declaration waits for the same confirmation again.
				move(id, BreachState.DECLARED, declaration.state());
				throw new RefusedException(BreachRefusal.SUSPENSION_FAILED, id + ": " + ex.refusal() + ": " + ex.detail(), ex);
			}
			catch (org.springframework.dao.DataAccessException ex) {
				// The suspension stands (it came first); the rest rolled back. Confirming again
				// suspends again (harmless) and applies the rest.
				log.error("Declaration {} suspended {} but could not record the rest", id, declaration.organisation(), ex);
				move(id, BreachState.DECLARED, declaration.state());
				throw new RefusedException(BreachRefusal.DECLARATION_INCOMPLETE, id + ": " + ex.getMessage(), ex);
			}
			return find(id);
		});
	}

	/** The challenge {@code admin}'s key signs to resume the organisation of {@code id} under stricter terms. */
	public StepUpChallenge resumeChallenge(Actor admin, String id, String clientAddress) {
		return refusalsAudited(AuditAction.BREACH_RESUME_REFUSED, admin, "", clientAddress, () -> {
			requireSecurityAdmin(admin);
			return this.stepUp.issue(resumeActionOf(declared(id), admin), admin);
		});
	}

	/**
	 * Lifts the suspension; every request of the organisation then needs at least
	 * {@code keygate.breach.resume-approvals} approvals for {@code keygate.breach.resume-period}.
	 * Quarantined keys stay quarantined: those people re-enroll.
	 */
	public Declaration resume(Actor admin, String id, StepUpAssertion assertion, String clientAddress) {
		return refusalsAudited(AuditAction.BREACH_RESUME_REFUSED, admin, "", clientAddress, () -> {
			requireSecurityAdmin(admin);
			Declaration declaration = declared(id);
			ApprovalEvidence evidence = verified(resumeActionOf(declaration, admin), admin, assertion, clientAddress);
			move(id, BreachState.DECLARED, BreachState.RESUMED);
			Instant now = this.clock.instant();
			Instant until = now.plus(this.properties.resumePeriod());
			String terms = this.properties.resumeApprovals() + " approvals for every request until " + until;
			this.repository.setApprovalTerms(declaration.organisation(), this.properties.resumeApprovals(), until, id,
					admin.subject(), now);
			this.repository.recordResumed(id, admin.subject(), now, terms);
			this.suspension.resume(admin, declaration.organisation(), "breach " + id + " resumed: " + terms, clientAddress);
			this.audit.append(AuditEntry.builder(AuditAction.BREACH_RESUMED, now)
				.actor(admin.subject())
				.organisation(declaration.organisation())
				.outcome("RESUMED")
				.clientAddress(clientAddress)
				.severity(Severity.HIGH)
				.detail("declarationId", id)
				.detail("minimumApprovals", this.properties.resumeApprovals())
				.detail("termsUntil", until)
				.detail("credentialId", evidence.credentialId())
				.build());
			return find(id);
		});
	}

	public Declaration find(String id) {
		if (id == null || id.length() > 64 || !Names.isToken(id)) {
			throw new RefusedException(BreachRefusal.UNKNOWN_DECLARATION, "malformed declaration id");
		}
		return this.repository.find(id)
			.orElseThrow(() -> new RefusedException(BreachRefusal.UNKNOWN_DECLARATION, "no declaration " + id));
	}

	public List<Declaration> latest() {
		return this.repository.latest(50);
	}

	public boolean secondAdminRequired() {
		return this.properties.secondAdmin();
	}

	static void requireSecurityAdmin(Actor actor) {
		if (!actor.hasRole(Role.SECURITY_ADMIN)) {
			throw new RefusedException(BreachRefusal.NOT_SECURITY_ADMIN, actor.subject() + " is not a security admin");
		}
	}

	private BreachWindow window(String from, String to) {
		Instant start;
		Instant end;
		try {
			start = Instant.parse(from == null ? "" : from.strip());
			end = Instant.parse(to == null ? "" : to.strip());
		}
		catch (DateTimeParseException ex) {
			throw new RefusedException(BreachRefusal.BAD_WINDOW, "unreadable window " + from + " - " + to, ex);
		}
		Instant now = this.clock.instant();
		if (!start.isBefore(end) || start.isAfter(now)
				|| Duration.between(start, end).compareTo(this.properties.maxWindow()) > 0) {
			throw new RefusedException(BreachRefusal.BAD_WINDOW, "window " + start + " - " + end + " at " + now);
		}
		return new BreachWindow(start, end);
	}

	/** The declaration, if it waits for {@code admin}'s confirmation. */
	private Declaration confirmable(Actor admin, String id) {
		Declaration declaration = find(id);
		switch (declaration.state()) {
			case AWAITING_KEY -> {
				if (!declaration.draftedBy().equals(admin.subject())) {
					throw new RefusedException(BreachRefusal.NOT_AWAITING_CONFIRMATION,
							admin.subject() + " confirming the draft of " + declaration.draftedBy());
				}
			}
			case AWAITING_SECOND_ADMIN -> {
				if (declaration.draftedBy().equals(admin.subject())) {
					throw new RefusedException(BreachRefusal.SECOND_ADMIN_MUST_DIFFER, admin.subject() + " confirming twice");
				}
			}
			default -> throw new RefusedException(BreachRefusal.NOT_AWAITING_CONFIRMATION, id + " is " + declaration.state());
		}
		return declaration;
	}

	private Declaration declared(String id) {
		Declaration declaration = find(id);
		if (declaration.state() != BreachState.DECLARED) {
			throw new RefusedException(BreachRefusal.NOT_DECLARED, id + " is " + declaration.state());
		}
		return declaration;
	}

	private ApprovalEvidence verified(KeySignedAction action, Actor admin, StepUpAssertion assertion, String clientAddress) {
		try {
			return this.stepUp.verify(action, admin, assertion, clientAddress);
		}
		catch (RefusedException ex) {
			throw new RefusedException(BreachRefusal.CONFIRMATION_INVALID, ex.refusal() + ": " + ex.detail(), ex);
		}
	}

	private void move(String id, BreachState from, BreachState to) {
		if (!this.repository.moveState(id, from, to)) {
			throw new RefusedException(BreachRefusal.NOT_AWAITING_CONFIRMATION, id + " left " + from + " concurrently");
		}
	}

	/** Everything the admin says yes to: the declaration's fields, the stage, and who. */
	static KeySignedAction actionOf(Declaration declaration, Actor admin) {
		return new KeySignedAction("breach:" + declaration.id(), "breach.declare",
				List.of("keygate-breach-declare-v1", declaration.id(), declaration.organisation(),
						declaration.window().from().toString(), declaration.window().to().toString(), declaration.reference(),
						declaration.draftedBy(), declaration.state().name(), admin.subject()));
	}

	/** Everything the admin says yes to on resuming, the stricter terms included. */
	KeySignedAction resumeActionOf(Declaration declaration, Actor admin) {
		return new KeySignedAction("breach-resume:" + declaration.id(), "breach.resume", List.of("keygate-breach-resume-v1",
				declaration.id(), declaration.organisation(), Integer.toString(this.properties.resumeApprovals()),
				this.properties.resumePeriod().toString(), admin.subject()));
	}

	private <T> T refusalsAudited(AuditAction action, Actor admin, String organisation, String clientAddress, Supplier<T> work) {
		try {
			return work.get();
		}
		catch (RefusedException ex) {
			log.info("{} by {}: {} ({})", action.action(), admin.subject(), ex.refusal(), ex.detail());
			String detail = ex.detail() == null ? "" : ex.detail();
			this.audit.append(AuditEntry.builder(action, this.clock.instant())
				.actor(admin.subject())
				.organisation(organisation == null || organisation.length() > 128 ? "" : organisation)
				.outcome("REFUSED")
				.reason(ex.refusal().name())
				.clientAddress(clientAddress)
				.severity(Severity.WARNING)
				.detail("detail", detail.length() > 300 ? detail.substring(0, 300) : detail)
				.build());
			throw ex;
		}
	}

}
