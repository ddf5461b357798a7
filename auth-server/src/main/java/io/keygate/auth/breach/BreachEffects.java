package io.keygate.auth.breach;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.OrganisationSuspension;
import io.keygate.auth.access.RevocationResult;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.presence.GatewayInstance;
import io.keygate.policy.presence.GatewayPresence;

/**
 * What a confirmed declaration does, in this order: suspend the organisation (the grant store ends
 * every grant and every gateway closes its sessions on the revocation event); note which gateways
 * owe a receipt; quarantine suspect keys; watch the organisation strictly; open the firmware
 * distrust window; write one CRITICAL {@code breach.declared} entry with the counts. The suspension
 * comes first and alone may refuse the whole action (store unreachable): cutting the vendor off is
 * what matters most, and the rest is safe to do after it.
 */
final class BreachEffects {

	private static final Logger log = LoggerFactory.getLogger(BreachEffects.class);

	private final OrganisationSuspension suspension;

	private final KeyQuarantine quarantine;

	private final HuntReport hunt;

	private final FirmwareDistrustWindows firmware;

	private final GatewayPresence presence;

	private final BreachRepository repository;

	private final AuditLog audit;

	private final TransactionTemplate tx;

	private final BreachProperties properties;

	private final Clock clock;

	BreachEffects(OrganisationSuspension suspension, KeyQuarantine quarantine, HuntReport hunt, FirmwareDistrustWindows firmware,
			GatewayPresence presence, BreachRepository repository, AuditLog audit, TransactionTemplate tx,
			BreachProperties properties, Clock clock) {
		this.suspension = suspension;
		this.quarantine = quarantine;
		this.hunt = hunt;
		this.firmware = firmware;
		this.presence = presence;
		this.repository = repository;
		this.audit = audit;
		this.tx = tx;
		this.properties = properties;
		this.clock = clock;
	}

	/** The suspension's reason: what gateways put on their receipts, so it names the declaration. */
	static String suspensionReason(Declaration declaration) {
		String reference = declaration.reference().length() > 150 ? declaration.reference().substring(0, 150)
				: declaration.reference();
		return "breach " + declaration.id() + ": " + reference;
	}

	void apply(Declaration declaration, Actor declarer, String clientAddress) {
		String reason = suspensionReason(declaration);
		// Noted before the suspension is published, so a gateway that answers at once is expected.
		List<String> owing = this.presence.instances().stream().map(GatewayInstance::id).toList();
		RevocationResult suspended = this.suspension.suspend(declarer, declaration.organisation(), reason, clientAddress);
		Instant now = this.clock.instant();
		Instant strictUntil = now.plus(this.properties.strictPeriod());
		String firmwareOutcome;
		try {
			firmwareOutcome = this.firmware.open(declaration.organisation(), declaration.window(), declaration.id(),
					declarer.subject(), now);
		}
		catch (RuntimeException ex) {
			log.error("Opening the firmware distrust window of {} for declaration {} failed", declaration.organisation(),
					declaration.id(), ex);
			firmwareOutcome = "FAILED: the firmware distrust window could not be opened; open it by hand";
		}
		String firmwareResult = firmwareOutcome.length() > 200 ? firmwareOutcome.substring(0, 200) : firmwareOutcome;
		this.tx.executeWithoutResult(status -> {
			this.repository.expectReceipts(declaration.id(), owing);
			KeyQuarantine.Quarantined quarantined = this.quarantine.apply(declaration.organisation(), declaration.window(),
					declaration.window().from().minus(this.properties.lookback()), declaration.id(), now);
			this.repository.strictUntil(declaration.organisation(), strictUntil, "breach " + declaration.id());
			int huntEvents = this.hunt.of(declaration.organisation(), declaration.window()).lines().size();
			this.repository.recordEffects(declaration.id(), now, reason, suspended.grantIds().size(),
					suspended.scheduledCancelled().size(), quarantined.keys(), quarantined.people(), strictUntil, firmwareResult,
					huntEvents);
			if (quarantined.keys() > 0) {
				this.audit.append(AuditEntry.builder(AuditAction.BREACH_KEYS_QUARANTINED, now)
					.actor(declarer.subject())
					.organisation(declaration.organisation())
					.outcome("QUARANTINED")
					.clientAddress(clientAddress)
					.severity(Severity.HIGH)
					.detail("declarationId", declaration.id())
					.detail("subjects", List.copyOf(quarantined.keysBySubject().keySet()))
					.detail("keys", quarantined.keys())
					.build());
			}
			this.audit.append(AuditEntry.builder(AuditAction.BREACH_DECLARED, now)
				.actor(declarer.subject())
				.organisation(declaration.organisation())
				.outcome("DECLARED")
				.reason(declaration.reference().length() > 200 ? declaration.reference().substring(0, 200)
						: declaration.reference())
				.clientAddress(clientAddress)
				.severity(Severity.CRITICAL)
				.detail("declarationId", declaration.id())
				.detail("windowFrom", declaration.window().from())
				.detail("windowTo", declaration.window().to())
				.detail("draftedBy", declaration.draftedBy())
				.detail("secondAdmin", declaration.secondAdmin() == null ? "" : declaration.secondAdmin())
				.detail("grantsEnded", suspended.grantIds().size())
				.detail("scheduledCancelled", suspended.scheduledCancelled().size())
				.detail("keysQuarantined", quarantined.keys())
				.detail("peopleQuarantined", quarantined.people())
				.detail("strictUntil", strictUntil)
				.detail("firmwareDistrust", firmwareResult)
				.detail("huntEvents", huntEvents)
				.detail("gatewaysOwingReceipts", owing)
				.build());
		});
	}

}
