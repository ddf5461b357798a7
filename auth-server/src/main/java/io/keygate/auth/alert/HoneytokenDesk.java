package io.keygate.auth.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.decoy.HoneytokenFormat;
import io.keygate.policy.decoy.HoneytokenRegistry;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * Security admins plant and retire honeytokens. A new token is shown once, to the admin who made
 * it; the database keeps its SHA-256 and where it was planted, and the registry the gateways read
 * gets the hash. The database is the record: at start the registry is filled from it (the embedded
 * registry starts empty, Redis may have been flushed).
 */
public final class HoneytokenDesk {

	private static final Logger log = LoggerFactory.getLogger(HoneytokenDesk.class);

	/** A token just made: {@code token} is shown now and never again. */
	public record Created(HoneytokenRepository.Honeytoken record, String token) {
	}

	private final HoneytokenRepository repository;

	private final HoneytokenRegistry registry;

	private final AuditLog audit;

	private final TransactionTemplate tx;

	private final Clock clock;

	public HoneytokenDesk(HoneytokenRepository repository, HoneytokenRegistry registry, AuditLog audit, TransactionTemplate tx,
			Clock clock) {
		this.repository = repository;
		this.registry = registry;
		this.audit = audit;
		this.tx = tx;
		this.clock = clock;
	}

	public Created create(Actor admin, String label, String plantedWhere, String clientAddress) {
		requireAdmin(admin);
		String cleanLabel = text(label, 200, "label");
		String where = text(plantedWhere, 1000, "where it is planted");
		return create(admin.subject(), admin.organisation(), cleanLabel, where, HoneytokenFormat.generate(), clientAddress);
	}

	/**
	 * Registers a token made elsewhere (the quickstart's, planted on the simulator's console before
	 * the auth server runs). Idempotent: a token registered before is returned as it is.
	 */
	public HoneytokenRepository.Honeytoken register(String by, String label, String plantedWhere, String token) {
		if (!HoneytokenFormat.isToken(token)) {
			throw new IllegalArgumentException("not a honeytoken: it must look like " + HoneytokenFormat.PREFIX + "<48 hex>");
		}
		return this.repository.findByHash(HoneytokenFormat.hash(token))
			.orElseGet(() -> create(by, "keygate", label, plantedWhere, token, "").record());
	}

	private Created create(String by, String byOrganisation, String label, String where, String token, String clientAddress) {
		Instant now = this.clock.instant();
		String id = "ht-" + UUID.randomUUID().toString().substring(0, 8);
		HoneytokenRepository.Honeytoken record = new HoneytokenRepository.Honeytoken(id, HoneytokenFormat.hash(token), label,
				where, by, now, null, null);
		this.tx.executeWithoutResult(status -> {
			this.repository.insert(record);
			this.audit.append(AuditEntry.builder(AuditAction.HONEYTOKEN_CREATED, now)
				.actor(by)
				.organisation(byOrganisation)
				.outcome("CREATED")
				.clientAddress(clientAddress)
				.severity(Severity.WARNING)
				.detail("honeytoken.id", id)
				.detail("label", label)
				.detail("plantedWhere", where)
				.build());
		});
		// After the commit: a token the registry knows but the database does not would trip with no record behind it.
		this.registry.plant(id, record.hash());
		return new Created(record, token);
	}

	public void revoke(Actor admin, String id, String clientAddress) {
		requireAdmin(admin);
		HoneytokenRepository.Honeytoken token = this.repository.find(id)
			.filter(HoneytokenRepository.Honeytoken::live)
			.orElseThrow(() -> new RefusedException(AlertRefusal.NOT_FOUND, "no live honeytoken " + id));
		Instant now = this.clock.instant();
		this.tx.executeWithoutResult(status -> {
			if (!this.repository.revoke(id, admin.subject(), now)) {
				throw new RefusedException(AlertRefusal.NOT_FOUND, "honeytoken " + id + " revoked meanwhile");
			}
			this.audit.append(AuditEntry.builder(AuditAction.HONEYTOKEN_REVOKED, now)
				.actor(admin.subject())
				.organisation(admin.organisation())
				.outcome("REVOKED")
				.clientAddress(clientAddress)
				.severity(Severity.WARNING)
				.detail("honeytoken.id", id)
				.build());
		});
		this.registry.remove(token.hash());
	}

	public List<HoneytokenRepository.Honeytoken> all() {
		return this.repository.all();
	}

	/** Puts every live token's hash into the registry: the database is the record. */
	@EventListener(ApplicationReadyEvent.class)
	public int restore() {
		int planted = 0;
		for (HoneytokenRepository.Honeytoken token : this.repository.live()) {
			try {
				this.registry.plant(token.id(), token.hash());
				planted++;
			}
			catch (RuntimeException ex) {
				log.error("Honeytoken {} could not be put back into the registry; it will not trip at the gateways until it is",
						token.id(), ex);
			}
		}
		if (planted > 0) {
			log.info("{} honeytoken(s) live", planted);
		}
		return planted;
	}

	private static void requireAdmin(Actor admin) {
		if (!admin.hasRole(Role.SECURITY_ADMIN)) {
			throw new RefusedException(AlertRefusal.NOT_ALLOWED, admin.subject() + " managing honeytokens without SECURITY_ADMIN");
		}
	}

	private static String text(String value, int max, String what) {
		if (value == null || value.isBlank() || value.length() > max || value.chars().anyMatch(c -> c < 0x20)) {
			throw new RefusedException(AlertRefusal.INVALID_INPUT, what + " missing, too long or with control characters");
		}
		return value.strip();
	}

}
