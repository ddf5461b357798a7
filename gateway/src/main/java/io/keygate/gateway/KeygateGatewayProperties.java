package io.keygate.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.keygate.gateway.forwarding.UpstreamCredential;

/**
 * The gateway's own settings, under {@code keygate.gateway.*}.
 *
 * @param audit where decisions are recorded ({@code keygate.gateway.audit.*}); where live grants are
 * read and the audit stream's Redis are settings the gateway shares with the auth server
 * ({@code keygate.grant-store.*}, {@code keygate.audit-stream.*})
 * @param signin what a sign-in must prove and how long it lasts ({@code keygate.gateway.signin.*})
 * @param forwarding what is stripped from forwarded requests ({@code keygate.gateway.forwarding.*})
 * @param sessions how live sessions are watched ({@code keygate.gateway.sessions.*})
 * @param upstreamCredentials per target id, the credential injected towards its upstream; secrets
 * come from the environment (placeholders) or a file, never from the catalogue
 * @param requests what a request may carry besides its method and path ({@code keygate.gateway.requests.*})
 * @param origins which origin serves which target ({@code keygate.gateway.origins.*})
 */
@Validated
@ConfigurationProperties("keygate.gateway")
public record KeygateGatewayProperties(@Valid @DefaultValue Audit audit,
		@Valid @DefaultValue Signin signin, @Valid @DefaultValue Forwarding forwarding, @Valid @DefaultValue Sessions sessions,
		Map<String, @Valid UpstreamCredential> upstreamCredentials, @Valid @DefaultValue Requests requests,
		@Valid @DefaultValue Origins origins) {

	public KeygateGatewayProperties {
		upstreamCredentials = upstreamCredentials == null ? Map.of() : Map.copyOf(upstreamCredentials);
	}

	/** Where decision events go. */
	public enum AuditSinkKind {
		/** The {@code AuditLog} bean (the embedded mode: in-process, chained by the shared log). */
		AUDIT_LOG,
		/** A Redis Stream that the auth server consumes into the hash chain. */
		REDIS_STREAM
	}

	/**
	 * @param sink {@code audit-log} (default) or {@code redis-stream} (settings: {@code keygate.audit-stream.*})
	 */
	public record Audit(@DefaultValue("audit-log") AuditSinkKind sink) {
	}

	/**
	 * @param registrationId the OAuth2 client registration of the auth server
	 * @param issuer the auth server's issuer; ID tokens from anyone else are refused
	 * @param requiredAmr the {@code amr} value that proves a hardware key was used
	 * @param maxAuthAge how old {@code auth_time} may be when the gateway accepts the ID token
	 * @param idleTimeout a gateway session unused this long ends
	 * @param absoluteTimeout a gateway session ends this long after sign-in, used or not
	 * @param subjectClaim the ID token claim naming the person (matches grants' subject)
	 * @param organisationClaim the ID token claim naming the person's organisation
	 */
	public record Signin(@DefaultValue("keygate") String registrationId, String issuer, @DefaultValue("hwk") String requiredAmr,
			@DefaultValue("PT10M") Duration maxAuthAge, @DefaultValue("PT30M") Duration idleTimeout,
			@DefaultValue("PT8H") Duration absoluteTimeout, @DefaultValue("sub") String subjectClaim,
			@DefaultValue("organisation") String organisationClaim) {

		public Signin {
			positive(maxAuthAge, "max-auth-age");
			positive(idleTimeout, "idle-timeout");
			positive(absoluteTimeout, "absolute-timeout");
			if (requiredAmr == null || requiredAmr.isBlank()) {
				throw new IllegalArgumentException("keygate.gateway.signin.required-amr must not be blank");
			}
		}

		private static void positive(Duration value, String name) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException("keygate.gateway.signin." + name + " must be a positive duration, was " + value);
			}
		}

	}

	/**
	 * @param keygateCookies more cookie names never forwarded, besides every cookie whose name starts
	 * with {@code KEYGATE}: the gateway's session cookie ({@code KEYGATE_GATEWAY_SESSION}) and the
	 * auth server's ({@code KEYGATE_AUTH_SESSION}, {@code KEYGATE_AUTH_XSRF}), which a browser also
	 * sends here when both share a host name. Empty by default, so an OT application's own
	 * {@code SESSION} cookie still reaches it.
	 */
	public record Forwarding(@DefaultValue({}) List<String> keygateCookies) {

		public Forwarding {
			keygateCookies = List.copyOf(keygateCookies);
		}

	}

	/**
	 * Relaxations of the request-shape checks (see {@code io.keygate.policy.shape}); all off by default.
	 *
	 * @param maxFormBody the largest form body (urlencoded or multipart) read to look for an override
	 * field; a larger form is refused, so uploads that need more should not be sent as forms
	 * @param overrideHeadersAllowedThrough override headers (names from {@code OverrideVectors}) that a
	 * trusted proxy in front of the gateway adds: not refused, stripped before forwarding
	 * @param overrideParametersAllowedThrough override query parameters likewise: not refused, removed
	 * from the forwarded query
	 * @param allowHeaderlessUnsafe let unsafe methods with neither {@code Origin} nor
	 * {@code Sec-Fetch-Site} through, for non-browser clients (never WebSocket handshakes)
	 * @param maxRequestLine the longest request line (method, address, version) answered with
	 * anything but 414; Netty's own limit ({@code server.netty.max-initial-line-length}) is set above
	 * it, so that the gateway answers with its page and a log line
	 * @param maxHeaders the largest header section (cookies included) answered with anything but
	 * 431; above it likewise sits {@code server.max-http-request-header-size}
	 */
	public record Requests(@DefaultValue("1MB") DataSize maxFormBody,
			@DefaultValue({}) List<String> overrideHeadersAllowedThrough,
			@DefaultValue({}) List<String> overrideParametersAllowedThrough, @DefaultValue("false") boolean allowHeaderlessUnsafe,
			@DefaultValue("8KB") DataSize maxRequestLine, @DefaultValue("16KB") DataSize maxHeaders) {

		public Requests {
			if (maxFormBody == null || maxFormBody.isNegative() || maxFormBody.toBytes() > Integer.MAX_VALUE / 2) {
				throw new IllegalArgumentException("keygate.gateway.requests.max-form-body must be between 0 and 1GB, was "
						+ maxFormBody);
			}
			if (maxRequestLine == null || maxRequestLine.toBytes() < 64 || maxRequestLine.toBytes() > 1024 * 1024) {
				throw new IllegalArgumentException("keygate.gateway.requests.max-request-line must be between 64B and 1MB, was "
						+ maxRequestLine);
			}
			if (maxHeaders == null || maxHeaders.toBytes() < 256 || maxHeaders.toBytes() > 1024 * 1024) {
				throw new IllegalArgumentException("keygate.gateway.requests.max-headers must be between 256B and 1MB, was "
						+ maxHeaders);
			}
			overrideHeadersAllowedThrough = List.copyOf(overrideHeadersAllowedThrough);
			overrideParametersAllowedThrough = List.copyOf(overrideParametersAllowedThrough);
		}

	}

	/**
	 * @param publicOrigin the origin browsers use for the gateway ({@code https://gw.example}); needed
	 * behind a TLS-terminating proxy, otherwise derived from each request's scheme and {@code Host}
	 * @param targets per target id, an origin of its own ({@code https://head-end.gw.example}), the
	 * recommended deployment: that host serves the target at its root, and the target is no longer
	 * served under {@code /t/{id}} on any other host
	 */
	public record Origins(URI publicOrigin, Map<String, URI> targets) {

		public Origins {
			targets = targets == null ? Map.of() : Map.copyOf(targets);
			if (publicOrigin != null) {
				origin(publicOrigin, "keygate.gateway.origins.public-origin");
			}
			java.util.Set<String> hosts = new java.util.HashSet<>();
			targets.forEach((target, origin) -> {
				origin(origin, "keygate.gateway.origins.targets." + target);
				if (!hosts.add(origin.getHost().toLowerCase(java.util.Locale.ROOT))) {
					throw new IllegalArgumentException("keygate.gateway.origins.targets." + target + ": host " + origin.getHost()
							+ " already serves another target");
				}
				if (publicOrigin != null && origin.getHost().equalsIgnoreCase(publicOrigin.getHost())) {
					throw new IllegalArgumentException("keygate.gateway.origins.targets." + target
							+ " must not be the gateway's public origin");
				}
			});
		}

		private static void origin(URI uri, String property) {
			boolean scheme = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
			boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
			if (!scheme || uri.getHost() == null || !bare || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
				throw new IllegalArgumentException(property + " must be an origin such as https://host[:port], was " + uri);
			}
		}

	}

	/**
	 * @param sweepInterval how often live sessions are checked against their grant's {@code notAfter}
	 * as a backstop to the exact per-grant timer
	 */
	public record Sessions(@DefaultValue("PT1S") @NotNull Duration sweepInterval) {
	}

}
