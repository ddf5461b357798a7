package io.keygate.auth.oidc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import io.keygate.auth.account.KeygateAuthentication;
import io.keygate.auth.account.KeygateUser;
import io.keygate.policy.identity.Role;

/**
 * Puts who-and-how into the tokens: {@code amr} (RFC 8176: {@code hwk} + {@code pin}),
 * {@code auth_time}, {@code organisation} and {@code roles}, and signs with the current key.
 * Access tokens are cut to at most 5 minutes whatever a client registration says, so a
 * misconfiguration cannot hand out long-lived tokens.
 */
public final class KeygateTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final PersistedJwkSource jwkSource;

	private final Duration accessTokenTtl;

	public KeygateTokenCustomizer(PersistedJwkSource jwkSource, Duration accessTokenTtl) {
		this.jwkSource = jwkSource;
		this.accessTokenTtl = accessTokenTtl.compareTo(OidcProperties.MAX_ACCESS_TOKEN_TTL) > 0
				? OidcProperties.MAX_ACCESS_TOKEN_TTL : accessTokenTtl;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		context.getJwsHeader().keyId(this.jwkSource.signingKeyId());
		Authentication principal = context.getPrincipal();
		boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
		boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
		if (accessToken) {
			Instant issuedAt = context.getClaims().build().getIssuedAt();
			Instant limit = (issuedAt == null ? Instant.now() : issuedAt).plus(this.accessTokenTtl);
			Instant expiresAt = context.getClaims().build().getExpiresAt();
			if (expiresAt == null || expiresAt.isAfter(limit)) {
				context.getClaims().expiresAt(limit);
			}
		}
		if ((idToken || accessToken) && principal instanceof KeygateAuthentication keygate) {
			KeygateUser user = keygate.getPrincipal();
			// ArrayList, not List.of/toList(): the claims are also kept in the stored authorization,
			// whose JSON reader only accepts collection classes on Spring Security's allow-list.
			List<String> roles = new ArrayList<>(user.roles().stream().map(Role::name).sorted().toList());
			context.getClaims()
				.claim("organisation", user.organisation())
				.claim("roles", roles)
				.claim("amr", new ArrayList<>(user.amr()))
				.claim("auth_time", user.authTime().getEpochSecond());
			if (idToken) {
				context.getClaims().claim("name", user.displayName());
			}
		}
	}

}
