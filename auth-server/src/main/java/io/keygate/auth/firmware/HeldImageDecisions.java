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
import io.keygate.policy.firmware.FirmwareHash;
import io.keygate.policy.firmware.FirmwareRegister;
import io.keygate.policy.firmware.FirmwareRegisterUnavailableException;
import io.keygate.policy.firmware.HeldImage;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * Releasing or rejecting a held image, confirmed with the security admin's key bound to the image
 * and the decision. A released image is forwarded on its next upload, at any gateway; a rejected
 * one is refused from then on and its stored copy stays with the gateway as evidence.
 */
@Service
public class HeldImageDecisions {

	private final FirmwareRegister register;

	private final FirmwareLedger ledger;

	private final StepUpVerifier stepUp;

	private final AuditLog audit;

	private final Clock clock;

	public HeldImageDecisions(FirmwareRegister register, FirmwareLedger ledger, StepUpVerifier stepUp, AuditLog audit,
			Clock clock) {
		this.register = register;
		this.ledger = ledger;
		this.stepUp = stepUp;
		this.audit = audit;
		this.clock = clock;
	}

	public List<HeldImage> held() {
		try {
			return this.register.held();
		}
		catch (FirmwareRegisterUnavailableException ex) {
			throw new RefusedException(FirmwareRefusal.REGISTER_UNAVAILABLE, ex.getMessage(), ex);
		}
	}

	public StepUpChallenge challenge(Actor admin, String hash, HeldImage.State decision) {
		HeldImage image = held(admin, hash);
		return this.stepUp.issue(actionOf(image, decision, admin), admin);
	}

	public HeldImage decide(Actor admin, String hash, HeldImage.State decision, StepUpAssertion assertion,
			String clientAddress) {
		HeldImage image = held(admin, hash);
		ApprovalEvidence evidence;
		try {
			evidence = this.stepUp.verify(actionOf(image, decision, admin), admin, assertion, clientAddress);
		}
		catch (RefusedException ex) {
			throw new RefusedException(FirmwareRefusal.CONFIRMATION_INVALID, ex.refusal() + ": " + ex.getMessage());
		}
		HeldImage decided;
		try {
			decided = this.register.decide(image.hash(), decision, admin.subject(), this.clock.instant())
				.orElseThrow(() -> new RefusedException(FirmwareRefusal.ALREADY_DECIDED, image.hash() + " decided meanwhile"));
		}
		catch (FirmwareRegisterUnavailableException ex) {
			throw new RefusedException(FirmwareRefusal.REGISTER_UNAVAILABLE, ex.getMessage(), ex);
		}
		this.ledger.insertDecision(decided, evidence.credentialId());
		this.audit.append(AuditEntry.builder(decision == HeldImage.State.RELEASED ? AuditAction.FIRMWARE_HOLD_RELEASED
				: AuditAction.FIRMWARE_HOLD_REJECTED, decided.decidedAt())
			.actor(admin.subject())
			.organisation(admin.organisation())
			.target(decided.target())
			.outcome(decision.name())
			.clientAddress(clientAddress)
			.severity(decision == HeldImage.State.RELEASED ? Severity.HIGH : Severity.WARNING)
			.detail("image", decided.hash().hex())
			.detail("uploader", decided.uploader())
			.detail("uploaderOrganisation", decided.organisation())
			.detail("gateway", decided.gateway())
			.detail("credentialId", evidence.credentialId())
			.build());
		return decided;
	}

	private HeldImage held(Actor admin, String hash) {
		if (!admin.hasRole(Role.SECURITY_ADMIN)) {
			throw new RefusedException(FirmwareRefusal.NOT_SECURITY_ADMIN, admin.subject() + " tried to decide on firmware");
		}
		if (!FirmwareHash.isValid(hash)) {
			throw new RefusedException(FirmwareRefusal.UNKNOWN_HELD_IMAGE, "not a hash");
		}
		HeldImage image;
		try {
			image = this.register.held(FirmwareHash.parse(hash))
				.orElseThrow(() -> new RefusedException(FirmwareRefusal.UNKNOWN_HELD_IMAGE, hash));
		}
		catch (FirmwareRegisterUnavailableException ex) {
			throw new RefusedException(FirmwareRefusal.REGISTER_UNAVAILABLE, ex.getMessage(), ex);
		}
		if (image.state() != HeldImage.State.HELD) {
			throw new RefusedException(FirmwareRefusal.ALREADY_DECIDED, hash + " is " + image.state());
		}
		return image;
	}

	static KeySignedAction actionOf(HeldImage image, HeldImage.State decision, Actor admin) {
		return new KeySignedAction("fwh:" + image.hash().hex().substring(0, 56), "firmware.hold." + decision.name().toLowerCase(),
				List.of("keygate-firmware-hold-v1", image.hash().hex(), decision.name(), image.uploader(), image.target(),
						admin.subject()));
	}

}
