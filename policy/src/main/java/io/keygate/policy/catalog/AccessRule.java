package io.keygate.policy.catalog;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One allow rule of an access level: these HTTP methods on paths matching this pattern.
 *
 * @param webSocket whether a WebSocket handshake (a GET) on these paths is admitted and which way
 * frames may flow; {@link WebSocketMode#RECEIVE} by default when the rule allows GET
 * @param deleteBody whether a DELETE under this rule may carry a body (RFC 9110 §9.3.5 gives it
 * no meaning, so by default it is refused like a body on GET, HEAD or OPTIONS)
 */
public record AccessRule(Set<String> methods, PathPattern path, WebSocketMode webSocket, boolean deleteBody) {

	private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

	/**
	 * Methods whose requests have no body semantics: a body there is either smuggling or an
	 * upstream quirk (a GET with a body read as a form), never something a level grants.
	 */
	private static final Set<String> BODYLESS = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "CONNECT", "DELETE");

	public AccessRule {
		Objects.requireNonNull(methods, "methods cannot be null");
		Objects.requireNonNull(path, "path cannot be null");
		Objects.requireNonNull(webSocket, "webSocket cannot be null");
		if (methods.isEmpty()) {
			throw new IllegalArgumentException("an access rule needs at least one method (path " + path + ")");
		}
		methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
		for (String method : methods) {
			if (!METHOD.matcher(method).matches()) {
				throw new IllegalArgumentException("'" + method + "' is not an HTTP method");
			}
		}
		if (webSocket != WebSocketMode.NONE && !methods.contains("GET")) {
			throw new IllegalArgumentException("a rule admitting WebSockets must allow GET (path " + path.pattern() + ")");
		}
		if (deleteBody && !methods.contains("DELETE")) {
			throw new IllegalArgumentException("'delete-body' needs DELETE among the methods (path " + path.pattern() + ")");
		}
	}

	/** The default WebSocket mode: receive-only where GET is allowed, none elsewhere; no DELETE body. */
	public AccessRule(Set<String> methods, PathPattern path) {
		this(methods, path, defaultWebSocket(methods), false);
	}

	public static AccessRule of(String path, String... methods) {
		return new AccessRule(Set.of(methods), PathPattern.parse(path));
	}

	public static WebSocketMode defaultWebSocket(Set<String> methods) {
		return methods.stream().anyMatch(m -> m.equalsIgnoreCase("GET")) ? WebSocketMode.RECEIVE : WebSocketMode.NONE;
	}

	public boolean allowsMethod(String method) {
		return this.methods.contains(method);
	}

	public boolean allows(String method, String normalisedPath) {
		return allowsMethod(method) && this.path.matches(normalisedPath);
	}

	/** Whether a request of {@code method} under this rule may carry a body. */
	public boolean admitsBody(String method) {
		if (!BODYLESS.contains(method)) {
			return true;
		}
		return method.equals("DELETE") && this.deleteBody;
	}

}
