package io.keygate.auth.oidc;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The OIDC provider ({@code keygate.oidc.*}).
 *
 * @param issuer the issuer URL; when empty it is taken from each request's host
 * @param accessTokenTtl access-token lifetime, at most 5 minutes: the gateway re-checks often
 * @param keyEncryptionSecret when set, the signing keys' private parts are AES-GCM encrypted in
 * the database with a key derived from it
 * @param gateway the gateway, a confidential client using authorization code + PKCE
 */
@Validated
@ConfigurationProperties("keygate.oidc")
public record OidcProperties(String issuer, @NotNull @DefaultValue("PT5M") Duration accessTokenTtl, String keyEncryptionSecret,
		@Valid @NotNull @DefaultValue Gateway gateway) {

	static final Duration MAX_ACCESS_TOKEN_TTL = Duration.ofMinutes(5);

	public OidcProperties {
		if (accessTokenTtl != null && (accessTokenTtl.isNegative() || accessTokenTtl.isZero()
				|| accessTokenTtl.compareTo(MAX_ACCESS_TOKEN_TTL) > 0)) {
			throw new IllegalArgumentException(
					"keygate.oidc.access-token-ttl must be more than 0 and at most 5 minutes, was " + accessTokenTtl);
		}
	}

	/**
	 * The gateway's client registration. Without a secret the client is not registered at all
	 * (nobody can sign in through the gateway) rather than registered with a guessable one.
	 *
	 * @param clientId the client id
	 * @param clientSecret the client secret, plain or {@code {bcrypt}...}; no default
	 * @param redirectUris the gateway's OIDC login callback(s), e.g.
	 * {@code https://gateway.example/login/oauth2/code/keygate}
	 * @param postLogoutRedirectUris where the gateway may send the browser after logout
	 * @param backChannelLogoutUris each gateway instance's OIDC back-channel logout endpoint
	 * ({@code https://gateway.example/logout/connect/back-channel/keygate}); a portal sign-out posts a
	 * logout token signed with the token-signing key to every one of them
	 */
	public record Gateway(@NotBlank @DefaultValue("keygate-gateway") String clientId, String clientSecret,
			@DefaultValue("http://localhost:8080/login/oauth2/code/keygate") List<String> redirectUris,
			@DefaultValue List<String> postLogoutRedirectUris, @DefaultValue List<String> backChannelLogoutUris) {

		public Gateway {
			redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
			postLogoutRedirectUris = postLogoutRedirectUris == null ? List.of() : List.copyOf(postLogoutRedirectUris);
			backChannelLogoutUris = backChannelLogoutUris == null ? List.of()
					: backChannelLogoutUris.stream().filter(uri -> !uri.isBlank()).toList();
			for (String uri : backChannelLogoutUris) {
				java.net.URI parsed;
				try {
					parsed = java.net.URI.create(uri);
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("keygate.oidc.gateway.back-channel-logout-uris entry '" + uri + "' is not a URL", ex);
				}
				if (!"https".equals(parsed.getScheme()) && !"http".equals(parsed.getScheme()) || parsed.getHost() == null) {
					throw new IllegalArgumentException(
							"keygate.oidc.gateway.back-channel-logout-uris entry '" + uri + "' must be an http(s) URL");
				}
			}
		}

	}

}
