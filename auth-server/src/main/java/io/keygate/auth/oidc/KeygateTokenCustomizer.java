package io.keygate.auth.oidc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import io.keygate.auth.account.AccountRepository;

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

	private static final Logger log = LoggerFactory.getLogger(KeygateTokenCustomizer.class);

	private final PersistedJwkSource jwkSource;

	private final Duration accessTokenTtl;

	private final AccountRepository accounts;

	public KeygateTokenCustomizer(PersistedJwkSource jwkSource, Duration accessTokenTtl, AccountRepository accounts) {
		this.accounts = accounts;
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
		if (principal instanceof KeygateAuthentication signedIn) {
			refuseEndedSession(signedIn.getPrincipal());
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

	/**
	 * Every token (from a code or a refresh token) is refused once the person was cut off after the
	 * sign-in the authorization came from: a code issued a moment before a disable, or a refresh
	 * token, must not mint tokens for them. The token endpoint answers {@code invalid_grant}.
	 */
	private void refuseEndedSession(KeygateUser user) {
		AccountRepository.SessionStanding standing = this.accounts.sessionStanding(user.subject(), user.authTime());
		if (!standing.isValid()) {
			log.info("Token for {} refused: {}", user.subject(), standing);
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					"The account is no longer active.", null));
		}
	}

}
