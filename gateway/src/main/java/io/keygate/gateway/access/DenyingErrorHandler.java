package io.keygate.gateway.access;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.policy.decision.DenyReason;
import reactor.core.publisher.Mono;

/**
 * The gateway's only error handler (it replaces Spring Boot's default one, whose JSON and
 * "Whitelabel" page carried framework details and a second shape): whatever fails outside the
 * access filter answers as a deny through {@link DenyResponse}, like everything the filter refuses.
 * A path that addresses no target (no route matched) is {@link DenyReason#UNKNOWN_TARGET}, exactly
 * as an unknown {@code /t/...} target is, so that a prober learns nothing from the difference;
 * anything else is {@link DenyReason#MALFORMED_REQUEST}, and an exception that is not a client
 * error is logged with its stack trace as the bug it is. Fail-closed: never a forward, never a
 * stack trace on the wire. Spring Security's own exceptions are passed on untouched.
 */
@Component
@Order(-2)
public final class DenyingErrorHandler implements ErrorWebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(DenyingErrorHandler.class);

	private final DenyResponse denyResponse;

	public DenyingErrorHandler(DenyResponse denyResponse) {
		this.denyResponse = Objects.requireNonNull(denyResponse, "denyResponse cannot be null");
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted() || ex instanceof AccessDeniedException
				|| ex instanceof AuthenticationException) {
			return Mono.error(ex);
		}
		String method = exchange.getRequest().getMethod().name();
		String path = exchange.getRequest().getURI().getRawPath();
		DenyReason reason;
		if (ex instanceof ResponseStatusException status && status.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
			reason = DenyReason.UNKNOWN_TARGET;
			log.info("Denied {} {}: no target there ({})", method, path, reason);
		}
		else if (ex instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError()) {
			reason = DenyReason.MALFORMED_REQUEST;
			log.info("Denied {} {}: {} ({})", method, path, status.getStatusCode(), reason);
		}
		else {
			reason = DenyReason.MALFORMED_REQUEST;
			log.error("Request {} {} failed outside the access decision (this is a bug); denied", method, path, ex);
		}
		return this.denyResponse.write(exchange, reason, null, method, path);
	}

}
