package io.keygate.gateway.access;

import java.util.Objects;

import org.springframework.web.server.ServerWebExchange;

import io.keygate.policy.decision.Decision;
import io.keygate.policy.catalog.Target;

/**
 * What the access filter leaves on an allowed exchange: the decision and the target. Later filters
 * read it instead of deciding again, and an exchange without it is never forwarded.
 */
public record DecidedRequest(Target target, Identity identity, Decision.Allow allow) {

	public static final String ATTRIBUTE = DecidedRequest.class.getName();

	public DecidedRequest {
		Objects.requireNonNull(target, "target cannot be null");
		Objects.requireNonNull(identity, "identity cannot be null");
		Objects.requireNonNull(allow, "allow cannot be null");
	}

	public static DecidedRequest of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

}
