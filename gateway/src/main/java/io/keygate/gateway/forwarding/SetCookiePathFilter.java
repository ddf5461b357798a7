package io.keygate.gateway.forwarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.gateway.access.DecidedRequest;
import io.keygate.gateway.route.TargetHostRouting;
import io.keygate.gateway.route.TargetPath;

/**
 * Scopes every cookie an upstream sets to that target's prefix: {@code Path=/x} becomes
 * {@code Path=/t/{target}/x} (no or a bad path becomes {@code /t/{target}/}), and {@code Domain}
 * is dropped so the cookie is host-only. On the shared origin all targets share the gateway's host,
 * so without this one target's session cookie would be sent to every other target; on a target's
 * own host ({@link TargetHostRouting}) the path is kept as the upstream set it.
 * <p>
 * A cookie that would shadow one of Keygate's ({@link KeygateCookieNames}: any case, any
 * {@code __Host-}/{@code __Secure-} variant) is dropped, as is a nameless one ({@code =KEYGATE_X=v}
 * is sent back by browsers as {@code KEYGATE_X=v}): an upstream must never be able to plant or
 * replace the gateway's session or the auth server's CSRF token.
 */
public final class SetCookiePathFilter implements HttpHeadersFilter, Ordered {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SetCookiePathFilter.class);

	private final KeygateCookieNames keygateCookies;

	public SetCookiePathFilter(KeygateCookieNames keygateCookies) {
		this.keygateCookies = java.util.Objects.requireNonNull(keygateCookies, "keygateCookies cannot be null");
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.RESPONSE;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		List<String> cookies = input.getOrEmpty(HttpHeaders.SET_COOKIE);
		if (cookies.isEmpty()) {
			return input;
		}
		DecidedRequest decided = DecidedRequest.of(exchange);
		HttpHeaders out = new HttpHeaders();
		out.putAll(input);
		out.remove(HttpHeaders.SET_COOKIE);
		if (decided == null) {
			// Cannot scope it, so do not pass it on.
			return out;
		}
		String prefix = TargetHostRouting.routedTarget(exchange) != null ? "" : TargetPath.PREFIX + decided.target().id();
		for (String cookie : cookies) {
			String name = cookieName(cookie);
			if (name.isEmpty() || this.keygateCookies.isKeygate(name)) {
				log.warn("Dropped Set-Cookie '{}' from target {}: it would shadow a Keygate cookie", name, decided.target().id());
				continue;
			}
			out.add(HttpHeaders.SET_COOKIE, rewrite(cookie, prefix));
		}
		return out;
	}

	/** The cookie's name as a browser reads it: up to the first '=' (none: the cookie is nameless). */
	static String cookieName(String setCookie) {
		String pair = setCookie.split(";", 2)[0];
		int eq = pair.indexOf('=');
		return eq < 0 ? "" : pair.substring(0, eq).strip();
	}

	static String rewrite(String setCookie, String prefix) {
		String[] parts = setCookie.split(";");
		List<String> kept = new ArrayList<>();
		kept.add(parts[0].trim());
		String path = null;
		for (int i = 1; i < parts.length; i++) {
			String attribute = parts[i].trim();
			String lower = attribute.toLowerCase(Locale.ROOT);
			if (lower.startsWith("path=")) {
				path = attribute.substring(5).trim();
			}
			else if (!lower.startsWith("domain=") && !attribute.isEmpty()) {
				kept.add(attribute);
			}
		}
		String scoped = (path != null && path.startsWith("/") && !path.contains("..")) ? prefix + path : prefix + "/";
		kept.add(1, "Path=" + scoped);
		return String.join("; ", kept);
	}

}
