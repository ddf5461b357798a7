package io.keygate.gateway.oversize;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Answers 414 to a request line and 431 to a header section larger than Keygate's limits, with
 * the gateway's page (browsers) or a problem document (API clients), before anything else looks at
 * the request: sign-in would otherwise store an over-long address as the page to return to, and
 * every later filter would carry it. Netty's own limits are set above these (gateway.yml), so it
 * decodes such requests and this filter gives the answer; what Netty refuses itself is dressed by
 * {@link DecoderRefusalPage}. The log line names the sizes and the client, never the content.
 */
public final class OversizeFilter implements WebFilter, Ordered {

	private static final Logger log = LoggerFactory.getLogger(OversizeFilter.class);

	private final RequestSizeLimits limits;

	private final String myAccess;

	public OversizeFilter(RequestSizeLimits limits, String myAccess) {
		this.limits = limits;
		this.myAccess = myAccess;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		int line = requestLineLength(request);
		if (line > this.limits.maxRequestLine()) {
			return refuse(exchange, Oversize.REQUEST_LINE, line, this.limits.maxRequestLine());
		}
		int headers = headerSectionLength(request);
		if (headers > this.limits.maxHeaders()) {
			return refuse(exchange, Oversize.HEADERS, headers, this.limits.maxHeaders());
		}
		return chain.filter(exchange);
	}

	/** The request line as it came on the wire (Netty keeps the raw request target), without CRLF. */
	static int requestLineLength(ServerHttpRequest request) {
		if (request instanceof AbstractServerHttpRequest raw && raw.getNativeRequest() instanceof HttpServerRequest netty) {
			return netty.method().name().length() + 1 + netty.uri().length() + 1 + netty.version().text().length();
		}
		String query = request.getURI().getRawQuery();
		return request.getMethod().name().length() + 1 + request.getURI().getRawPath().length()
				+ (query == null ? 0 : query.length() + 1) + " HTTP/1.1".length();
	}

	/** Every header line, {@code Name: value}, as Netty counts against its header limit. */
	static int headerSectionLength(ServerHttpRequest request) {
		long size = 0;
		if (request instanceof AbstractServerHttpRequest raw && raw.getNativeRequest() instanceof HttpServerRequest netty) {
			for (Map.Entry<String, String> header : netty.requestHeaders()) {
				size += header.getKey().length() + 2 + header.getValue().length();
			}
		}
		else {
			for (Map.Entry<String, List<String>> header : request.getHeaders().headerSet()) {
				for (String value : header.getValue()) {
					size += header.getKey().length() + 2 + value.length();
				}
			}
		}
		return (int) Math.min(Integer.MAX_VALUE, size);
	}

	private Mono<Void> refuse(ServerWebExchange exchange, Oversize oversize, int size, int limit) {
		ServerHttpRequest request = exchange.getRequest();
		InetSocketAddress client = request.getRemoteAddress();
		String path = request.getURI().getRawPath();
		log.info("Refused {} {}{} from {}: {} of {} bytes, over Keygate's limit of {} ({})", request.getMethod().name(),
				path.length() > 200 ? path.substring(0, 200) : path, path.length() > 200 ? "…" : "",
				client == null ? "unknown" : client.getAddress().getHostAddress(),
				oversize == Oversize.REQUEST_LINE ? "request line" : "header section", size, limit, oversize.status());
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatusCode.valueOf(oversize.status()));
		HttpHeaders headers = response.getHeaders();
		headers.setCacheControl("no-store");
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
		// Whatever else the client meant to send on this connection is not worth reading.
		headers.set(HttpHeaders.CONNECTION, "close");
		byte[] body;
		if (wantsHtml(request)) {
			headers.setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
			body = oversize.html(this.myAccess);
		}
		else {
			headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			body = oversize.problem();
		}
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	private static boolean wantsHtml(ServerHttpRequest request) {
		try {
			for (MediaType type : request.getHeaders().getAccept()) {
				if (type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType()) {
					return true;
				}
			}
		}
		catch (RuntimeException ex) {
			// An unparsable Accept header: the problem document, like any client that asks for no page.
		}
		return false;
	}

}
