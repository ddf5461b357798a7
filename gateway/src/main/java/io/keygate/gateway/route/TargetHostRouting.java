package io.keygate.gateway.route;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Per-target origins, the recommended deployment: a target configured with its own origin
 * ({@code keygate.gateway.origins.targets.head-end=https://head-end.gw.example}) is served at the
 * root of that host, so its pages, its scripts and its cookies live on an origin no other target
 * shares. A request whose {@code Host} names such an origin is routed here, before sign-in and the
 * access decision see it, to {@code /t/{target}/...}: everything after (decision, audit, forwarding)
 * is the same code as on the shared origin.
 * <p>
 * The gateway's own sign-in and logout paths stay the gateway's on every host ({@link #GATEWAY_PATHS}):
 * each target host signs in with the auth server on its own (one more redirect, no second key touch
 * within the auth server's session), so its session cookie is scoped to that host alone.
 */
public final class TargetHostRouting implements WebFilter, Ordered {

	/** After the framing check, before Spring Security (its chain runs at -100). */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	/** Paths that belong to the gateway itself on every host. */
	public static final List<String> GATEWAY_PATHS = List.of("/oauth2/", "/login/oauth2/", "/logout", "/signed-out",
			"/actuator");

	private static final String ATTRIBUTE = TargetHostRouting.class.getName() + ".target";

	private final Map<String, String> targetByHost;

	/** {@code origins}: target id → its own origin. */
	public TargetHostRouting(Map<String, URI> origins) {
		this.targetByHost = Objects.requireNonNull(origins, "origins cannot be null")
			.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(e -> e.getValue().getHost().toLowerCase(Locale.ROOT), Map.Entry::getKey));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** The target this exchange was routed to by its host, or null when it came to the shared origin. */
	public static String routedTarget(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.targetByHost.isEmpty()) {
			return chain.filter(exchange);
		}
		String host = hostName(exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST));
		String target = host == null ? null : this.targetByHost.get(host);
		if (target == null) {
			return chain.filter(exchange);
		}
		String rawPath = exchange.getRequest().getURI().getRawPath();
		for (String own : GATEWAY_PATHS) {
			if (rawPath.equals(own) || rawPath.startsWith(own.endsWith("/") ? own : own + "/")) {
				return chain.filter(exchange);
			}
		}
		exchange.getAttributes().put(ATTRIBUTE, target);
		ServerHttpRequest routed = exchange.getRequest()
			.mutate()
			.path(TargetPath.PREFIX + target + (rawPath.startsWith("/") ? rawPath : "/" + rawPath))
			.build();
		return chain.filter(exchange.mutate().request(routed).build());
	}

	/** The host name of a {@code Host} header, lower case, without the port. */
	public static String hostName(String hostHeader) {
		if (hostHeader == null || hostHeader.isBlank()) {
			return null;
		}
		String host = hostHeader.strip().toLowerCase(Locale.ROOT);
		if (host.startsWith("[")) {
			int end = host.indexOf(']');
			return end < 0 ? null : host.substring(0, end + 1);
		}
		int colon = host.indexOf(':');
		return colon < 0 ? host : host.substring(0, colon);
	}

	/** Spring's filter chain names each filter on every request: a constant, not Object's hash formatting. */
	@Override
	public String toString() {
		return "TargetHostRouting";
	}

}
