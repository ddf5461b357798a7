package io.keygate.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.keygate.gateway.forwarding.UpstreamCredential;

/**
 * The gateway's own settings, under {@code keygate.gateway.*}.
 *
 * @param store where live grants are read ({@code keygate.gateway.store.*})
 * @param audit where decisions are recorded ({@code keygate.gateway.audit.*})
 * @param signin what a sign-in must prove and how long it lasts ({@code keygate.gateway.signin.*})
 * @param forwarding what is stripped from forwarded requests ({@code keygate.gateway.forwarding.*})
 * @param sessions how live sessions are watched ({@code keygate.gateway.sessions.*})
 * @param upstreamCredentials per target id, the credential injected towards its upstream; secrets
 * come from the environment (placeholders) or a file, never from the catalogue
 */
@Validated
@ConfigurationProperties("keygate.gateway")
public record KeygateGatewayProperties(@Valid @DefaultValue Store store, @Valid @DefaultValue Audit audit,
		@Valid @DefaultValue Signin signin, @Valid @DefaultValue Forwarding forwarding, @Valid @DefaultValue Sessions sessions,
		Map<String, @Valid UpstreamCredential> upstreamCredentials) {

	public KeygateGatewayProperties {
		upstreamCredentials = upstreamCredentials == null ? Map.of() : Map.copyOf(upstreamCredentials);
	}

	/** Which grant store backs the decisions. */
	public enum StoreKind {
		/** The in-process store (the embedded mode; a parent context's store wins). */
		IN_MEMORY,
		/** Redis, shared by every gateway and the auth server, behind a near cache. */
		REDIS
	}

	/**
	 * @param kind {@code in-memory} (default) or {@code redis}
	 * @param redisUrl the Redis URL when {@code kind=redis}, e.g. {@code redis://127.0.0.1:6379}
	 * @param keyPrefix the installation's key prefix (a hash tag, {@code {keygate}:...}); the auth
	 * server must use the same one, or revocations never reach the gateways
	 */
	public record Store(@DefaultValue("in-memory") StoreKind kind, String redisUrl, @DefaultValue("keygate") String keyPrefix) {

		public Store {
			if (!io.keygate.policy.Names.isToken(keyPrefix)) {
				throw new IllegalArgumentException("keygate.gateway.store.key-prefix must be letters, digits, '.', '_', '@', '+' or '-',"
						+ " was '" + keyPrefix + "'");
			}
			if (kind == StoreKind.REDIS && (redisUrl == null || redisUrl.isBlank())) {
				throw new IllegalArgumentException("keygate.gateway.store.redis-url is required when keygate.gateway.store.kind=redis");
			}
		}

	}

	/** Where decision events go. */
	public enum AuditSinkKind {
		/** The {@code AuditLog} bean (the embedded mode: in-process, chained by the shared log). */
		AUDIT_LOG,
		/** A Redis Stream that the auth server consumes into the hash chain. */
		REDIS_STREAM
	}

	/**
	 * @param sink {@code audit-log} (default) or {@code redis-stream}
	 * @param redisUrl the Redis URL for {@code redis-stream}; defaults to the store's
	 * @param stream the stream key
	 * @param maxLength approximate cap of the stream (XADD MAXLEN ~), so a dead consumer cannot fill Redis
	 */
	public record Audit(@DefaultValue("audit-log") AuditSinkKind sink, String redisUrl,
			@DefaultValue("keygate:audit:gateway") String stream, @DefaultValue("1000000") long maxLength) {

		public Audit {
			if (maxLength < 1000) {
				throw new IllegalArgumentException("keygate.gateway.audit.max-length must be at least 1000, was " + maxLength);
			}
		}

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
	 * @param sweepInterval how often live sessions are checked against their grant's {@code notAfter}
	 * as a backstop to the exact per-grant timer
	 */
	public record Sessions(@DefaultValue("PT1S") @NotNull Duration sweepInterval) {
	}

}
