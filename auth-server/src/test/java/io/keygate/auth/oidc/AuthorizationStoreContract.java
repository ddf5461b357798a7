package io.keygate.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import io.keygate.auth.account.KeygateAuthentication;
import io.keygate.auth.account.KeygateUser;
import io.keygate.policy.identity.Role;

/**
 * The stored authorizations on both databases (H2 for the embedded mode, PostgreSQL for the
 * distributed one), each on a fresh database migrated by Flyway: the signed-in person comes back
 * whole, and the sweep removes exactly the authorizations none of whose tokens can still be used.
 */
abstract class AuthorizationStoreContract {

	static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	static final RegisteredClient GATEWAY = RegisteredClient.withId("gateway-registration")
		.clientId("keygate-gateway")
		.clientSecret("{noop}secret")
		.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
		.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
		.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
		.redirectUri("http://localhost:8080/login/oauth2/code/keygate")
		.scope("openid")
		.build();

	private JdbcOAuth2AuthorizationService authorizations;

	private JdbcClient jdbc;

	private ExpiredAuthorizationSweep sweep;

	protected abstract DataSource freshDataSource();

	@BeforeEach
	void migrate() {
		DataSource dataSource = freshDataSource();
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		InMemoryRegisteredClientRepository clients = new InMemoryRegisteredClientRepository(GATEWAY);
		this.authorizations = new JdbcOAuth2AuthorizationService(new JdbcTemplate(dataSource), clients);
		this.authorizations
			.setAuthorizationRowMapper(new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationRowMapper(clients,
					AuthorizationJson.mapper()));
		this.authorizations.setAuthorizationParametersMapper(
				new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationParametersMapper(AuthorizationJson.mapper()));
		this.jdbc = JdbcClient.create(dataSource);
		this.sweep = new ExpiredAuthorizationSweep(this.jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static KeygateAuthentication signedIn() {
		return new KeygateAuthentication(new KeygateUser("ines@itron.example", "itron", Set.of(Role.VENDOR_ENGINEER, Role.APPROVER),
				"Ines Engineer", Instant.parse("2026-11-25T09:59:30.123456Z"), List.of("hwk", "pin"), "credential-1"));
	}

	private static OAuth2Authorization.Builder authorization(String id) {
		return OAuth2Authorization.withRegisteredClient(GATEWAY)
			.id(id)
			.principalName("ines@itron.example")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(Set.of("openid"))
			.attribute(Principal.class.getName(), signedIn());
	}

	/** A token of each kind the gateway gets, issued a minute before {@code expiresAt}. */
	private static OAuth2AuthorizationCode code(String id, Instant expiresAt) {
		return new OAuth2AuthorizationCode("code-" + id, expiresAt.minusSeconds(60), expiresAt);
	}

	private static OAuth2AccessToken access(String id, Instant expiresAt) {
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-" + id, expiresAt.minusSeconds(60), expiresAt);
	}

	private static OAuth2RefreshToken refresh(String id, Instant expiresAt) {
		return new OAuth2RefreshToken("refresh-" + id, expiresAt.minusSeconds(60), expiresAt);
	}

	private static final Map<String, Object> ID_CLAIMS = Map.of("sub", "ines@itron.example");

	/**
	 * The ID token's claims in its metadata, where the store reads them back from, in a map class
	 * the stored JSON accepts (as Spring's generator leaves them).
	 */
	private static final Consumer<Map<String, Object>> WITH_CLAIMS = metadata -> metadata
		.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, new LinkedHashMap<>(ID_CLAIMS));

	private static OidcIdToken idToken(String id, Instant expiresAt) {
		return new OidcIdToken("id-" + id, expiresAt.minusSeconds(60), expiresAt, ID_CLAIMS);
	}

	@Test
	void authorizationWhenStoredWithKeygateSignInThenReadBackByCodeWithTheSamePerson() {
		this.authorizations.save(authorization("person").token(code("person", NOW.plusSeconds(60))).build());

		OAuth2Authorization found = this.authorizations.findByToken("code-person",
				new OAuth2TokenType(org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames.CODE));

		assertThat(found).isNotNull();
		Object principal = found.getAttribute(Principal.class.getName());
		assertThat(principal).isInstanceOf(KeygateAuthentication.class);
		assertThat(((KeygateAuthentication) principal).getPrincipal()).isEqualTo(signedIn().getPrincipal());
		assertThat(((KeygateAuthentication) principal).getAuthorities()).isEqualTo(signedIn().getAuthorities());
		assertThat(found.getToken(OAuth2AuthorizationCode.class).getToken().getExpiresAt()).isEqualTo(NOW.plusSeconds(60));
	}

	@Test
	void sweepWhenEveryTokenHasExpiredThenRemovedWhileAnyLiveTokenKeepsItsAuthorization() {
		Instant past = NOW.minusSeconds(1);
		Instant future = NOW.plusSeconds(1);
		this.authorizations.save(authorization("code-expired").token(code("code-expired", past)).build());
		this.authorizations.save(authorization("all-expired").token(code("all-expired", past))
			.accessToken(access("all-expired", past))
			.refreshToken(refresh("all-expired", past))
			.token(idToken("all-expired", past), WITH_CLAIMS)
			.build());
		this.authorizations.save(authorization("code-live").token(code("code-live", future)).build());
		this.authorizations.save(authorization("refresh-live").token(code("refresh-live", past))
			.accessToken(access("refresh-live", past))
			.refreshToken(refresh("refresh-live", future))
			.token(idToken("refresh-live", past), WITH_CLAIMS)
			.build());
		this.authorizations.save(authorization("access-live").token(code("access-live", past))
			.accessToken(access("access-live", future))
			.token(idToken("access-live", past), WITH_CLAIMS)
			.build());
		this.authorizations.save(authorization("id-token-live").accessToken(access("id-token-live", past))
			.token(idToken("id-token-live", future), WITH_CLAIMS)
			.build());

		int removed = this.sweep.removeExpired();

		assertThat(removed).isEqualTo(2);
		assertThat(this.authorizations.findById("code-expired")).isNull();
		assertThat(this.authorizations.findById("all-expired")).isNull();
		for (String kept : List.of("code-live", "refresh-live", "access-live", "id-token-live")) {
			assertThat(this.authorizations.findById(kept)).as(kept).isNotNull();
		}
	}

	@Test
	void sweepWhenTokenExpiresExactlyNowThenKeptUntilItIsPast() {
		this.authorizations.save(authorization("edge").token(code("edge", NOW)).build());

		assertThat(this.sweep.removeExpired()).isZero();

		ExpiredAuthorizationSweep later = new ExpiredAuthorizationSweep(this.jdbc,
				Clock.fixed(NOW.plus(Duration.ofMillis(1)), ZoneOffset.UTC));
		assertThat(later.removeExpired()).isEqualTo(1);
	}

}
