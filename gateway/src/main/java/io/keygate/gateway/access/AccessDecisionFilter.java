package io.keygate.gateway.access;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.gateway.audit.DecisionEvents;
import io.keygate.gateway.live.LiveSessionTracker;
import io.keygate.gateway.metrics.GatewayMetrics;
import io.keygate.gateway.route.TargetPath;
import io.keygate.gateway.route.TargetRoutes;
import io.keygate.gateway.session.LiveSession;
import io.keygate.gateway.session.LiveSessionRegistry;
import io.keygate.gateway.session.SessionBinding;
import io.keygate.gateway.upstreamtls.UpstreamTlsFailureHandler;
import io.keygate.gateway.transcript.TranscriptSessionId;
import io.keygate.policy.audit.AuditBackpressureException;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.decision.AccessPolicy;
import io.keygate.policy.decision.AccessQuery;
import io.keygate.policy.decision.Decision;
import io.keygate.policy.decision.DenyReason;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantSource;
import io.keygate.policy.catalog.TargetCatalog;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.channel.AbortedException;

/**
 * Asks {@link AccessPolicy} about every request routed to a target, WebSocket handshakes
 * included, and lets through only what it allows. Always fail-closed: no identity, an unknown
 * target, a lookup that fails, an audit event that cannot be recorded, or anything unexpected ends
 * in a deny, never in a forward.
 * <p>
 * The query carries the raw, still-encoded path exactly as received ({@code URI#getRawPath()}),
 * never a decoded one, so that what the policy checks is what the client sent; on allow, the only
 * path ever forwarded is the one the policy normalised and checked ({@link ForwardDecidedPathFilter}).
 * <p>
 * What else the request carries (override headers and parameters, a body, its origin) is read by
 * {@link RequestShapes} and judged by the same decision: nothing is decided here.
 * <p>
 * A grant lookup that may block (a near-cache miss goes to Redis) never runs on an event-loop
 * thread: a cache hit is decided in place, a miss on the bounded elastic scheduler. Audit sinks
 * that block (an {@code AuditLog}) move off the loop themselves; the Redis Stream sink is async.
 */
public final class AccessDecisionFilter implements GlobalFilter, Ordered {

	/**
	 * Before {@code NettyWriteResponseFilter} (-1), so the response this filter decorates to count
	 * bytes is the one written; and long before routing, which only happens after an allow.
	 */
	public static final int ORDER = -100;

	private static final Logger log = LoggerFactory.getLogger(AccessDecisionFilter.class);

	/**
	 * @param subjectClaim the ID token claim that names the person
	 * @param organisationClaim the ID token claim that names their organisation
	 */
	public record Config(String subjectClaim, String organisationClaim) {

		public Config {
			Objects.requireNonNull(subjectClaim, "subjectClaim cannot be null");
			Objects.requireNonNull(organisationClaim, "organisationClaim cannot be null");
		}

	}

	/** A live HTTP response cut because its grant ended. */
	static final class SessionEndedException extends RuntimeException {

		private final DenyReason reason;

		SessionEndedException(DenyReason reason) {
			super("live session ended: " + reason, null, false, false);
			this.reason = reason;
		}

	}

	private final Config config;

	private final AccessPolicy policy;

	private final TargetCatalog catalog;

	private final DecisionGrants grants;

	private final DecisionAudit audit;

	private final CompletionAudit completions;

	private final DenyResponse denyResponse;

	private final LiveSessionRegistry sessions;

	private final GatewayMetrics metrics;

	private final Clock clock;

	private final RequestShapes shapes;

	private final LiveSessionTracker live;

	public AccessDecisionFilter(Config config, AccessPolicy policy, TargetCatalog catalog, DecisionGrants grants,
			DecisionAudit audit, DenyResponse denyResponse, LiveSessionRegistry sessions, GatewayMetrics metrics, Clock clock,
			RequestShapes shapes, LiveSessionTracker live) {
		this.live = Objects.requireNonNull(live, "live cannot be null");
		this.shapes = Objects.requireNonNull(shapes, "shapes cannot be null");
		this.config = Objects.requireNonNull(config, "config cannot be null");
		this.policy = Objects.requireNonNull(policy, "policy cannot be null");
		this.catalog = Objects.requireNonNull(catalog, "catalog cannot be null");
		this.grants = Objects.requireNonNull(grants, "grants cannot be null");
		this.audit = Objects.requireNonNull(audit, "audit cannot be null");
		this.completions = new CompletionAudit(audit, metrics, clock);
		this.denyResponse = Objects.requireNonNull(denyResponse, "denyResponse cannot be null");
		this.sessions = Objects.requireNonNull(sessions, "sessions cannot be null");
		this.metrics = Objects.requireNonNull(metrics, "metrics cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange received, GatewayFilterChain chain) {
		long started = System.nanoTime();
		ServerHttpRequest request = received.getRequest();
		// A request target has no fragment (RFC 9112 §3.2); keep one in the path so the policy
		// refuses it, rather than dropping it and forwarding a path the client did not send.
		String fragment = request.getURI().getRawFragment();
		String rawPath = request.getURI().getRawPath() + (fragment == null ? "" : "#" + fragment);
		String method = request.getMethod().name();
		Optional<TargetPath> targetPath = TargetPath.parse(rawPath);
		String targetId = targetPath.map(TargetPath::targetId).orElse("");
		String rawRest = targetPath.map(TargetPath::rawRest).orElse(rawPath);
		// Read before the grant is looked up: a revocation after this point reaches the live
		// session even if it lands before the session is registered (LiveSessionRegistry).
		long endEventsBefore = this.sessions.endEvents();
		return this.shapes.read(received, targetId)
			.flatMap(shaped -> {
				ServerWebExchange exchange = shaped.exchange();
				return exchange.getSession()
					.map(session -> session.isStarted() ? session.getId() : SessionBinding.NO_BROWSER_SESSION)
					.defaultIfEmpty(SessionBinding.NO_BROWSER_SESSION)
					.doOnNext(browserSession -> exchange.getAttributes()
						.put(SessionBinding.ATTRIBUTE, new SessionBinding(browserSession, endEventsBefore)))
					.then(exchange.getPrincipal()
						.map(principal -> Identity.of(principal, this.config.subjectClaim(), this.config.organisationClaim()))
						.defaultIfEmpty(Optional.empty()))
					.flatMap(identity -> {
						AccessQuery query = new AccessQuery(identity.map(Identity::subject).orElse(null),
								identity.map(Identity::organisation).orElse(null), targetId, method, rawRest, shaped.shape());
						return decideWithoutBlocking(exchange, query)
							.flatMap(decision -> recordDecision(exchange, identity, targetId, method, rawRest, decision))
							.flatMap(decision -> decision instanceof Decision.Allow allow
									? forward(exchange, chain, identity.orElseThrow(), targetId, allow, started)
									: deny(exchange, (Decision.Deny) decision, targetId, method, rawRest));
					});
			})
			// A failed TLS handshake with the target goes on to UpstreamTlsFailureHandler (502, audited).
			.onErrorResume(ex -> !(ex instanceof SessionEndedException)
					&& !UpstreamTlsFailureHandler.isUpstreamTlsFailure(received, ex), ex -> {
				// Anything unexpected before the response is committed is a deny, never a forward or a 500.
				if (ex instanceof AbortedException || ex instanceof java.nio.channels.ClosedChannelException
						|| AbortedException.isConnectionReset(ex)) {
					// A connection closed under the request (most often the client's: a closed tab, a load
					// generator's last round): still answered with a deny, which simply goes nowhere if
					// the client is gone, but not logged as an ERROR with a stack trace.
					log.debug("Connection closed during {} {}; denied: {}", method, rawPath, ex.toString());
				}
				else {
					log.error("Access filter failed on {} {}; denied", method, rawPath, ex);
				}
				this.metrics.denied(DenyReason.MALFORMED_REQUEST);
				return this.denyResponse.write(received, DenyReason.MALFORMED_REQUEST, targetId, method, rawRest);
			});
	}

	/**
	 * Decides on the calling (event-loop) thread when the store's answer is in memory (a near-cache
	 * hit, or no store needed at all), and on the bounded elastic scheduler otherwise, where a
	 * lookup may wait on Redis. The decision is pure, so deciding again off the loop after a miss
	 * gives the answer a single blocking decision would have.
	 */
	private Mono<Decision> decideWithoutBlocking(ServerWebExchange exchange, AccessQuery query) {
		return Mono.defer(() -> {
			AtomicBoolean missed = new AtomicBoolean();
			GrantSource memoryOnly = (subject, organisation, target) -> this.grants.peek(subject, organisation, target)
				.orElseGet(() -> {
					missed.set(true);
					return new GrantLookup.Unavailable("not in memory");
				});
			Decision fast = decide(exchange, query, memoryOnly);
			if (!missed.get()) {
				return Mono.just(fast);
			}
			return Mono.fromCallable(() -> decide(exchange, query, this.grants))
				.subscribeOn(Schedulers.boundedElastic());
		});
	}

	private Decision decide(ServerWebExchange exchange, AccessQuery query, GrantSource source) {
		String targetId = query.targetId();
		Decision decision = this.policy.decide(query, source);
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (decision instanceof Decision.Allow allow
				&& (route == null || TargetRoutes.UNKNOWN_TARGET_ROUTE.equals(route.getId()) || !route.getId().equals(targetId))) {
			return new Decision.Deny(DenyReason.MALFORMED_REQUEST, "allowed " + targetId + " on route "
					+ (route == null ? "none" : route.getId()) + " (this is a bug)", allow.grant().id());
		}
		// A Terminate in the live view ends this live session, not the grant (issue 16).
		SessionBinding binding = SessionBinding.of(exchange);
		if (decision instanceof Decision.Allow allow && binding != null
				&& this.live.terminated(binding.browserSession(), allow.grant().id())) {
			return new Decision.Deny(DenyReason.SESSION_TERMINATED, "live session terminated in the live view",
					allow.grant().id());
		}
		return decision;
	}

	/** Records the decision; an allow that cannot be recorded becomes a deny. */
	private Mono<Decision> recordDecision(ServerWebExchange exchange, Optional<Identity> identity, String targetId,
			String method, String rawRest, Decision decision) {
		AuditEntry.Builder entry = DecisionEvents.decision(this.clock.instant(), identity.map(Identity::subject).orElse(""),
				identity.map(Identity::organisation).orElse(""), targetId, method, rawRest, CompletionAudit.clientAddress(exchange));
		entry.detail(TranscriptSessionId.DETAIL, CompletionAudit.transcriptSession(exchange));
		if (decision instanceof Decision.Allow allow) {
			entry.outcome("allow").grant(allow.grant().id()).detail("forwardedPath", allow.path());
		}
		else {
			Decision.Deny deny = (Decision.Deny) decision;
			entry.outcome("deny")
				.reason(deny.reason().name())
				.grant(deny.grantId())
				.detail("detail", deny.detail())
				.detail("status", 403)
				.severity(severity(deny.reason()));
		}
		return this.audit.record(entry.build()).thenReturn(decision).onErrorResume(ex -> {
			this.metrics.auditFailed();
			if (ex instanceof AuditBackpressureException backpressure && decision instanceof Decision.Allow allow) {
				// The pipeline is over its bound: a reason of its own, so operators see why (the
				// pipeline chains the count of these denials itself once it can).
				log.warn("Audit pipeline over its bound on {} {} on {}; denied: {}", method, rawRest, targetId, ex.getMessage());
				return Mono.just(new Decision.Deny(backpressure.reason(), ex.getMessage(), allow.grant().id()));
			}
			log.error("Audit of {} {} on {} failed; {}", method, rawRest, targetId,
					decision.allowed() ? "denying instead of forwarding unaudited" : "still denying", ex);
			if (decision instanceof Decision.Deny) {
				return Mono.just(decision);
			}
			return Mono.just(new Decision.Deny(DenyReason.STORE_UNAVAILABLE, "audit event could not be recorded: " + ex,
					((Decision.Allow) decision).grant().id()));
		});
	}

	/**
	 * A decoy touch is an alert; an override or a cross-origin attempt is what an attacker riding a
	 * grant or a browser would try, so it stands out from ordinary "not in your level" denials.
	 */
	private static Severity severity(DenyReason reason) {
		return switch (reason) {
			case DECOY, HONEYTOKEN -> Severity.CRITICAL;
			case OVERRIDE_REFUSED, CROSS_ORIGIN, WEBSOCKET_FRAME_REFUSED -> Severity.WARNING;
			default -> Severity.INFO;
		};
	}

	private Mono<Void> deny(ServerWebExchange exchange, Decision.Deny deny, String targetId, String method, String rawRest) {
		this.metrics.denied(deny.reason());
		log.info("Denied {} {} on '{}': {} ({})", method, rawRest, targetId, deny.reason(), deny.detail());
		if (deny.reason() == DenyReason.SESSION_TERMINATED) {
			// The browser session ends with it, so the person gets a new live session by signing in again.
			return exchange.getSession()
				.flatMap(session -> session.invalidate())
				.then(this.denyResponse.write(exchange, deny.reason(), targetId, method, rawRest));
		}
		return this.denyResponse.write(exchange, deny.reason(), targetId, method, rawRest);
	}

	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, Identity identity, String targetId,
			Decision.Allow allow, long started) {
		this.metrics.allowed();
		exchange.getAttributes()
			.put(DecidedRequest.ATTRIBUTE, new DecidedRequest(this.catalog.find(targetId).orElseThrow(), identity, allow));
		Grant grant = allow.grant();
		SessionBinding binding = SessionBinding.of(exchange);
		LiveSessionTracker.Counters counters = this.live.allowed(binding.browserSession(), grant, CompletionAudit.clientAddress(exchange));
		if ("websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
			// The WebSocket service registers the session itself, so that it can close it with 1008.
			return chain.filter(exchange)
				.doFinally(signal -> this.completions.record(exchange, identity, targetId, grant, allow.path(), 101, -1, started));
		}
		AtomicLong bytes = new AtomicLong();
		ServerHttpResponse counting = new ServerHttpResponseDecorator(exchange.getResponse()) {
			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				return super.writeWith(Flux.from(body).doOnNext(buffer -> bytes.addAndGet(buffer.readableByteCount())));
			}

			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				return super.writeAndFlushWith(Flux.from(body)
					.map(part -> Flux.from(part).doOnNext(buffer -> bytes.addAndGet(buffer.readableByteCount()))));
			}
		};
		ServerWebExchange counted = exchange.mutate().response(counting).build();
		Sinks.Empty<Void> ended = Sinks.empty();
		LiveSession live = new LiveSession() {
			@Override
			public Grant grant() {
				return grant;
			}

			@Override
			public Kind kind() {
				return Kind.HTTP;
			}

			@Override
			public String browserSession() {
				return binding.browserSession();
			}

			@Override
			public void end(DenyReason reason) {
				ended.tryEmitError(new SessionEndedException(reason));
			}
		};
		AutoCloseable registration = this.sessions.register(live, binding.endEventsBeforeDecision());
		return Mono.firstWithSignal(chain.filter(counted), ended.asMono()).onErrorResume(SessionEndedException.class, ex -> {
			if (exchange.getResponse().isCommitted()) {
				// Mid-stream: abort the connection rather than end the body cleanly, so that a cut
				// download is not mistaken for a complete one.
				return Mono.error(ex);
			}
			return this.denyResponse.write(exchange, ex.reason, targetId, exchange.getRequest().getMethod().name(),
					allow.path());
		}).doFinally(signal -> {
			try {
				registration.close();
			}
			catch (Exception ex) {
				log.warn("Unregistering live response of grant {} failed", grant.id(), ex);
			}
			if (counters != null) {
				counters.completed(bytes.get());
			}
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			this.completions.record(exchange, identity, targetId, grant, allow.path(), status == null ? 0 : status.value(),
					bytes.get(), started);
		});
	}

}
