package io.keygate.auth.breach;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.breach.SuspensionReceipt;
import io.keygate.policy.breach.SuspensionReceipts;

/**
 * The receipt of every gateway that was known when a declaration took effect: given (with the
 * sessions it closed), still awaited within {@code keygate.breach.receipt-bound}, or missing after
 * it. A missing receipt is alerted once per gateway and declaration (HIGH, with an alert
 * explanation): that gateway may still hold the vendor's sessions.
 */
public final class BreachReceipts {

	private static final Logger log = LoggerFactory.getLogger(BreachReceipts.class);

	/** One gateway's standing for one declaration. */
	public record Standing(String gatewayInstance, State state, int sessionsClosed, Instant at) {

		public boolean missing() {
			return this.state == State.MISSING;
		}

	}

	public enum State {
		RECEIVED, AWAITED, MISSING
	}

	private final BreachRepository repository;

	private final SuspensionReceipts receipts;

	private final AuditLog audit;

	private final BreachProperties properties;

	private final Clock clock;

	BreachReceipts(BreachRepository repository, SuspensionReceipts receipts, AuditLog audit, BreachProperties properties,
			Clock clock) {
		this.repository = repository;
		this.receipts = receipts;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
	}

	public List<Standing> of(Declaration declaration) {
		if (declaration.declaredAt() == null) {
			return List.of();
		}
		Map<String, SuspensionReceipt> given;
		try {
			given = this.receipts.receiptsFor(declaration.organisation(), declaration.suspensionReason())
				.stream()
				.collect(Collectors.toMap(SuspensionReceipt::gatewayInstance, Function.identity(), (a, b) -> a));
		}
		catch (RuntimeException ex) {
			// Unreadable counts as not given: shown as awaited or missing, never as received.
			log.warn("Could not read the receipts of declaration {}: {}", declaration.id(), ex.toString());
			given = Map.of();
		}
		boolean late = !this.clock.instant().isBefore(declaration.declaredAt().plus(this.properties.receiptBound()));
		List<Standing> standings = new ArrayList<>();
		for (String instance : this.repository.expectedReceipts(declaration.id())) {
			SuspensionReceipt receipt = given.get(instance);
			standings.add(receipt != null ? new Standing(instance, State.RECEIVED, receipt.sessionsClosed(), receipt.at())
					: new Standing(instance, late ? State.MISSING : State.AWAITED, 0, null));
		}
		// A gateway that was not known at the declaration but answered anyway is shown too.
		for (SuspensionReceipt receipt : given.values()) {
			if (standings.stream().noneMatch(s -> s.gatewayInstance().equals(receipt.gatewayInstance()))) {
				standings.add(new Standing(receipt.gatewayInstance(), State.RECEIVED, receipt.sessionsClosed(), receipt.at()));
			}
		}
		return List.copyOf(standings);
	}

	/** Alerts the receipts still missing once the bound of a declaration has passed; returns how many. */
	@Scheduled(fixedDelayString = "${keygate.breach.receipt-check-interval:5s}", initialDelayString = "5s")
	public int alertMissing() {
		int alerted = 0;
		Instant now = this.clock.instant();
		for (Declaration declaration : this.repository.receiptsDue(now.minus(this.properties.receiptBound()))) {
			List<Standing> standings = of(declaration);
			List<Standing> missing = standings.stream().filter(Standing::missing).toList();
			if (!this.repository.markReceiptsChecked(declaration.id())) {
				continue;
			}
			if (standings.isEmpty()) {
				// No gateway was known and none answered: nothing confirms the sessions were closed.
				this.audit.append(AuditEntry.builder(AuditAction.BREACH_RECEIPT_MISSING, now)
					.actor("keygate")
					.organisation(declaration.organisation())
					.outcome("NO_GATEWAY")
					.severity(Severity.HIGH)
					.detail("declarationId", declaration.id())
					.detail("gatewayInstance", "")
					.detail("alert.explanation", "No gateway gave a receipt for closing the sessions of "
							+ declaration.organisation() + " after the breach declaration, and none was known to be running.")
					.build());
				alerted++;
			}
			for (Standing standing : missing) {
				this.audit.append(AuditEntry.builder(AuditAction.BREACH_RECEIPT_MISSING, now)
					.actor("keygate")
					.organisation(declaration.organisation())
					.outcome("MISSING")
					.severity(Severity.HIGH)
					.detail("declarationId", declaration.id())
					.detail("gatewayInstance", standing.gatewayInstance())
					.detail("alert.explanation", "Gateway " + standing.gatewayInstance() + " gave no receipt within "
							+ this.properties.receiptBound().toSeconds() + " s for closing the sessions of "
							+ declaration.organisation() + " after the breach declaration; it may still hold them.")
					.build());
				alerted++;
			}
		}
		return alerted;
	}

}
