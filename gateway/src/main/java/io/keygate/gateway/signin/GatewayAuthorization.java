package io.keygate.gateway.signin;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authorization.AuthenticatedReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who may pass Spring Security's authorization on the gateway: a signed-in person, except on the
 * few public paths (health and metrics on the management port, the signed-out page, the
 * back-channel logout endpoint). Every proxied request asks this, so it compares the raw path as
 * strings and answers with shared, prebuilt decisions: the chain of path-pattern matchers it
 * replaces parsed and allocated for each of its entries on every request (infra/bench/RESULTS.md).
 * <p>
 * The raw path is compared, not a decoded one: {@code /signed%2Dout} or {@code /actuator/health;x}
 * are simply not public, which can only ever refuse more, never let more through.
 */
final class GatewayAuthorization implements ReactiveAuthorizationManager<AuthorizationContext> {

	/** Where the auth server posts logout tokens: this prefix and one more segment (the registration id). */
	static final String BACK_CHANNEL_PREFIX = "/logout/connect/back-channel/";

	private static final Mono<AuthorizationResult> PERMIT = Mono.just(new AuthorizationDecision(true));

	private static final Mono<ServerWebExchangeMatcher.MatchResult> MATCH = ServerWebExchangeMatcher.MatchResult.match();

	private static final Mono<ServerWebExchangeMatcher.MatchResult> NO_MATCH = ServerWebExchangeMatcher.MatchResult.notMatch();

	private final ReactiveAuthorizationManager<AuthorizationContext> signedIn = AuthenticatedReactiveAuthorizationManager
		.authenticated();

	@Override
	public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
		return isPublic(context.getExchange().getRequest()) ? PERMIT : this.signedIn.authorize(authentication, context);
	}

	static boolean isPublic(ServerHttpRequest request) {
		String path = request.getURI().getRawPath();
		if (path == null) {
			return false;
		}
		if (path.equals("/actuator/health") || path.startsWith("/actuator/health/") || path.equals("/actuator/prometheus")) {
			return true;
		}
		HttpMethod method = request.getMethod();
		return (HttpMethod.GET.equals(method) && path.equals("/signed-out"))
				|| (HttpMethod.POST.equals(method) && isBackChannelLogout(path));
	}

	static boolean isBackChannelLogout(String rawPath) {
		return rawPath.startsWith(BACK_CHANNEL_PREFIX) && rawPath.length() > BACK_CHANNEL_PREFIX.length()
				&& rawPath.indexOf('/', BACK_CHANNEL_PREFIX.length()) < 0;
	}

	/**
	 * Which requests must carry the gateway's CSRF token: those with an unsafe method (anything but
	 * GET, HEAD, TRACE, OPTIONS, as Spring's default), except on the targets' own paths (their
	 * applications keep their own CSRF defences), the management endpoints and the back-channel
	 * logout (a signed token from the auth server). A string check with shared answers, like the
	 * authorization above.
	 */
	static ServerWebExchangeMatcher csrfRequired() {
		return GatewayAuthorization::csrfRequired;
	}

	private static Mono<ServerWebExchangeMatcher.MatchResult> csrfRequired(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		HttpMethod method = request.getMethod();
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.TRACE.equals(method)
				|| HttpMethod.OPTIONS.equals(method)) {
			return NO_MATCH;
		}
		String path = request.getURI().getRawPath();
		boolean exempt = path != null && (path.startsWith("/t/") || path.equals("/actuator") || path.startsWith("/actuator/")
				|| isBackChannelLogout(path));
		return exempt ? NO_MATCH : MATCH;
	}

}
