package io.keygate.auth.firmware;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.firmware.DistrustWindow;
import io.keygate.policy.firmware.FirmwareRegister;
import io.keygate.policy.firmware.FirmwareRegisterUnavailableException;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * Opening a distrust window for an organisation's firmware: from then on, an image of theirs
 * first seen or allow-listed inside the window is held at every gateway. Only ever tightens, so it
 * needs no key of its own: a security admin sets one here, and a breach declaration (itself
 * key-confirmed) opens one through {@link #open(String, Instant, Instant, String, String)}.
 */
@Service
public class FirmwareDistrust {

	private final FirmwareLedger ledger;

	private final FirmwareRegister register;

	private final AuditLog audit;

	private final Clock clock;

	public FirmwareDistrust(FirmwareLedger ledger, FirmwareRegister register, AuditLog audit, Clock clock) {
		this.ledger = ledger;
		this.register = register;
		this.audit = audit;
		this.clock = clock;
	}

	public List<DistrustWindow> windows() {
		return this.ledger.windows();
	}

	/** A security admin's window, from the portal. */
	@Transactional
	public DistrustWindow open(Actor admin, String organisation, Instant start, Instant end, String reason,
			String clientAddress) {
		if (!admin.hasRole(Role.SECURITY_ADMIN)) {
			throw new RefusedException(FirmwareRefusal.NOT_SECURITY_ADMIN, admin.subject() + " tried to open a distrust window");
		}
		return open(organisation, start, end, reason, admin.subject(), admin.organisation(), clientAddress);
	}

	/**
	 * For the breach declaration (issue 15): opens the window of the declared organisation as part
	 * of a declaration the caller has already key-confirmed and audits itself; this audits the
	 * window too.
	 *
	 * @param declaredBy the security admin who declared the breach
	 * @throws RefusedException {@link FirmwareRefusal#INVALID_WINDOW} for a bad window,
	 * {@link FirmwareRefusal#REGISTER_UNAVAILABLE} when it is recorded but not yet published
	 */
	@Transactional
	public DistrustWindow open(String organisation, Instant start, Instant end, String reason, String declaredBy) {
		return open(organisation, start, end, reason, declaredBy, "", "");
	}

	private DistrustWindow open(String organisation, Instant start, Instant end, String reason, String by,
			String byOrganisation, String clientAddress) {
		// Millisecond precision: what the database keeps is what the register publishes.
		Instant now = this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		DistrustWindow window;
		try {
			window = new DistrustWindow("dw-" + UUID.randomUUID(), organisation, millis(start), millis(end), reason, by, now);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new RefusedException(FirmwareRefusal.INVALID_WINDOW, String.valueOf(ex.getMessage()));
		}
		this.ledger.insert(window);
		this.audit.append(AuditEntry.builder(AuditAction.FIRMWARE_DISTRUST_OPENED, now)
			.actor(by)
			.organisation(byOrganisation)
			.outcome("OPENED")
			.clientAddress(clientAddress)
			.severity(Severity.WARNING)
			.detail("window", window.id())
			.detail("distrusted", organisation)
			.detail("start", start.toString())
			.detail("end", end.toString())
			.detail("reason", window.reason())
			.build());
		try {
			this.register.openWindow(window);
		}
		catch (FirmwareRegisterUnavailableException ex) {
			// The transaction rolls back: a window the gateways do not know must not look opened. The
			// caller (the portal, or a breach declaration) sees the refusal and tries again.
			throw new RefusedException(FirmwareRefusal.REGISTER_UNAVAILABLE, "window " + window.id() + ": " + ex.getMessage(), ex);
		}
		return window;
	}

	private static Instant millis(Instant instant) {
		return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
	}

}
