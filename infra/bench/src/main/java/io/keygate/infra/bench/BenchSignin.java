package io.keygate.infra.bench;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;

/**
 * Benchmark-only stand-in for the OIDC sign-in round trip, which happens once per session and is
 * not what the benchmark measures: a request carrying this run's random token is the signed-in
 * engineer. Never registered by the quickstart or by any application; only the benchmark adds it
 * to the gateway context it starts, and the token is unguessable and lives as long as the run.
 */
final class BenchSignin implements ServerSecurityContextRepository {

	static final String TOKEN_HEADER = "X-Keygate-Bench-Token";

	/** Optional: which engineer this request is (the revocation benchmark uses one per WebSocket). */
	static final String SUBJECT_HEADER = "X-Keygate-Bench-Subject";

	private final byte[] token;

	private final String subject;

	private final String organisation;

	private final String issuer;

	BenchSignin(String token, String subject, String organisation, String issuer) {
		this.token = token.getBytes(StandardCharsets.UTF_8);
		this.subject = subject;
		this.organisation = organisation;
		this.issuer = issuer;
	}

	@Override
	public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
		return Mono.empty();
	}

	@Override
	public Mono<SecurityContext> load(ServerWebExchange exchange) {
		String presented = exchange.getRequest().getHeaders().getFirst(TOKEN_HEADER);
		if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), this.token)) {
			return Mono.empty();
		}
		Instant now = Instant.now();
		Map<String, Object> claims = new HashMap<>();
		String who = exchange.getRequest().getHeaders().getFirst(SUBJECT_HEADER);
		claims.put("sub", who != null && who.matches("[a-z0-9-]{1,40}") ? who : this.subject);
		claims.put("iss", this.issuer);
		claims.put("amr", List.of("hwk", "pin"));
		claims.put("organisation", this.organisation);
		claims.put("auth_time", now.getEpochSecond());
		OidcIdToken idToken = new OidcIdToken("bench", now, now.plusSeconds(3600), claims);
		List<SimpleGrantedAuthority> authorities = List.of(new SimpleGrantedAuthority("OIDC_USER"));
		return Mono.just(new SecurityContextImpl(
				new OAuth2AuthenticationToken(new DefaultOidcUser(authorities, idToken, "sub"), authorities, "keygate")));
	}

}
