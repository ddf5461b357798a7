package io.keygate.gateway.decoy;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.keygate.gateway.access.AccessDecisionFilter;
import io.keygate.gateway.access.DenyResponse;
import io.keygate.gateway.access.Identity;
import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.gateway.metrics.GatewayMetrics;
import io.keygate.gateway.route.TargetPath;
import io.keygate.gateway.session.LiveSessionRegistry;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.decision.DenyReason;
import io.keygate.policy.decoy.HoneytokenRegistry;
import io.keygate.policy.decoy.Tripwire;
import io.keygate.policy.grant.GrantStore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Springs on a decoy target touched or a honeytoken presented, signed in or not. Runs inside the
 * security chain just before authorisation: the sign-in (if any) is known, and a request nobody
 * signed in still reaches it (it is audited, then left to get the same sign-in redirect as any
 * other target, so the prober learns nothing).
 * <p>
 * A signed-in person who trips it is refused here with the unknown-target answer, and cut off on
 * this gateway at once: their live sessions here close, their later requests are refused
 * ({@link TrippedSubjects}), and their grants are revoked in the store when this gateway may write
 * it (the embedded mode; a distributed gateway's Redis user is read-only on grants). The audit
 * entry carries the alert convention, so the auth server raises a CRITICAL alert and disables the
 * account (and suspends the organisation when the decoy says so) when it is chained.
 * <p>
 * Cost when nothing is planted and nobody tripped: one catalogue lookup of the path's target.
 * With honeytokens live: one {@code indexOf} per header value and query string, a SHA-256 only of
 * token-shaped candidates.
 */
public final class DecoyTripwire {

	private static final Logger log = LoggerFactory.getLogger(DecoyTripwire.class);

	private final TargetCatalog catalog;

	private final HoneytokenRegistry honeytokens;

	private final DecisionAudit audit;

	private final GrantStore grants;

	private final LiveSessionRegistry sessions;

	private final TrippedSubjects tripped;

	private final DenyResponse denyResponse;

	private final AccessDecisionFilter.Config claims;

	private final GatewayMetrics metrics;

	private final Clock clock;

	public DecoyTripwire(TargetCatalog catalog, HoneytokenRegistry honeytokens, DecisionAudit audit, GrantStore grants,
			LiveSessionRegistry sessions, TrippedSubjects tripped, DenyResponse denyResponse, AccessDecisionFilter.Config claims,
			GatewayMetrics metrics, Clock clock) {
		this.metrics = Objects.requireNonNull(metrics, "metrics cannot be null");
		this.catalog = Objects.requireNonNull(catalog, "catalog cannot be null");
		this.honeytokens = Objects.requireNonNull(honeytokens, "honeytokens cannot be null");
		this.audit = Objects.requireNonNull(audit, "audit cannot be null");
		this.grants = Objects.requireNonNull(grants, "grants cannot be null");
		this.sessions = Objects.requireNonNull(sessions, "sessions cannot be null");
		this.tripped = Objects.requireNonNull(tripped, "tripped cannot be null");
		this.denyResponse = Objects.requireNonNull(denyResponse, "denyResponse cannot be null");
		this.claims = Objects.requireNonNull(claims, "claims cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/**
	 * For the security chain only: not a bean of type {@link WebFilter}, which WebFlux would also run
	 * outside the chain, where nobody is signed in yet.
	 */
	public WebFilter webFilter() {
		return this::filter;
	}

	Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String rawPath = request.getURI().getRawPath();
		Optional<TargetPath> targetPath = TargetPath.parse(rawPath);
		Optional<Target> decoy = targetPath.flatMap(path -> this.catalog.find(path.targetId())).filter(Target::decoy);
		Optional<String> token = this.honeytokens.isEmpty() ? Optional.empty()
				: this.honeytokens.firstPresented(presentedValues(request));
		if (decoy.isEmpty() && token.isEmpty() && this.tripped.isEmpty()) {
			return chain.filter(exchange);
		}
		return exchange.getPrincipal()
			.map(principal -> Identity.of(principal, this.claims.subjectClaim(), this.claims.organisationClaim()))
			.defaultIfEmpty(Optional.empty())
			.flatMap(identity -> {
				if (decoy.isEmpty() && token.isEmpty()) {
					if (identity.isPresent() && this.tripped.contains(identity.get().subject())) {
						String targetId = targetPath.map(TargetPath::targetId).orElse("");
						this.metrics.denied(DenyReason.REVOKED);
						return this.denyResponse.write(exchange, DenyReason.REVOKED, targetId, request.getMethod().name(),
								targetPath.map(TargetPath::rawRest).orElse(rawPath));
					}
					return chain.filter(exchange);
				}
				return trip(exchange, chain, identity, targetPath, decoy, token);
			});
	}

	private Mono<Void> trip(ServerWebExchange exchange, WebFilterChain chain, Optional<Identity> identity,
			Optional<TargetPath> targetPath, Optional<Target> decoy, Optional<String> token) {
		ServerHttpRequest request = exchange.getRequest();
		String subject = identity.map(Identity::subject).orElse("");
		String organisation = identity.map(Identity::organisation).orElse("");
		String targetId = targetPath.map(TargetPath::targetId).orElse("");
		String method = request.getMethod().name();
		String path = targetPath.map(TargetPath::rawRest).orElse(request.getURI().getRawPath());
		AuditEntry.Builder entry = decoy.isPresent()
				? Tripwire.decoy(this.clock.instant(), subject, organisation, targetId, decoy.get().suspendOrganisation())
				: Tripwire.honeytoken(this.clock.instant(), subject, organisation, targetId, token.orElseThrow());
		entry.clientAddress(clientAddress(request)).detail("method", method).detail("path", path).detail("status", 403);
		DenyReason reason = decoy.isPresent() ? DenyReason.DECOY : DenyReason.HONEYTOKEN;
		this.metrics.denied(reason);
		log.warn("{} tripped by '{}' ({}) from {} on {} {}{}", reason, subject, organisation, clientAddress(request), method,
				request.getURI().getRawPath(), token.map(id -> " with honeytoken " + id).orElse(""));
		Mono<Void> audited = this.audit.record(entry.build())
			.onErrorResume(ex -> {
				// Refused all the same; the auth server will not hear of it from this entry, so say it loudly.
				log.error("Audit of a {} trip by '{}' failed; refused anyway", reason, subject, ex);
				return Mono.empty();
			});
		if (identity.isEmpty()) {
			// Nobody signed in: the same answer any other path gets (the sign-in redirect).
			return audited.then(chain.filter(exchange));
		}
		cutOffHere(subject, reason);
		return audited.then(this.denyResponse.write(exchange, reason, targetId, method, path));
	}

	private void cutOffHere(String subject, DenyReason reason) {
		this.tripped.trip(subject);
		int closed = this.sessions.endSubject(subject, DenyReason.REVOKED);
		Mono.fromRunnable(() -> {
			try {
				int revoked = this.grants.revokeSubject(subject, reason.name().toLowerCase(java.util.Locale.ROOT) + " tripped")
					.size();
				log.warn("{} trip: revoked {} grant(s) of {} in the store, closed {} live session(s) here", reason, revoked,
						subject, closed);
			}
			catch (RuntimeException ex) {
				// Expected on a distributed gateway (read-only on grants): the auth server revokes when the entry is chained.
				log.warn("{} trip: {} refused here and {} live session(s) closed; the store revocation is left to the auth"
						+ " server ({})", reason, subject, closed, ex.toString());
			}
		}).subscribeOn(Schedulers.boundedElastic()).subscribe();
	}

	/** Where an intruder pastes a key: any header (Authorization, X-Api-Key, Cookie...), the path and the query string. */
	private static List<String> presentedValues(ServerHttpRequest request) {
		List<String> values = new ArrayList<>();
		request.getHeaders().forEach((name, list) -> values.addAll(list));
		values.add(request.getURI().getRawPath());
		String query = request.getURI().getRawQuery();
		if (query != null) {
			values.add(query);
		}
		return values;
	}

	private static String clientAddress(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		return remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress();
	}

}
