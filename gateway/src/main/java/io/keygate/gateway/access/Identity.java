package io.keygate.gateway.access;

import java.security.Principal;
import java.util.Optional;

import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who is asking, as the verified sign-in says: the subject and organisation claims of the ID token.
 * Anything else (no sign-in, another kind of principal, missing claims) is no identity, and the
 * decision denies it as malformed.
 */
public record Identity(String subject, String organisation) {

	public static Optional<Identity> of(Principal principal, String subjectClaim, String organisationClaim) {
		if (!(principal instanceof OAuth2AuthenticationToken token) || !(token.getPrincipal() instanceof OidcUser user)) {
			return Optional.empty();
		}
		Object subject = user.getClaims().get(subjectClaim);
		Object organisation = user.getClaims().get(organisationClaim);
		if (!(subject instanceof String s) || !(organisation instanceof String o)) {
			return Optional.empty();
		}
		return Optional.of(new Identity(s, o));
	}

}
