package io.keygate.gateway.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

class GatewayAuthorizationTest {

	private final GatewayAuthorization authorization = new GatewayAuthorization();

	private static ServerWebExchange exchange(HttpMethod method, String rawPath) {
		return MockServerWebExchange.from(MockServerHttpRequest.method(method, URI.create("http://gw.test" + rawPath)).build());
	}

	private boolean granted(HttpMethod method, String rawPath, Mono<Authentication> who) {
		AuthorizationResult result = this.authorization.authorize(who, new AuthorizationContext(exchange(method, rawPath))).block();
		return result != null && result.isGranted();
	}

	private static Mono<Authentication> signedIn() {
		TestingAuthenticationToken token = new TestingAuthenticationToken("engineer@itron", "n/a", "ROLE_USER");
		token.setAuthenticated(true);
		return Mono.just(token);
	}

	private static Mono<Authentication> anonymous() {
		return Mono.just(new AnonymousAuthenticationToken("key", "anonymous", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
	}

	private static boolean csrfRequired(HttpMethod method, String rawPath) {
		return GatewayAuthorization.csrfRequired().matches(exchange(method, rawPath)).block().isMatch();
	}

	@Test
	void authorizeWhenPublicPathThenGrantedWithoutSignIn() {
		assertThat(granted(HttpMethod.GET, "/actuator/health", anonymous())).isTrue();
		assertThat(granted(HttpMethod.GET, "/actuator/health/readiness", Mono.empty())).isTrue();
		assertThat(granted(HttpMethod.GET, "/actuator/prometheus", anonymous())).isTrue();
		assertThat(granted(HttpMethod.GET, "/signed-out", anonymous())).isTrue();
		assertThat(granted(HttpMethod.POST, "/logout/connect/back-channel/keygate", anonymous())).isTrue();
	}

	@Test
	void authorizeWhenNearlyAPublicPathThenNeedsSignIn() {
		for (String path : List.of("/actuator/healthz", "/actuator/health;x=1", "/actuator/env", "/actuator/prometheus/x",
				"/signed-out/x", "/signed%2Dout", "/Signed-out", "/t/head-end/actuator/health")) {
			assertThat(granted(HttpMethod.GET, path, anonymous())).as(path).isFalse();
		}
		assertThat(granted(HttpMethod.POST, "/signed-out", anonymous())).isFalse();
		assertThat(granted(HttpMethod.GET, "/logout/connect/back-channel/keygate", anonymous())).isFalse();
		assertThat(granted(HttpMethod.POST, "/logout/connect/back-channel/", anonymous())).isFalse();
		assertThat(granted(HttpMethod.POST, "/logout/connect/back-channel/keygate/x", anonymous())).isFalse();
	}

	@Test
	void authorizeWhenAnyOtherPathThenOnlyASignedInPerson() {
		assertThat(granted(HttpMethod.GET, "/t/head-end/api", signedIn())).isTrue();
		assertThat(granted(HttpMethod.GET, "/t/head-end/api", anonymous())).isFalse();
		assertThat(granted(HttpMethod.GET, "/t/head-end/api", Mono.empty())).isFalse();
		TestingAuthenticationToken notAuthenticated = new TestingAuthenticationToken("engineer@itron", "n/a");
		notAuthenticated.setAuthenticated(false);
		assertThat(granted(HttpMethod.GET, "/", Mono.just(notAuthenticated))).isFalse();
	}

	@Test
	void csrfWhenSafeMethodThenNotRequired() {
		for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.TRACE, HttpMethod.OPTIONS)) {
			assertThat(csrfRequired(method, "/logout")).as(method.name()).isFalse();
		}
	}

	@Test
	void csrfWhenUnsafeMethodOnTheGatewaysOwnPathsThenRequired() {
		assertThat(csrfRequired(HttpMethod.POST, "/logout")).isTrue();
		assertThat(csrfRequired(HttpMethod.DELETE, "/")).isTrue();
		assertThat(csrfRequired(HttpMethod.PUT, "/t")).isTrue();
		assertThat(csrfRequired(HttpMethod.POST, "/%74/head-end/x")).isTrue();
		assertThat(csrfRequired(HttpMethod.POST, "/logout/connect/back-channel/keygate/x")).isTrue();
		assertThat(csrfRequired(HttpMethod.PATCH, "/actuatorx")).isTrue();
	}

	@Test
	void csrfWhenUnsafeMethodOnATargetManagementOrBackChannelPathThenNotRequired() {
		assertThat(csrfRequired(HttpMethod.POST, "/t/head-end/api/commands")).isFalse();
		assertThat(csrfRequired(HttpMethod.POST, "/actuator/health")).isFalse();
		assertThat(csrfRequired(HttpMethod.POST, "/logout/connect/back-channel/keygate")).isFalse();
	}

}
