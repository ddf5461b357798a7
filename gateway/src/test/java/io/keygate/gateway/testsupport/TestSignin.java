package io.keygate.gateway.testsupport;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Sets the signed-in principal from test headers, over a real socket: the same job as
 * spring-security-test's {@code mockOidcLogin()}, which only works with a mock exchange. It stands
 * in for the OIDC round trip and nothing else: the decision, the store, the upstream and the
 * audit stay real. Headers: {@code X-Test-Subject}, {@code X-Test-Org} (omit it to sign in
 * without an organisation claim).
 */
public final class TestSignin implements ServerSecurityContextRepository {

	public static final String SUBJECT = "X-Test-Subject";

	public static final String ORGANISATION = "X-Test-Org";

	@Override
	public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
		return Mono.empty();
	}

	@Override
	public Mono<SecurityContext> load(ServerWebExchange exchange) {
		String subject = exchange.getRequest().getHeaders().getFirst(SUBJECT);
		if (subject == null) {
			return Mono.empty();
		}
		String organisation = exchange.getRequest().getHeaders().getFirst(ORGANISATION);
		Instant now = Instant.now();
		Map<String, Object> claims = new java.util.HashMap<>();
		claims.put("sub", subject);
		claims.put("iss", "http://issuer.test");
		claims.put("amr", List.of("hwk", "pin"));
		if (organisation != null) {
			claims.put("organisation", organisation);
		}
		OidcIdToken token = new OidcIdToken("test-token", now, now.plusSeconds(300), claims);
		List<SimpleGrantedAuthority> authorities = List.of(new SimpleGrantedAuthority("OIDC_USER"));
		DefaultOidcUser user = new DefaultOidcUser(authorities, token, "sub");
		return Mono.just(new SecurityContextImpl(new OAuth2AuthenticationToken(user, authorities, "keygate")));
	}

}
