package io.keygate.auth.access;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.auth.access.request.StoredRequest;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.Names;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest;
import io.keygate.policy.request.RequestRefusedException;

/**
 * What every access role needs and none owns: auditing refusals, who may see a request, expiring a
 * request lazily when it is read, writing a transition under the row version, and saying a time in
 * the business zone. Kept in one place so that the roles cannot drift apart on these.
 */
public final class AccessSupport {

	private static final Logger log = LoggerFactory.getLogger(AccessSupport.class);

	/** The most rows a list shows; the repositories bound their queries by it. */
	static final int LIST_LIMIT = 200;

	/** How often a write that lost the optimistic-lock race reads again before it gives up. */
	static final int WRITE_ATTEMPTS = 4;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

	private final AccessRequestRepository requests;

	private final TargetCatalog catalog;

	private final GrantStore grantStore;

	private final AccessEvents events;

	private final TransactionTemplate tx;

	private final ZoneId zone;

	private final Clock clock;

	public AccessSupport(AccessRequestRepository requests, TargetCatalog catalog, GrantStore grantStore, AccessEvents events,
			TransactionTemplate tx, AccessProperties properties, Clock clock) {
		this.requests = requests;
		this.catalog = catalog;
		this.grantStore = grantStore;
		this.events = events;
		this.tx = tx;
		this.zone = ZoneId.of(properties.businessZone());
		this.clock = clock;
	}

	/**
	 * Runs {@code work}; a refusal is logged and written to the audit chain under
	 * {@code refusedAction} before it goes on to the caller. Every refusal is evidence: repeated
	 * ones are how probing shows.
	 */
	<T> T refusalsAudited(AuditAction refusedAction, Actor actor, String clientAddress, String requestId, String targetId,
			Supplier<T> work) {
		try {
			return work.get();
		}
		catch (RefusedException ex) {
			log.info("{} by {}: {} ({})", refusedAction.action(), actor.subject(), ex.refusal(), ex.detail());
			this.events.refused(refusedAction, actor, clientAddress, requestId, targetId, ex, this.clock.instant());
			throw ex;
		}
	}

	/** A request as {@code actor} may see it: their own, or any if they review or audit. Otherwise 404. */
	StoredRequest visible(Actor actor, String requestId) {
		if (requestId == null || !Names.isToken(requestId)) {
			throw new RefusedException(AccessRefusal.NOT_FOUND, "malformed request id");
		}
		StoredRequest stored = this.requests.find(requestId)
			.orElseThrow(() -> new RefusedException(AccessRefusal.NOT_FOUND, "no request " + requestId));
		boolean reviewer = actor.hasRole(Role.APPROVER) || actor.hasRole(Role.SECURITY_ADMIN);
		if (!reviewer && !stored.request().requester().equals(actor.subject())) {
			// The same answer as for an id that does not exist: guessing ids tells nothing.
			throw new RefusedException(AccessRefusal.NOT_FOUND, actor.subject() + " asked for " + requestId);
		}
		return stored;
	}

	/** {@link #visible} as it stands at {@code now}. */
	AccessRequest find(Actor actor, String requestId, Instant now) {
		return expireLazily(visible(actor, requestId).request(), now);
	}

	/**
	 * The request as it stands at {@code now}: a pending one past its lifetime is written as expired
	 * (and announced) the first time anyone reads it, so nobody acts on it while the sweep is due.
	 */
	AccessRequest expireLazily(AccessRequest request, Instant now) {
		if (!request.isExpiredAt(now)) {
			return request;
		}
		Optional<StoredRequest> stored = this.requests.find(request.id());
		if (stored.isEmpty() || !stored.get().request().isExpiredAt(now)) {
			return stored.map(StoredRequest::request).orElse(request);
		}
		AccessRequest expired = stored.get().request().expireIfDue(now);
		boolean written = Boolean.TRUE.equals(this.tx.execute(status -> {
			if (!this.requests.update(expired, stored.get().version())) {
				return false;
			}
			this.events.expired(expired, now);
			return true;
		}));
		if (!written) {
			return this.requests.find(request.id()).map(StoredRequest::request).orElse(expired);
		}
		return expired;
	}

	/**
	 * Applies a non-approval transition under the row version; a lost race reads again, a few times.
	 * {@code record} reports the change inside its transaction.
	 */
	AccessRequest transition(StoredRequest stored, Instant now, UnaryOperator<AccessRequest> change,
			Consumer<AccessRequest> record) {
		StoredRequest row = stored;
		for (int attempt = 1;; attempt++) {
			AccessRequest current = expireLazily(row.request(), now);
			if (current != row.request()) {
				row = this.requests.find(current.id()).orElseThrow();
			}
			AccessRequest next;
			try {
				next = change.apply(row.request());
			}
			catch (RequestRefusedException ex) {
				throw AccessRefusal.refusedFrom(ex);
			}
			StoredRequest before = row;
			boolean written = Boolean.TRUE.equals(this.tx.execute(status -> {
				if (!this.requests.update(next, before.version())) {
					return false;
				}
				record.accept(next);
				return true;
			}));
			if (written) {
				return next;
			}
			if (attempt >= WRITE_ATTEMPTS) {
				throw new RefusedException(AccessRefusal.CONFLICT, next.id() + " kept changing");
			}
			row = this.requests.find(next.id()).orElseThrow();
		}
	}

	Target targetOf(AccessRequest request) {
		return this.catalog.find(request.targetId())
			.orElseThrow(() -> new RefusedException(AccessRefusal.UNKNOWN_TARGET,
					"target " + request.targetId() + " left the catalogue"));
	}

	/**
	 * Whether {@code organisation} is suspended, for pages and for refusing new requests. The
	 * suspension lives in the grant store (shared with the gateways); a store that cannot say is
	 * treated as suspended, so an outage never lets a suspended vendor in.
	 */
	boolean isSuspendedOrUnknown(String organisation) {
		try {
			return this.grantStore.isSuspended(organisation);
		}
		catch (RuntimeException ex) {
			log.warn("Cannot read suspension of {}: treating it as suspended", organisation, ex);
			return true;
		}
	}

	/** An instant as the business reads it, with the zone named so that nobody reads it as their own local time. */
	String at(Instant instant) {
		return TIME.format(instant.atZone(this.zone)) + " " + this.zone.getId();
	}

	ZoneId zone() {
		return this.zone;
	}

	static void requireAnyRole(Actor actor, Role... roles) {
		for (Role role : roles) {
			if (actor.hasRole(role)) {
				return;
			}
		}
		throw new RefusedException(AccessRefusal.NOT_ALLOWED, actor.subject() + " lacks " + List.of(roles));
	}

	static void requireOrganisationName(String organisation) {
		if (!Names.isToken(organisation)) {
			throw new RefusedException(AccessRefusal.INVALID_INPUT, "bad organisation name");
		}
	}

	/** The reason given, or {@code fallback}; cut to what policy keeps, since it is only a note. */
	static String reasonOrDefault(String reason, String fallback) {
		if (reason == null || reason.isBlank()) {
			return fallback;
		}
		String stripped = reason.strip();
		return stripped.length() > AccessRequest.MAX_TEXT ? stripped.substring(0, AccessRequest.MAX_TEXT) : stripped;
	}

}
