package io.keygate.gateway.forwarding;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.gateway.access.DecidedRequest;
import io.keygate.gateway.route.TargetHostRouting;
import io.keygate.gateway.route.TargetPath;
import io.keygate.policy.shape.OverrideVectors;

/**
 * What the upstream sees of the vendor's request headers. Applied by both the HTTP and the
 * WebSocket routing filters, last of all header filters:
 * <ul>
 * <li>the vendor's {@code Authorization}, {@code Proxy-Authorization} and Keygate cookies never
 * reach the upstream (a stolen upstream session would otherwise outlive the grant);</li>
 * <li>the target's own upstream credential is injected instead, so vendors never hold it;</li>
 * <li>hop-by-hop headers, including any the client named in {@code Connection}, are dropped;</li>
 * <li>{@code Forwarded}, {@code X-Forwarded-*} and {@code X-Real-IP} from the client are dropped
 * and set afresh from what the gateway itself saw;</li>
 * <li>every method or URL override header ({@link OverrideVectors}) is dropped: a request carrying
 * one was refused, unless configuration lets it through, and then it goes no further.</li>
 * </ul>
 */
public final class ForwardingHeadersFilter implements HttpHeadersFilter, Ordered {

	/** RFC 9110 §7.6.1 plus the ones proxies commonly treat as connection-specific. */
	private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
			"transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization");

	private static final Set<String> WEBSOCKET_HANDSHAKE = Set.of("upgrade", "connection");

	private final Map<String, UpstreamCredential> credentials;

	private final KeygateCookieNames keygateCookies;

	public ForwardingHeadersFilter(Map<String, UpstreamCredential> credentials, KeygateCookieNames keygateCookies) {
		this.credentials = Map.copyOf(Objects.requireNonNull(credentials, "credentials cannot be null"));
		this.keygateCookies = Objects.requireNonNull(keygateCookies, "keygateCookies cannot be null");
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		HttpHeaders out = new HttpHeaders();
		out.putAll(input);
		boolean websocket = "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade());
		List<String> connectionListed = new ArrayList<>();
		for (String value : input.getOrEmpty(HttpHeaders.CONNECTION)) {
			for (String token : value.split(",")) {
				connectionListed.add(token.trim().toLowerCase(Locale.ROOT));
			}
		}
		for (String name : new ArrayList<>(out.headerNames())) {
			String lower = name.toLowerCase(Locale.ROOT);
			boolean hopByHop = HOP_BY_HOP.contains(lower) || connectionListed.contains(lower);
			// The WebSocket client builds its own handshake; Upgrade/Connection are its business.
			if (hopByHop && !(websocket && WEBSOCKET_HANDSHAKE.contains(lower))) {
				out.remove(name);
			}
			else if (lower.equals("authorization") || lower.equals("forwarded") || lower.startsWith("x-forwarded-")
					|| lower.startsWith("x_forwarded_") || lower.equals("x-real-ip") || OverrideVectors.header(name).isPresent()) {
				out.remove(name);
			}
		}
		stripKeygateCookies(out);
		DecidedRequest decided = DecidedRequest.of(exchange);
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		if (remote != null && remote.getAddress() != null) {
			out.set("X-Forwarded-For", remote.getAddress().getHostAddress());
		}
		String scheme = exchange.getRequest().getURI().getScheme();
		out.set("X-Forwarded-Proto", "wss".equals(scheme) || "https".equals(scheme) ? "https" : "http");
		String host = exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST);
		if (host != null) {
			out.set("X-Forwarded-Host", host);
		}
		if (decided != null) {
			if (TargetHostRouting.routedTarget(exchange) == null) {
				out.set("X-Forwarded-Prefix", TargetPath.PREFIX + decided.target().id());
			}
			UpstreamCredential credential = this.credentials.get(decided.target().id());
			if (credential != null) {
				out.set(credential.headerName(), credential.headerValue());
			}
		}
		return out;
	}

	private void stripKeygateCookies(HttpHeaders headers) {
		List<String> cookies = headers.getOrEmpty(HttpHeaders.COOKIE);
		if (cookies.isEmpty()) {
			return;
		}
		List<String> kept = new ArrayList<>();
		for (String header : cookies) {
			for (String pair : header.split(";")) {
				String trimmed = pair.trim();
				if (trimmed.isEmpty()) {
					continue;
				}
				int eq = trimmed.indexOf('=');
				String name = (eq < 0 ? trimmed : trimmed.substring(0, eq)).trim();
				if (!this.keygateCookies.isKeygate(name)) {
					kept.add(trimmed);
				}
			}
		}
		headers.remove(HttpHeaders.COOKIE);
		if (!kept.isEmpty()) {
			headers.set(HttpHeaders.COOKIE, String.join("; ", kept));
		}
	}

}
