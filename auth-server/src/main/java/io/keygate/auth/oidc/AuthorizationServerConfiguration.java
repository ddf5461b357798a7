package io.keygate.auth.oidc;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import tools.jackson.databind.json.JsonMapper;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.web.ActiveAccountFilter;
import io.keygate.policy.audit.AuditLog;

/**
 * Spring Authorization Server as Keygate's OIDC provider: discovery, JWKS, authorization code
 * with PKCE for the gateway (a confidential client), signed in by hardware key only. Its
 * endpoints have their own filter chain, ordered before the portal's; a browser that is not
 * signed in is sent to the hardware-key sign-in page and comes back afterwards.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(OidcProperties.class)
public class AuthorizationServerConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AuthorizationServerConfiguration.class);

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http,
			SecurityContextRepository securityContextRepository, AccountRepository accounts, AuditLog audit, Clock clock,
			JdbcClient jdbc, OAuth2AuthorizationService authorizations) throws Exception {
		OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
		// A code is redeemed once across replicas: claimed by one conditional update first.
		authorizationServer.tokenEndpoint(token -> token.authenticationProviders(providers -> providers.replaceAll(
				provider -> provider instanceof OAuth2AuthorizationCodeAuthenticationProvider
						? new SingleRedemption(provider, jdbc, authorizations, clock) : provider)));
		MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		html.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
		http.securityMatcher(authorizationServer.getEndpointsMatcher())
			.with(authorizationServer, server -> server.oidc(Customizer.withDefaults()))
			.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
			.securityContext(context -> context.securityContextRepository(securityContextRepository))
			.exceptionHandling(exceptions -> exceptions
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), html))
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
			// Without it a person cut off after signing in kept getting authorization codes (and so
			// gateway sessions) from their existing session: /oauth2/authorize is this chain's.
			.addFilterAfter(new ActiveAccountFilter(accounts, audit, clock), SecurityContextHolderFilter.class);
		return http.build();
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(OidcProperties properties) {
		AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
		if (properties.issuer() != null && !properties.issuer().isBlank()) {
			settings.issuer(properties.issuer());
		}
		return settings.build();
	}

	/**
	 * The gateway as a confidential client: client_secret_basic, authorization code with PKCE
	 * required, no consent screen (it is the utility's own gateway), short-lived access tokens.
	 */
	@Bean
	RegisteredClientRepository registeredClientRepository(OidcProperties properties) {
		OidcProperties.Gateway gateway = properties.gateway();
		List<RegisteredClient> clients = new ArrayList<>();
		if (gateway.clientSecret() == null || gateway.clientSecret().isBlank()) {
			log.warn("keygate.oidc.gateway.client-secret is not set: the gateway client '{}' is not registered and nobody "
					+ "can sign in through the gateway.", gateway.clientId());
		}
		else if (gateway.redirectUris().isEmpty()) {
			throw new IllegalStateException("keygate.oidc.gateway.redirect-uris must name the gateway's login callback");
		}
		else {
			PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
			String secret = gateway.clientSecret().startsWith("{") ? gateway.clientSecret()
					: encoder.encode(gateway.clientSecret());
			RegisteredClient.Builder client = RegisteredClient.withId(UUID.nameUUIDFromBytes(gateway.clientId().getBytes()).toString())
				.clientId(gateway.clientId())
				.clientSecret(secret)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
				.scope(OidcScopes.OPENID)
				.scope(OidcScopes.PROFILE)
				.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
				.tokenSettings(TokenSettings.builder()
					.accessTokenTimeToLive(properties.accessTokenTtl())
					.authorizationCodeTimeToLive(java.time.Duration.ofMinutes(1))
					.reuseRefreshTokens(false)
					.build());
			gateway.redirectUris().forEach(client::redirectUri);
			gateway.postLogoutRedirectUris().forEach(client::postLogoutRedirectUri);
			clients.add(client.build());
			log.info("OIDC client '{}' registered (authorization code + PKCE, access tokens {} ), redirect URIs {}",
					gateway.clientId(), properties.accessTokenTtl(), gateway.redirectUris());
		}
		return clients.isEmpty() ? new EmptyRegisteredClientRepository() : new InMemoryRegisteredClientRepository(clients);
	}

	/**
	 * Authorizations (codes with their PKCE challenge, access, refresh and ID tokens) in the
	 * database, table {@code oauth2_authorization}: the gateway redeems a code with a back-channel
	 * call that may reach any replica, not the one that issued it. The signed-in person inside an
	 * authorization is written by {@link AuthorizationJson}.
	 */
	@Bean
	OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients) {
		JsonMapper json = AuthorizationJson.mapper();
		JdbcOAuth2AuthorizationService service = new JdbcOAuth2AuthorizationService(jdbc, clients);
		service.setAuthorizationRowMapper(new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationRowMapper(clients, json));
		service.setAuthorizationParametersMapper(new JdbcOAuth2AuthorizationService.JsonMapperOAuth2AuthorizationParametersMapper(json));
		return service;
	}

	@Bean
	ExpiredAuthorizationSweep expiredAuthorizationSweep(JdbcClient jdbc, Clock clock) {
		return new ExpiredAuthorizationSweep(jdbc, clock);
	}

	/**
	 * Consents stay in memory: no client asks for one (the gateway is registered with
	 * {@code requireAuthorizationConsent(false)}), so this service is never written. A client
	 * that needs consent would need a shared store here first.
	 */
	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService() {
		return new InMemoryOAuth2AuthorizationConsentService();
	}

	@Bean
	SigningKeyStore signingKeyStore(JdbcClient jdbc, Clock clock, OidcProperties properties,
			@Value("${spring.datasource.url:}") String datasourceUrl, @Value("${keygate.data-dir:./data}") String dataDir) {
		return new SigningKeyStore(jdbc, clock,
				SigningKeySecret.resolve(properties.keyEncryptionSecret(), datasourceUrl, java.nio.file.Path.of(dataDir)));
	}

	@Bean
	BackChannelLogout backChannelLogout(SigningKeyStore keys, OidcProperties properties, io.keygate.policy.audit.AuditLog audit,
			Clock clock) {
		return new BackChannelLogout(keys, properties, audit, clock);
	}

	@Bean
	PersistedJwkSource jwkSource(SigningKeyStore store) {
		store.activeOrCreate();
		return new PersistedJwkSource(store);
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> keygateTokenCustomizer(PersistedJwkSource jwkSource, OidcProperties properties,
			AccountRepository accounts) {
		return new KeygateTokenCustomizer(jwkSource, properties.accessTokenTtl(), accounts);
	}

	/** No client registered: every client lookup fails, so the provider refuses all clients. */
	static final class EmptyRegisteredClientRepository implements RegisteredClientRepository {

		@Override
		public void save(RegisteredClient registeredClient) {
			throw new UnsupportedOperationException("clients are configured through keygate.oidc.*");
		}

		@Override
		public RegisteredClient findById(String id) {
			return null;
		}

		@Override
		public RegisteredClient findByClientId(String clientId) {
			return null;
		}

	}

}
