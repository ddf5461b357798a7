package io.keygate.infra.simulator;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The simulator's front door: records every request in the {@link RequestLog} before anything
 * else looks at it, then demands the service credential. Recording first is the point: a request
 * the simulator refused still proves that something reached the OT system.
 */
final class ReceivingFilter implements WebFilter, Ordered {

	/** Exchange attribute holding the authenticated service account. */
	static final String PRINCIPAL_ATTRIBUTE = ReceivingFilter.class.getName() + ".principal";

	private static final Logger log = LoggerFactory.getLogger(ReceivingFilter.class);

	private final RequestLog requestLog;

	private final ServiceCredential credential;

	private final java.time.Clock clock;

	private final String realm;

	ReceivingFilter(RequestLog requestLog, ServiceCredential credential, java.time.Clock clock, String realm) {
		this.requestLog = requestLog;
		this.credential = credential;
		this.clock = clock;
		this.realm = realm;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		Optional<String> principal = this.credential.authenticate(authorization);
		InetSocketAddress remote = request.getRemoteAddress();
		ReceivedRequest received = this.requestLog.record(new ReceivedRequest(0, this.clock.instant(), request.getMethod().name(),
				request.getPath().value(), request.getURI().getRawQuery() == null ? "" : request.getURI().getRawQuery(),
				remote == null ? "" : remote.getAddress().getHostAddress(), authorization != null, principal,
				headersWithoutSecrets(request.getHeaders()), 0));
		ServerHttpResponse response = exchange.getResponse();
		if (principal.isEmpty()) {
			log.info("refused {} {} from {}: {}", received.method(), received.path(), received.remoteAddress(),
					authorization == null ? "no credential" : "wrong credential");
			this.requestLog.complete(received.sequence(), 401);
			response.setStatusCode(HttpStatusCode.valueOf(401));
			response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + this.realm + "\", charset=\"UTF-8\"");
			response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
			DataBuffer body = response.bufferFactory().wrap("service credential required\n".getBytes(StandardCharsets.UTF_8));
			return response.writeWith(Mono.just(body));
		}
		exchange.getAttributes().put(PRINCIPAL_ATTRIBUTE, principal.get());
		// At commit, not at completion: a client must never read an answer the log does not show yet.
		response.beforeCommit(() -> Mono.fromRunnable(() -> {
			HttpStatusCode status = response.getStatusCode();
			this.requestLog.complete(received.sequence(), status == null ? 200 : status.value());
		}));
		return chain.filter(exchange);
	}

	private static Map<String, List<String>> headersWithoutSecrets(HttpHeaders headers) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> header : headers.headerSet()) {
			String name = header.getKey().toLowerCase(Locale.ROOT);
			if (!name.equals("authorization")) {
				copy.computeIfAbsent(name, key -> new ArrayList<>()).addAll(header.getValue());
			}
		}
		copy.replaceAll((name, values) -> List.copyOf(values));
		return copy;
	}

}
