package io.keygate.gateway.upstreamtls;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.gateway.access.DecidedRequest;
import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.Severity;
import reactor.core.publisher.Mono;

/**
 * A forward that failed in the TLS handshake with the target: the request was allowed, but the
 * target's certificate did not verify (unknown CA, wrong host name, expired) or the target does not
 * speak TLS, so nothing was sent to it. The client gets a 502 problem with one sentence; the log and
 * a HIGH audit entry {@code upstream.tls.refused} get the detail, because a target whose certificate
 * suddenly stops verifying may be someone in the middle. Runs before the gateway's
 * {@code DenyingErrorHandler}, which treats every other failure.
 */
@Order(-3)
public final class UpstreamTlsFailureHandler implements ErrorWebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(UpstreamTlsFailureHandler.class);

	/** The public code in the problem body. */
	public static final String CODE = "UPSTREAM_TLS";

	static final String MESSAGE = "The target's certificate could not be verified, so nothing was sent to it. Tell your Keygate administrator.";

	private final DecisionAudit audit;

	private final Clock clock;

	public UpstreamTlsFailureHandler(DecisionAudit audit, Clock clock) {
		this.audit = Objects.requireNonNull(audit, "audit cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (!isUpstreamTlsFailure(exchange, ex) || exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		SSLException tls = tlsCause(ex);
		DecidedRequest decided = DecidedRequest.of(exchange);
		String targetId = decided.target().id();
		String upstream = decided.target().upstream().toString();
		String method = exchange.getRequest().getMethod().name();
		String path = exchange.getRequest().getURI().getRawPath();
		log.warn("Refused to forward {} {} to target {} ({}): TLS handshake failed: {}", method, path, targetId, upstream,
				tls.toString());
		AuditEntry.Builder entry = AuditEntry.builder(AuditAction.UPSTREAM_TLS_REFUSED, this.clock.instant())
			.severity(Severity.HIGH)
			.outcome("REFUSED")
			.reason(tls.getClass().getSimpleName() + ": " + tls.getMessage())
			.target(targetId)
			.detail("upstream", upstream)
			.detail("method", method)
			.detail("path", path);
		entry.actor(decided.identity().subject()).organisation(decided.identity().organisation());
		Mono<Void> audited = this.audit.record(entry.build())
			.onErrorResume(auditFailure -> {
				log.error("Could not audit the refused TLS handshake with target {}: {}", targetId, auditFailure.toString());
				return Mono.empty();
			});
		return audited.then(Mono.defer(() -> write(exchange.getResponse())));
	}

	private static Mono<Void> write(ServerHttpResponse response) {
		response.setStatusCode(HttpStatus.BAD_GATEWAY);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setCacheControl("no-store");
		byte[] body = ("{\"title\":\"Bad Gateway\",\"status\":502,\"detail\":\"" + MESSAGE + "\",\"code\":\"" + CODE + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	/**
	 * Whether {@code ex} is a TLS failure on the way to the target: only after an allow (the decided
	 * request is on the exchange), so that a TLS failure anywhere else (Redis, say) is never mistaken for one.
	 */
	public static boolean isUpstreamTlsFailure(ServerWebExchange exchange, Throwable ex) {
		return DecidedRequest.of(exchange) != null && tlsCause(ex) != null;
	}

	/** The TLS failure in {@code ex}'s causes, or null. Bounded, so a cyclic cause chain cannot loop. */
	static SSLException tlsCause(Throwable ex) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 16; depth++) {
			if (current instanceof SSLException tls) {
				return tls;
			}
			current = current.getCause();
		}
		return null;
	}

}
