package io.keygate.auth.web;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.alert.HoneytokenTripwire;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;

/**
 * The browser-facing filter chain. Sign-in is a hardware-key assertion only (no form login, no
 * HTTP basic, no password anywhere); CSRF protection is on for every state-changing call, with
 * the token in the {@value #CSRF_COOKIE} cookie for the pages' scripts (sent back as
 * {@code X-XSRF-TOKEN}). The authorization server's endpoints have their own chain (ordered first).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

	/** Paths anyone may reach: the sign-in and enrollment ceremonies and the health probe. */
	static final String[] PUBLIC_PATHS = { "/login", "/login/webauthn", "/webauthn/authenticate/options", "/enroll",
			"/enroll/**", "/error", SessionEndedController.PATH, "/css/**", "/js/**", "/favicon.ico", "/actuator/health", "/actuator/health/**" };

	/**
	 * The CSRF cookie's name. A Keygate name rather than Spring's {@code XSRF-TOKEN}: on a host name
	 * shared with a gateway the browser sends it there too, and the gateway strips cookies named
	 * {@code KEYGATE*} before forwarding to a target. The pages' scripts read this name.
	 */
	public static final String CSRF_COOKIE = "KEYGATE_AUTH_XSRF";

	/**
	 * The prefix of every Secure Keygate cookie: a {@code __Host-} cookie is accepted by browsers
	 * only Secure, host-only and with {@code Path=/}, so a sibling subdomain (a target's own origin
	 * on the gateway, say) cannot plant a CSRF token or a session id for this host.
	 */
	public static final String HOST_PREFIX = "__Host-";

	/**
	 * Configured Secure, the session cookie is {@value #HOST_PREFIX}{@code <name>} with
	 * {@code Path=/} and no Domain. Runs after Boot's own session-cookie initializer, so its name wins.
	 */
	@Bean
	org.springframework.boot.web.servlet.ServletContextInitializer hostPrefixedSessionCookie(
			@Value("${server.servlet.session.cookie.secure:false}") boolean secure,
			@Value("${server.servlet.session.cookie.domain:#{null}}") String domain) {
		return servletContext -> {
			if (!secure) {
				return;
			}
			if (domain != null) {
				throw new IllegalStateException("server.servlet.session.cookie.domain must not be set: a Secure session cookie is"
						+ " __Host- prefixed, which browsers accept only without a Domain");
			}
			jakarta.servlet.SessionCookieConfig cookie = servletContext.getSessionCookieConfig();
			String name = cookie.getName() == null ? "JSESSIONID" : cookie.getName();
			if (!name.startsWith(HOST_PREFIX)) {
				cookie.setName(HOST_PREFIX + name);
			}
			cookie.setPath("/");
			cookie.setSecure(true);
		};
	}

	@Bean
	SecurityContextRepository securityContextRepository() {
		return new HttpSessionSecurityContextRepository();
	}

	/**
	 * The CSRF token lives in the {@value #CSRF_COOKIE} cookie for the pages' scripts, so it cannot
	 * be HttpOnly; it is SameSite=Lax, and Secure when the session cookie is
	 * ({@code server.servlet.session.cookie.secure}) or the request came over HTTPS. Configured
	 * Secure, it is {@value #HOST_PREFIX}{@value #CSRF_COOKIE} with {@code Path=/}. One shared
	 * instance so that a sign-in can drop the pre-sign-in token (see SessionSignIn).
	 */
	@Bean
	CsrfTokenRepository csrfTokenRepository(@Value("${server.servlet.session.cookie.secure:false}") boolean secure) {
		CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
		repository.setCookieName(secure ? HOST_PREFIX + CSRF_COOKIE : CSRF_COOKIE);
		repository.setCookiePath("/");
		repository.setCookieCustomizer(cookie -> {
			cookie.sameSite("Lax");
			if (secure) {
				cookie.secure(true);
			}
		});
		return repository;
	}

	/**
	 * No password authentication exists. Declaring this manager also keeps Spring Boot from
	 * creating its default user with a generated password.
	 */
	@Bean
	AuthenticationManager noPasswordAuthenticationManager() {
		return authentication -> {
			throw new ProviderNotFoundException("Keygate signs in with a hardware security key only");
		};
	}

	@Bean
	@Order(10)
	SecurityFilterChain keygateSecurityFilterChain(HttpSecurity http, SecurityContextRepository securityContextRepository,
			CsrfTokenRepository csrfTokenRepository, AccountRepository accounts, AuditLog audit, Clock clock,
			ObjectProvider<HoneytokenTripwire> honeytokens) throws Exception {
		ProblemResponses problems = new ProblemResponses();
		MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		html.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
		http.authorizeHttpRequests(authorize -> authorize.requestMatchers(PUBLIC_PATHS)
			.permitAll()
			.requestMatchers("/admin/**")
			.hasRole("SECURITY_ADMIN")
			// The API's map (every admin endpoint and its fields) is for those who run Keygate, not vendors.
			.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**")
			.hasRole("SECURITY_ADMIN")
			.anyRequest()
			.authenticated())
			.csrf(csrf -> csrf.spa().csrfTokenRepository(csrfTokenRepository))
			.securityContext(context -> context.securityContextRepository(securityContextRepository))
			.exceptionHandling(exceptions -> exceptions
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), html)
				.defaultAuthenticationEntryPointFor(problems, AnyRequestMatcher.INSTANCE)
				.accessDeniedHandler(problems))
			.logout(logout -> logout.logoutUrl("/logout")
				.logoutSuccessUrl("/login?signedOut")
				.addLogoutHandler((request, response, authentication) -> {
					if (authentication != null) {
						audit.append(AuditEntry.builder(AuditAction.WEBAUTHN_SIGNOUT, clock.instant())
							.actor(authentication.getName())
							.outcome("SIGNED_OUT")
							.clientAddress(request.getRemoteAddr())
							.build());
					}
				}))
			.addFilterAfter(new ActiveAccountFilter(accounts, audit, clock), SecurityContextHolderFilter.class);
		// Honeytokens: after the session's context is loaded, before anything refuses the request.
		honeytokens.ifAvailable(wire -> http.addFilterAfter(wire.filter(), SecurityContextHolderFilter.class));
		return http.build();
	}

}
