package io.keygate.gateway.forwarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.gateway.access.DecidedRequest;
import io.keygate.gateway.route.TargetPath;

/**
 * Scopes every cookie an upstream sets to that target's prefix: {@code Path=/x} becomes
 * {@code Path=/t/{target}/x} (no or a bad path becomes {@code /t/{target}/}), and {@code Domain}
 * is dropped so the cookie is host-only. All targets share the gateway's origin, so without this
 * one target's session cookie would be sent to every other target.
 */
public final class SetCookiePathFilter implements HttpHeadersFilter, Ordered {

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
		String prefix = TargetPath.PREFIX + decided.target().id();
		for (String cookie : cookies) {
			out.add(HttpHeaders.SET_COOKIE, rewrite(cookie, prefix));
		}
		return out;
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
