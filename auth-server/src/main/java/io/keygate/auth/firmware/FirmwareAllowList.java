package io.keygate.auth.firmware;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;

import io.keygate.auth.access.request.ApprovalEvidence;
import io.keygate.auth.access.stepup.KeySignedAction;
import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.firmware.AllowListEntry;
import io.keygate.policy.firmware.FirmwareHash;
import io.keygate.policy.firmware.FirmwareRegister;
import io.keygate.policy.firmware.FirmwareRegisterUnavailableException;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * Adding a verified image to the allow-list: a security admin's key signs exactly the entry
 * (hash, vendor, model, version, how verified), so a tampered form cannot list another image. The
 * row is written first, then published to the register the gateways read; the addition is audited
 * with the key that confirmed it.
 */
@Service
public class FirmwareAllowList {

	/** What a security admin proposes to list. */
	public record Proposal(String hash, String vendor, String model, String version, String verification) {
	}

	private final FirmwareLedger ledger;

	private final FirmwareRegister register;

	private final StepUpVerifier stepUp;

	private final AuditLog audit;

	private final Clock clock;

	public FirmwareAllowList(FirmwareLedger ledger, FirmwareRegister register, StepUpVerifier stepUp, AuditLog audit,
			Clock clock) {
		this.ledger = ledger;
		this.register = register;
		this.stepUp = stepUp;
		this.audit = audit;
		this.clock = clock;
	}

	public List<AllowListEntry> entries() {
		return this.ledger.allowList();
	}

	public StepUpChallenge challenge(Actor admin, Proposal proposal) {
		AllowListEntry entry = entry(admin, proposal);
		requireUnlisted(entry);
		return this.stepUp.issue(actionOf(entry, admin), admin);
	}

	public AllowListEntry add(Actor admin, Proposal proposal, StepUpAssertion assertion, String clientAddress) {
		AllowListEntry entry = entry(admin, proposal);
		requireUnlisted(entry);
		ApprovalEvidence evidence;
		try {
			evidence = this.stepUp.verify(actionOf(entry, admin), admin, assertion, clientAddress);
		}
		catch (RefusedException ex) {
			throw new RefusedException(FirmwareRefusal.CONFIRMATION_INVALID, ex.refusal() + ": " + ex.getMessage());
		}
		if (!this.ledger.insert(entry, evidence.credentialId())) {
			throw new RefusedException(FirmwareRefusal.ALREADY_LISTED, entry.hash().hex());
		}
		publish(entry);
		this.audit.append(AuditEntry.builder(AuditAction.FIRMWARE_ALLOWLIST_ADDED, entry.addedAt())
			.actor(admin.subject())
			.organisation(admin.organisation())
			.outcome("ADDED")
			.clientAddress(clientAddress)
			.severity(Severity.WARNING)
			.detail("image", entry.hash().hex())
			.detail("vendor", entry.vendor())
			.detail("model", entry.model())
			.detail("version", entry.version())
			.detail("verification", entry.verification())
			.detail("credentialId", evidence.credentialId())
			.build());
		return entry;
	}

	/** Publishes a listed entry; a register that is down is retried by the start-up republication. */
	void publish(AllowListEntry entry) {
		try {
			this.register.allow(entry);
		}
		catch (FirmwareRegisterUnavailableException ex) {
			throw new RefusedException(FirmwareRefusal.REGISTER_UNAVAILABLE,
					"allow-list entry " + entry.hash() + " recorded but not yet published: " + ex.getMessage(), ex);
		}
	}

	private AllowListEntry entry(Actor admin, Proposal proposal) {
		if (!admin.hasRole(Role.SECURITY_ADMIN)) {
			throw new RefusedException(FirmwareRefusal.NOT_SECURITY_ADMIN, admin.subject() + " tried to list firmware");
		}
		if (proposal == null || !FirmwareHash.isValid(proposal.hash())) {
			throw new RefusedException(FirmwareRefusal.INVALID_ENTRY, "no valid hash");
		}
		try {
			return new AllowListEntry(FirmwareHash.parse(proposal.hash()), proposal.vendor(), proposal.model(),
					proposal.version(), proposal.verification(), admin.subject(),
					this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new RefusedException(FirmwareRefusal.INVALID_ENTRY, ex.getMessage());
		}
	}

	private void requireUnlisted(AllowListEntry entry) {
		if (this.ledger.allowList().stream().anyMatch(listed -> listed.hash().equals(entry.hash()))) {
			throw new RefusedException(FirmwareRefusal.ALREADY_LISTED, entry.hash().hex());
		}
	}

	/** The key signs the entry itself, not a form id: what is listed is what the admin saw. */
	static KeySignedAction actionOf(AllowListEntry entry, Actor admin) {
		return new KeySignedAction("fwa:" + entry.hash().hex().substring(0, 56), "firmware.allow",
				List.of("keygate-firmware-allow-v1", entry.hash().hex(), entry.vendor(), entry.model(), entry.version(),
						entry.verification(), admin.subject()));
	}

}
