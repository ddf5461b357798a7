package io.keygate.gateway.route;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.policy.shape.SameOriginRule;

/**
 * The origin the gateway serves a target on, which the same-origin rule compares {@code Origin}
 * with: the target's own origin when it has one, else the configured public origin of the gateway
 * ({@code keygate.gateway.origins.public-origin}, required behind a TLS-terminating proxy, where the
 * gateway itself sees plain HTTP), else the scheme and {@code Host} the request arrived with.
 * Deriving from {@code Host} is safe for this purpose: a browser always sends the host of the URL
 * it loads, and a client that forges it is not riding anyone's browser.
 */
public final class ServingOrigins {

	private final URI publicOrigin;

	private final Map<String, URI> targetOrigins;

	public ServingOrigins(URI publicOrigin, Map<String, URI> targetOrigins) {
		this.publicOrigin = publicOrigin;
		this.targetOrigins = Map.copyOf(Objects.requireNonNull(targetOrigins, "targetOrigins cannot be null"));
	}

	/** The serving origin of {@code targetId} for this exchange, or null when it cannot be told. */
	public String of(ServerWebExchange exchange, String targetId) {
		URI own = this.targetOrigins.get(targetId);
		if (own != null) {
			return origin(own);
		}
		if (this.publicOrigin != null) {
			return origin(this.publicOrigin);
		}
		String host = exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST);
		if (host == null || host.isBlank()) {
			return null;
		}
		String scheme = exchange.getRequest().getURI().getScheme();
		boolean secure = "https".equals(scheme) || "wss".equals(scheme);
		return SameOriginRule.normalise((secure ? "https://" : "http://") + host.strip());
	}

	/**
	 * Whether the exchange reached {@code targetId} other than through the target's own origin: a
	 * target with its own origin is not served on the shared one, or its isolation would be moot.
	 */
	public boolean offOrigin(ServerWebExchange exchange, String targetId) {
		return this.targetOrigins.containsKey(targetId) && !targetId.equals(TargetHostRouting.routedTarget(exchange));
	}

	private static String origin(URI uri) {
		return SameOriginRule.normalise(uri.getScheme() + "://" + uri.getRawAuthority());
	}

}
