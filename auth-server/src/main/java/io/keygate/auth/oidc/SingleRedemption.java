package io.keygate.auth.oidc;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.util.Assert;

/**
 * Wraps Spring Authorization Server's authorization-code provider so that a code yields one token
 * set even when it is redeemed twice at the same instant on two replicas (RFC 6749 §4.1.2: a code
 * is used once). The provider itself reads the authorization, issues tokens and writes the
 * authorization back, a read followed by a separate write. Here the code is claimed first by one
 * conditional update ({@code authorization_code_redeemed_at} set where null, migration V99):
 * exactly one caller's update hits the row and goes on to the provider.
 *
 * <p>A caller that loses the claim is refused {@code invalid_grant}. When the code was already
 * redeemed and written back, the provider is still asked, so its answer to code reuse (it revokes
 * the tokens issued for the code) keeps working.
 */
final class SingleRedemption implements AuthenticationProvider {

	private static final Logger log = LoggerFactory.getLogger(SingleRedemption.class);

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private final AuthenticationProvider provider;

	private final JdbcClient jdbc;

	private final OAuth2AuthorizationService authorizations;

	private final Clock clock;

	SingleRedemption(AuthenticationProvider provider, JdbcClient jdbc, OAuth2AuthorizationService authorizations, Clock clock) {
		Assert.notNull(provider, "provider cannot be null");
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.provider = provider;
		this.jdbc = jdbc;
		this.authorizations = authorizations;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String code = ((OAuth2AuthorizationCodeAuthenticationToken) authentication).getCode();
		int claimed = this.jdbc
			.sql("update oauth2_authorization set authorization_code_redeemed_at = :now"
					+ " where authorization_code_value = :code and authorization_code_redeemed_at is null")
			.param("now", OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC))
			.param("code", code)
			.update();
		if (claimed == 1 || alreadyWrittenBack(code)) {
			return this.provider.authenticate(authentication);
		}
		log.warn("Authorization code refused: unknown, or being redeemed by another call right now");
		throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
	}

	/** A code redeemed earlier and stored as used: the provider refuses it and revokes its tokens. */
	private boolean alreadyWrittenBack(String code) {
		OAuth2Authorization authorization = this.authorizations.findByToken(code, CODE);
		if (authorization == null) {
			return false;
		}
		OAuth2Authorization.Token<OAuth2AuthorizationCode> token = authorization.getToken(OAuth2AuthorizationCode.class);
		return token != null && token.isInvalidated();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.provider.supports(authentication);
	}

}
