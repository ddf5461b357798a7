package io.keygate.gateway.transcript;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.gateway.access.AccessDecisionFilter;
import io.keygate.gateway.access.DecidedRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Right after an allow, on a target with {@code transcript-bodies: true}, tees the body of a
 * state-changing request into a {@link CapturedBody} as it streams upstream (nothing is buffered
 * beyond the cap; the upstream sees the body unchanged). The access filter adds what was captured
 * to the request's completion event ({@link CapturedBody#details()}).
 */
public final class TranscriptBodyFilter implements GlobalFilter, Ordered {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final int cap;

	private final BodyRedaction redaction;

	private final Optional<BodySealing> sealing;

	public TranscriptBodyFilter(int cap, BodyRedaction redaction, Optional<BodySealing> sealing) {
		if (cap < 1) {
			throw new IllegalArgumentException("cap must be positive");
		}
		this.cap = cap;
		this.redaction = Objects.requireNonNull(redaction, "redaction cannot be null");
		this.sealing = Objects.requireNonNull(sealing, "sealing cannot be null");
	}

	@Override
	public int getOrder() {
		return AccessDecisionFilter.ORDER + 1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		DecidedRequest decided = DecidedRequest.of(exchange);
		ServerHttpRequest request = exchange.getRequest();
		if (decided == null || !decided.target().transcriptBodies() || SAFE_METHODS.contains(request.getMethod().name())
				|| !hasBody(request.getHeaders())) {
			return chain.filter(exchange);
		}
		CapturedBody captured = new CapturedBody(request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE), this.cap,
				this.redaction, this.sealing);
		exchange.getAttributes().put(CapturedBody.ATTRIBUTE, captured);
		ServerHttpRequest teeing = new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				return super.getBody().doOnNext(captured::copy);
			}
		};
		return chain.filter(exchange.mutate().request(teeing).build());
	}

	private static boolean hasBody(HttpHeaders headers) {
		if (headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			return true;
		}
		return headers.getContentLength() > 0;
	}

}
