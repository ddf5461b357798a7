package io.keygate.gateway.access;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;

import io.keygate.policy.shape.OverrideVectors;
import reactor.core.publisher.Mono;

/**
 * Sets the URL the request is forwarded to: the target's upstream plus exactly the path the policy
 * normalised and allowed (the {@code /t/{target}} prefix is gone with it), plus the query as
 * received less any override parameter configuration let through. Runs right after Spring Cloud Gateway's own {@link RouteToRequestUrlFilter}, overriding
 * the URL it built from the raw request path. An exchange that reaches this point without a
 * recorded allow is refused: fail-closed even against a mis-ordered filter chain.
 */
public final class ForwardDecidedPathFilter implements GlobalFilter, Ordered {

	public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		DecidedRequest decided = DecidedRequest.of(exchange);
		if (decided == null) {
			// Fail closed in the one refusal shape: the access filter (or, were it missing, the
			// DenyingErrorHandler) turns this into a logged MALFORMED_REQUEST deny; nothing is forwarded.
			return Mono.error(new IllegalStateException("request " + exchange.getRequest().getURI().getRawPath()
					+ " reached routing without an access decision (this is a bug)"));
		}
		URI upstream = decided.target().upstream();
		String base = upstream.getRawPath() == null ? "" : upstream.getRawPath();
		if (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		// The allowed path is decoded printable ASCII without '%', '?', '#', ';' or '\\'; encoding it
		// for a URI changes its bytes (e.g. '"' → %22) but not its meaning to the upstream.
		String path = base + UriUtils.encodePath(decided.allow().path(), StandardCharsets.UTF_8);
		String query = withoutOverrides(exchange.getRequest().getURI().getRawQuery());
		URI url = URI.create(upstream.getScheme() + "://" + upstream.getRawAuthority() + path + (query == null ? "" : "?" + query));
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, url);
		return chain.filter(exchange);
	}

	/**
	 * The query without any override parameter ({@link OverrideVectors}): the decision refused every
	 * one that configuration does not let through, and one let through goes no further than here.
	 */
	static String withoutOverrides(String rawQuery) {
		if (rawQuery == null) {
			return null;
		}
		java.util.List<String> kept = new java.util.ArrayList<>();
		for (String pair : rawQuery.split("&", -1)) {
			boolean override = false;
			for (String part : pair.split(";", -1)) {
				int eq = part.indexOf('=');
				override |= OverrideVectors.parameter(eq < 0 ? part : part.substring(0, eq)).isPresent();
			}
			if (!override) {
				kept.add(pair);
			}
		}
		return kept.isEmpty() ? null : String.join("&", kept);
	}

}
