package io.keygate.gateway.signin;

import java.net.URI;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.oidc.authentication.ReactiveOidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoderFactory;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import io.keygate.gateway.KeygateGatewayProperties;

/**
 * Sign-in through the auth server: OIDC authorization code with PKCE (also for this confidential
 * client: PKCE binds the code to this browser's flow), ID tokens checked for a hardware key and a
 * recent {@code auth_time}, a session with idle and absolute limits, and logout that ends the
 * gateway session and the auth server's (RP-initiated logout).
 * <p>
 * CSRF protection is off for {@code /t/**}: those requests belong to the upstream applications,
 * which keep their own CSRF defences; the gateway session cookie is {@code SameSite=Lax} so a
 * cross-site form cannot ride on it. Everything else the gateway serves keeps Spring's CSRF.
 */
@Configuration(proxyBeanMethods = false)
public class SigninConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SigninConfiguration.class);

	@Bean
	SecurityWebFilterChain keygateSecurity(ServerHttpSecurity http, ReactiveClientRegistrationRepository clients,
			KeygateGatewayProperties properties, Clock clock, ObjectProvider<ServerSecurityContextRepository> contexts) {
		KeygateGatewayProperties.Signin signin = properties.signin();
		DefaultServerOAuth2AuthorizationRequestResolver resolver = new DefaultServerOAuth2AuthorizationRequestResolver(clients);
		resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		OidcClientInitiatedServerLogoutSuccessHandler logout = new OidcClientInitiatedServerLogoutSuccessHandler(clients);
		logout.setPostLogoutRedirectUri("{baseUrl}/signed-out");
		http.authorizeExchange(exchanges -> exchanges
			// Served on the management port only (management.server.port): the public port has no such
			// endpoints, so these paths answer 404 there; the rule lets monitoring in on the management port.
			.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
			.pathMatchers(HttpMethod.GET, "/signed-out").permitAll()
			.anyExchange().authenticated())
			.oauth2Login(login -> login.authorizationRequestResolver(resolver))
			.logout(out -> out.logoutSuccessHandler(logout))
			.csrf(csrf -> csrf.requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(CsrfWebFilter.DEFAULT_CSRF_MATCHER,
					new NegatedServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers("/t/**", "/actuator/**")))))
			.addFilterBefore(new SessionTimeoutFilter(signin.idleTimeout(), signin.absoluteTimeout(), clock),
					SecurityWebFiltersOrder.AUTHORIZATION);
		ServerSecurityContextRepository repository = contexts.getIfAvailable();
		if (repository != null) {
			log.warn("Using security context repository {} instead of the web session", repository.getClass().getName());
			http.securityContextRepository(repository);
		}
		return http.build();
	}

	/**
	 * No Micrometer observation of every security filter and authorization: the gateway counts its
	 * decisions itself, and observations cost CPU on every proxied request (infra/README.md).
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/** Spring Security's default ID token checks, plus ours. */
	@Bean
	ReactiveJwtDecoderFactory<ClientRegistration> idTokenDecoderFactory(KeygateGatewayProperties properties, Clock clock) {
		KeygateGatewayProperties.Signin signin = properties.signin();
		if (signin.issuer() == null || signin.issuer().isBlank()) {
			throw new IllegalStateException("keygate.gateway.signin.issuer must name the auth server's issuer");
		}
		URI.create(signin.issuer());
		ReactiveOidcIdTokenDecoderFactory factory = new ReactiveOidcIdTokenDecoderFactory();
		factory.setJwtValidatorFactory(registration -> {
			JwtTimestampValidator timestamps = new JwtTimestampValidator();
			timestamps.setClock(clock);
			OidcIdTokenValidator oidc = new OidcIdTokenValidator(registration);
			oidc.setClock(clock);
			return new DelegatingOAuth2TokenValidator<>(timestamps, oidc,
					new HardwareKeyIdTokenValidator(signin.issuer(), signin.requiredAmr(), signin.maxAuthAge(), clock));
		});
		return factory;
	}

	/** Shown after logout; public, so it cannot start a new sign-in by itself. */
	@Bean
	org.springframework.web.reactive.function.server.RouterFunction<org.springframework.web.reactive.function.server.ServerResponse> signedOutPage() {
		return org.springframework.web.reactive.function.server.RouterFunctions.route(
				org.springframework.web.reactive.function.server.RequestPredicates.GET("/signed-out"),
				request -> org.springframework.web.reactive.function.server.ServerResponse.ok()
					.contentType(org.springframework.http.MediaType.TEXT_HTML)
					.bodyValue("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed out - Keygate"
							+ "</title></head><body><h1>You are signed out of Keygate.</h1></body></html>"));
	}

}
