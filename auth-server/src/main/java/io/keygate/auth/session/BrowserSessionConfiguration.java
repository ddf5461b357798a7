package io.keygate.auth.session;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

import io.keygate.auth.web.SecurityConfiguration;

/**
 * The browser session's cookie now that sessions live in the database (Spring Session JDBC, table
 * {@code spring_session}, migration V98) rather than in one replica's memory. Spring Session
 * writes the cookie itself and ignores the servlet container's cookie settings, so the rules the
 * container applied before are applied here: HttpOnly, SameSite=Lax, and, when Secure, the
 * {@code __Host-} prefix with {@code Path=/} and no Domain.
 */
@Configuration(proxyBeanMethods = false)
public class BrowserSessionConfiguration {

	@Bean
	CookieSerializer cookieSerializer(@Value("${server.servlet.session.cookie.name:KEYGATE_AUTH_SESSION}") String name,
			@Value("${server.servlet.session.cookie.secure:false}") boolean secure,
			@Value("${server.servlet.session.cookie.domain:#{null}}") String domain) {
		if (secure && domain != null) {
			throw new IllegalStateException("server.servlet.session.cookie.domain must not be set: a Secure session cookie is"
					+ " __Host- prefixed, which browsers accept only without a Domain");
		}
		DefaultCookieSerializer cookie = new DefaultCookieSerializer();
		cookie.setCookieName(secure && !name.startsWith(SecurityConfiguration.HOST_PREFIX)
				? SecurityConfiguration.HOST_PREFIX + name : name);
		cookie.setCookiePath("/");
		cookie.setUseHttpOnlyCookie(true);
		cookie.setSameSite("Lax");
		cookie.setUseSecureCookie(secure);
		if (!secure && domain != null) {
			cookie.setDomainName(domain);
		}
		return cookie;
	}

}
