package io.keygate.gateway.forwarding;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which cookie names are Keygate's: every name starting with {@code KEYGATE} (the gateway's session
 * cookie, the auth server's session and CSRF cookies) plus any configured ones, compared the way a
 * browser and a server would confuse them: case-insensitively and with or without a
 * {@code __Host-}/{@code __Secure-} prefix (in any case), because {@code __host-KEYGATE_GATEWAY_SESSION}
 * and {@code keygate_gateway_session} reach many cookie parsers as the same name.
 */
public final class KeygateCookieNames {

	private static final String[] PREFIXES = { "__host-", "__secure-" };

	private final Set<String> names;

	public KeygateCookieNames(Collection<String> names) {
		this.names = names.stream().map(KeygateCookieNames::canonical).collect(Collectors.toUnmodifiableSet());
	}

	/** Whether {@code name} is, or could be read as, one of Keygate's cookies. */
	public boolean isKeygate(String name) {
		String canonical = canonical(name);
		return canonical.startsWith("KEYGATE") || this.names.contains(canonical);
	}

	static String canonical(String name) {
		String lower = name.strip().toLowerCase(Locale.ROOT);
		for (String prefix : PREFIXES) {
			if (lower.startsWith(prefix)) {
				lower = lower.substring(prefix.length());
				break;
			}
		}
		return lower.strip().toUpperCase(Locale.ROOT);
	}

}
