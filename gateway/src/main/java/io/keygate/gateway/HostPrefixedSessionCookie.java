package io.keygate.gateway;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.web.server.session.CookieWebSessionIdResolver;

/**
 * When the gateway's session cookie is Secure ({@code server.reactive.session.cookie.secure=true},
 * every deployment behind HTTPS) it is named {@code __Host-<name>}: browsers then accept it only
 * Secure, host-only and with {@code Path=/}, so no sibling subdomain (another target's own origin
 * included) can plant or overwrite it. The gateway strips and refuses the name with or without the
 * prefix alike ({@code KeygateCookieNames}).
 */
final class HostPrefixedSessionCookie implements BeanPostProcessor {

	static final String PREFIX = "__Host-";

	private final Environment environment;

	HostPrefixedSessionCookie(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof CookieWebSessionIdResolver resolver
				&& this.environment.getProperty("server.reactive.session.cookie.secure", Boolean.class, false)) {
			if (this.environment.getProperty("server.reactive.session.cookie.domain") != null) {
				throw new IllegalStateException("server.reactive.session.cookie.domain must not be set: a Secure session cookie"
						+ " is __Host- prefixed, which browsers accept only without a Domain");
			}
			String name = resolver.getCookieName();
			if (!name.startsWith(PREFIX)) {
				resolver.setCookieName(PREFIX + name);
			}
			resolver.addCookieInitializer(cookie -> cookie.path("/").secure(true));
		}
		return bean;
	}

}
