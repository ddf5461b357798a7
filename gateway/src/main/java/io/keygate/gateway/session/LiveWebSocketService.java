package io.keygate.gateway.session;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;

import java.time.Clock;

import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

import io.keygate.gateway.access.DecidedRequest;
import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.gateway.audit.DecisionEvents;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.decision.DenyReason;
import io.keygate.policy.grant.Grant;
import reactor.core.publisher.Mono;

/**
 * Wraps the gateway's WebSocket service so that every proxied WebSocket is registered under the
 * grant that allowed its handshake, and can be closed with 1008 (policy violation) when that grant
 * ends. A handshake without a recorded allow is refused here too: it cannot have passed the access
 * filter, so it is not forwarded.
 * <p>
 * A socket the decision admitted receive-only ({@code WebSocketMode.RECEIVE}, the default for a
 * {@code read} level) gets no data frame from the client through: the first one is audited and
 * closes the socket with 1008.
 */
public final class LiveWebSocketService implements WebSocketService {

	private static final Logger log = LoggerFactory.getLogger(LiveWebSocketService.class);

	private final WebSocketService delegate;

	private final LiveSessionRegistry registry;

	private final DecisionAudit audit;

	private final Clock clock;

	public LiveWebSocketService(WebSocketService delegate, LiveSessionRegistry registry, DecisionAudit audit, Clock clock) {
		this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
		this.registry = Objects.requireNonNull(registry, "registry cannot be null");
		this.audit = Objects.requireNonNull(audit, "audit cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
		DecidedRequest decided = DecidedRequest.of(exchange);
		if (decided == null) {
			log.error("WebSocket handshake without an access decision reached the proxy (this is a bug); refused");
			return Mono.error(new IllegalStateException("WebSocket handshake without an access decision"));
		}
		Grant grant = decided.allow().grant();
		SessionBinding binding = SessionBinding.of(exchange);
		if (binding == null) {
			log.error("WebSocket handshake without a session binding reached the proxy (this is a bug); refused");
			return Mono.error(new IllegalStateException("WebSocket handshake without a session binding"));
		}
		WebSocketHandler registering = new WebSocketHandler() {
			@Override
			public java.util.List<String> getSubProtocols() {
				return handler.getSubProtocols();
			}

			@Override
			public Mono<Void> handle(WebSocketSession browser) {
				// The refusal needs the client's address, not the exchange: an open socket keeps what its
				// callbacks hold, and the handshake's exchange (headers, attributes) is kilobytes a socket.
				String client = clientAddress(exchange);
				WebSocketSession session = decided.allow().webSocket().clientMaySend() ? browser
						: new ReceiveOnlyWebSocketSession(browser, type -> refuseFrame(client, decided, browser, type));
				java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
				LiveSession live = new LiveSession() {
					@Override
					public Grant grant() {
						return grant;
					}

					@Override
					public Kind kind() {
						return Kind.WEBSOCKET;
					}

					@Override
					public String browserSession() {
						return binding.browserSession();
					}

					@Override
					public void end(DenyReason reason) {
						ended.set(true);
						session.close(CloseStatus.POLICY_VIOLATION.withReason(reason.message())).subscribe(null,
								ex -> log.warn("Closing WebSocket of grant {} failed: {}", grant.id(), ex.toString()));
					}
				};
				AutoCloseable registration = LiveWebSocketService.this.registry.register(live,
						binding.endEventsBeforeDecision());
				// Ended while registering (its grant went between the decision and now): the proxy
				// never connects to the upstream.
				Mono<Void> proxied = ended.get() ? session.closeStatus().then() : handler.handle(session);
				return proxied.doFinally(signal -> {
					try {
						registration.close();
					}
					catch (Exception ex) {
						log.warn("Unregistering WebSocket of grant {} failed", grant.id(), ex);
					}
				});
			}
		};
		return this.delegate.handleRequest(exchange, registering);
	}

	/**
	 * A data frame the level does not allow: audited as a deny, then the socket is closed with 1008.
	 * The close does not wait on the audit: the frame was already kept from the upstream.
	 */
	private static String clientAddress(ServerWebExchange exchange) {
		java.net.InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress();
	}

	private Mono<Void> refuseFrame(String client, DecidedRequest decided, WebSocketSession browser,
			WebSocketMessage.Type type) {
		AuditEntry entry = DecisionEvents
			.decision(this.clock.instant(), decided.identity().subject(), decided.identity().organisation(),
					decided.target().id(), "WEBSOCKET", decided.allow().path(), client)
			.outcome("deny")
			.reason(DenyReason.WEBSOCKET_FRAME_REFUSED.name())
			.grant(decided.allow().grant().id())
			.detail("frame", type.name())
			.detail("webSocket", decided.allow().webSocket().name())
			.severity(Severity.WARNING)
			.build();
		log.info("Refused a {} frame from the client on receive-only WebSocket {} of grant {}; closing with 1008", type,
				decided.allow().path(), decided.allow().grant().id());
		this.audit.record(entry)
			.subscribe(null, ex -> log.error("Audit of a refused WebSocket frame (grant {}) failed", decided.allow().grant().id(), ex));
		return browser.close(CloseStatus.POLICY_VIOLATION.withReason(DenyReason.WEBSOCKET_FRAME_REFUSED.message()));
	}

}
