package io.keygate.gateway.signin;

import java.net.URI;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

import org.springframework.security.oauth2.client.oidc.server.session.InMemoryReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;
import org.springframework.web.server.session.WebSessionStore;

import io.keygate.gateway.KeygateGatewayProperties;
import io.keygate.gateway.decoy.DecoyTripwire;
import io.keygate.gateway.session.BrowserSessionEnd;
import io.keygate.gateway.session.LiveSessionRegistry;
import io.keygate.policy.decision.DenyReason;

/**
 * Sign-in through the auth server: OIDC authorization code with PKCE (also for this confidential
 * client: PKCE binds the code to this browser's flow), ID tokens checked for a hardware key and a
 * recent {@code auth_time}, a session with idle and absolute limits, and single logout both ways:
 * logout here ends the gateway session, everything it opened, and the auth server's session
 * (RP-initiated logout to the provider's {@code end_session_endpoint}); a sign-out at the portal
 * reaches this gateway as a signed back-channel logout token and ends the same.
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
			KeygateGatewayProperties properties, Clock clock, ObjectProvider<ServerSecurityContextRepository> contexts,
			LiveSessionRegistry liveSessions, BrowserSessionEnd ends, ReactiveOidcSessionRegistry oidcSessions,
			WebSessionManager webSessions,
			ObjectProvider<DecoyTripwire> tripwire) {
		KeygateGatewayProperties.Signin signin = properties.signin();
		DefaultServerOAuth2AuthorizationRequestResolver resolver = new DefaultServerOAuth2AuthorizationRequestResolver(clients);
		resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		ReactiveClientRegistrationRepository provider = new ProviderMetadataRegistrations(clients, signin.issuer());
		OidcClientInitiatedServerLogoutSuccessHandler logout = new OidcClientInitiatedServerLogoutSuccessHandler(provider);
		logout.setPostLogoutRedirectUri("{baseUrl}/signed-out");
		ServerLogoutHandler endLiveSessions = (exchange, authentication) -> exchange.getExchange()
			.getSession()
			.doOnNext(session -> ends.end(session.getId(), DenyReason.SIGNED_OUT))
			.then();
		// Health and metrics are served on the management port only (management.server.port): the public
		// port has no such endpoints, so these paths answer 404 there; the rule lets monitoring in on the
		// management port. The signed-out page and the back-channel logout are public; the rest needs a
		// sign-in (GatewayAuthorization).
		http.authorizeExchange(exchanges -> exchanges.anyExchange().access(new GatewayAuthorization()))
			.oauth2Login(login -> login.authorizationRequestResolver(resolver).oidcSessionRegistry(oidcSessions))
			// Runs before the session is invalidated, so the session's id still names what it opened.
			.logout(out -> out.logoutHandler(handlers -> handlers.add(0, endLiveSessions)).logoutSuccessHandler(logout))
			// Portal sign-out: the auth server posts a signed logout token (OIDC Back-Channel Logout 1.0),
			// verified against its JWKS, issuer, audience and events; never an unauthenticated URL.
			.oidcLogout(oidc -> oidc.clientRegistrationRepository(provider)
				.oidcSessionRegistry(oidcSessions)
				.backChannel(back -> back.logoutHandler(new BackChannelLogoutHandler(oidcSessions, sessionStore(webSessions),
						ends))))
			.csrf(csrf -> csrf.requireCsrfProtectionMatcher(GatewayAuthorization.csrfRequired()))
			.addFilterBefore(new SessionTimeoutFilter(signin.idleTimeout(), signin.absoluteTimeout(), clock, liveSessions, ends),
					SecurityWebFiltersOrder.AUTHORIZATION);
		// Decoys and honeytokens: the sign-in is known here, and a request nobody signed in still reaches it.
		tripwire.ifAvailable(wire -> http.addFilterBefore(wire.webFilter(), SecurityWebFiltersOrder.AUTHORIZATION));
		ServerSecurityContextRepository repository = contexts.getIfAvailable();
		if (repository != null) {
			log.warn("Using security context repository {} instead of the web session", repository.getClass().getName());
			http.securityContextRepository(repository);
		}
		return http.build();
	}

	/** Spring Security's filters run as a plain walk over their list on every request ({@link PlainFilterChain}). */
	@Bean
	static BeanPostProcessor plainSecurityFilterChain() {
		return new PlainFilterChain.Installer();
	}

	/**
	 * Which gateway sessions a person signed in through, so that a portal sign-out can find them: in
	 * this process in the embedded mode; the distributed mode shares one in Redis
	 * ({@code io.keygate.gateway.session.shared}), so that the instance the logout token reaches finds
	 * the sessions signed in through any other.
	 */
	@Bean
	@ConditionalOnProperty(name = "keygate.grant-store.kind", havingValue = "in-memory", matchIfMissing = true)
	ReactiveOidcSessionRegistry oidcSessionRegistry() {
		return new InMemoryReactiveOidcSessionRegistry();
	}

	private static WebSessionStore sessionStore(WebSessionManager manager) {
		if (manager instanceof DefaultWebSessionManager sessions) {
			return sessions.getSessionStore();
		}
		throw new IllegalStateException("back-channel logout needs the web session store; the session manager is "
				+ manager.getClass().getName());
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

	/** Shown after logout; public, so it cannot start a new sign-in by itself. In the gateway's page frame. */
	@Bean
	org.springframework.web.reactive.function.server.RouterFunction<org.springframework.web.reactive.function.server.ServerResponse> signedOutPage(
			io.keygate.gateway.KeygateProperties keygate) {
		String myAccess = io.keygate.gateway.home.GatewayPage.myAccess(keygate.portalUrl());
		return org.springframework.web.reactive.function.server.RouterFunctions.route(
				org.springframework.web.reactive.function.server.RequestPredicates.GET("/signed-out"),
				request -> org.springframework.web.reactive.function.server.ServerResponse.ok()
					.contentType(new org.springframework.http.MediaType(org.springframework.http.MediaType.TEXT_HTML,
							java.nio.charset.StandardCharsets.UTF_8))
					.header("Cache-Control", "no-store")
					.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
					// Built per request: the demo banner is read when the page is written.
					.bodyValue(io.keygate.gateway.home.GatewayPage.of("Signed out", myAccess,
							"<p>You are signed out of Keygate.</p><p><a class=\"primary\" href=\""
									+ org.springframework.web.util.HtmlUtils.htmlEscape(myAccess)
									+ "\">Back to the portal</a></p>")));
	}

}
