package io.keygate.gateway.forwarding;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Refuses a request that carries both {@code Content-Length} and {@code Transfer-Encoding} (RFC
 * 9112 §6.3: a proxy must not forward such a message as is). Two parsers that pick different
 * framings are how request smuggling works, so the only safe answer is 400, before anything else
 * (sign-in included) looks at the request.
 */
public final class AmbiguousFramingFilter implements WebFilter, Ordered {

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		boolean ambiguous = headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)
				&& headers.containsHeader(HttpHeaders.CONTENT_LENGTH);
		if (ambiguous || headers.getOrEmpty(HttpHeaders.CONTENT_LENGTH).size() > 1) {
			exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
			exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
			return exchange.getResponse().setComplete();
		}
		return chain.filter(exchange);
	}

	/** Spring's filter chain names each filter on every request: a constant, not Object's hash formatting. */
	@Override
	public String toString() {
		return "AmbiguousFramingFilter";
	}

}
