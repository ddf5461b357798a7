package io.keygate.auth.breakglass;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import io.keygate.auth.access.request.ApprovalEvidence;
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
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * Security admins set who may break the glass, per person and target. Setting one is a standing
 * privilege to bypass approval, so it needs the admin's fresh key touch bound to exactly that
 * person, target and admin; removing one only takes a privilege away and needs no key.
 */
public final class BreakGlassEligibilities {

	private final BreakGlassRepository repository;

	private final AccountRepository accounts;

	private final TargetCatalog catalog;

	private final StepUpVerifier stepUp;

	private final AuditLog audit;

	private final Clock clock;

	public BreakGlassEligibilities(BreakGlassRepository repository, AccountRepository accounts, TargetCatalog catalog,
			StepUpVerifier stepUp, AuditLog audit, Clock clock) {
		this.repository = repository;
		this.accounts = accounts;
		this.catalog = catalog;
		this.stepUp = stepUp;
		this.audit = audit;
		this.clock = clock;
	}

	/** The challenge the admin's key signs to make {@code subject} eligible for {@code targetId}. */
	public StepUpChallenge challenge(Actor admin, String subject, String targetId) {
		requireAdmin(admin);
		UserAccount vendor = vendor(subject);
		Target target = target(targetId);
		return this.stepUp.issue(actionOf(vendor, target, admin), admin);
	}

	/** Makes {@code subject} eligible for {@code targetId} once the admin's assertion verifies. */
	public BreakGlassRepository.Eligibility set(Actor admin, String subject, String targetId, StepUpAssertion assertion,
			String clientAddress) {
		requireAdmin(admin);
		UserAccount vendor = vendor(subject);
		Target target = target(targetId);
		ApprovalEvidence evidence;
		try {
			evidence = this.stepUp.verify(actionOf(vendor, target, admin), admin, assertion, clientAddress);
		}
		catch (RefusedException ex) {
			this.audit.append(AuditEntry.builder(AuditAction.BREAK_GLASS_REFUSED, this.clock.instant())
				.actor(admin.subject())
				.organisation(admin.organisation())
				.target(target.id())
				.outcome("refused")
				.reason(BreakGlassRefusal.CONFIRMATION_INVALID.name())
				.clientAddress(clientAddress)
				.severity(Severity.HIGH)
				.detail("subject", subject)
				.detail("detail", ex.refusal().name())
				.build());
			throw new RefusedException(BreakGlassRefusal.CONFIRMATION_INVALID, ex.refusal() + ": " + ex.getMessage(), ex);
		}
		Instant now = this.clock.instant();
		boolean replaced = this.repository.setEligibility(vendor.subject(), target.id(), admin.subject(), now, evidence.id());
		this.audit.append(AuditEntry.builder(AuditAction.BREAK_GLASS_ELIGIBILITY_SET, now)
			.actor(admin.subject())
			.organisation(admin.organisation())
			.target(target.id())
			.outcome(replaced ? "replaced" : "set")
			.clientAddress(clientAddress)
			.severity(Severity.WARNING)
			.detail("subject", vendor.subject())
			.detail("subjectOrganisation", vendor.organisation())
			.detail("credentialId", evidence.credentialId())
			.build());
		return new BreakGlassRepository.Eligibility(vendor.subject(), target.id(), admin.subject(), now);
	}

	public boolean remove(Actor admin, String subject, String targetId, String clientAddress) {
		requireAdmin(admin);
		boolean removed = this.repository.removeEligibility(subject, targetId);
		if (!removed) {
			throw new RefusedException(BreakGlassRefusal.NOT_FOUND, "no eligibility of " + subject + " for " + targetId);
		}
		this.audit.append(AuditEntry.builder(AuditAction.BREAK_GLASS_ELIGIBILITY_REMOVED, this.clock.instant())
			.actor(admin.subject())
			.organisation(admin.organisation())
			.target(targetId)
			.outcome("removed")
			.clientAddress(clientAddress)
			.detail("subject", subject)
			.build());
		return true;
	}

	public List<BreakGlassRepository.Eligibility> all(Actor admin) {
		requireAdmin(admin);
		return this.repository.eligibilities();
	}

	private static void requireAdmin(Actor admin) {
		if (!admin.hasRole(Role.SECURITY_ADMIN)) {
			throw new RefusedException(BreakGlassRefusal.NOT_FOUND, admin.subject() + " is not a security admin");
		}
	}

	private UserAccount vendor(String subject) {
		if (subject == null || subject.length() > 128) {
			throw new RefusedException(BreakGlassRefusal.UNKNOWN_PERSON, "bad subject");
		}
		return this.accounts.findBySubject(subject)
			.filter(UserAccount::isActive)
			.filter(a -> a.roles().contains(Role.VENDOR_ENGINEER))
			.orElseThrow(() -> new RefusedException(BreakGlassRefusal.UNKNOWN_PERSON, "no active vendor engineer " + subject));
	}

	private Target target(String targetId) {
		if (targetId == null || targetId.length() > 128) {
			throw new RefusedException(BreakGlassRefusal.UNKNOWN_TARGET, "bad target");
		}
		return this.catalog.find(targetId)
			.filter(t -> !t.decoy())
			.orElseThrow(() -> new RefusedException(BreakGlassRefusal.UNKNOWN_TARGET, "no target " + targetId));
	}

	static KeySignedAction actionOf(UserAccount vendor, Target target, Actor admin) {
		return new KeySignedAction("bg:" + shortHash(vendor.subject() + "\n" + target.id()), "break-glass.eligibility",
				List.of("keygate-break-glass-eligibility-v1", vendor.subject(), vendor.userHandle(), target.id(),
						admin.subject()));
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
