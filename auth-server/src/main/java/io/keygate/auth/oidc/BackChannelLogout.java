package io.keygate.auth.oidc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;

/**
 * Single logout from the portal to the gateways (OIDC Back-Channel Logout 1.0): when a person signs
 * out of the portal, every configured gateway endpoint receives a logout token naming them
 * ({@code sub}), signed with the current token-signing key, which the gateway verifies against
 * this server's JWKS before it ends that person's gateway sessions and closes their WebSockets.
 * <p>
 * Posted in parallel with short timeouts, and waited for, so that by the time the portal shows
 * "signed out" the gateways have been told. A gateway that cannot be reached is logged and audited
 * (its sessions still end at their idle or absolute limit); it never fails the portal sign-out.
 */
public final class BackChannelLogout {

	static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private static final Logger log = LoggerFactory.getLogger(BackChannelLogout.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final SigningKeyStore keys;

	private final OidcProperties properties;

	private final AuditLog audit;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

	public BackChannelLogout(SigningKeyStore keys, OidcProperties properties, AuditLog audit, Clock clock) {
		this.keys = keys;
		this.properties = properties;
		this.audit = audit;
		this.clock = clock;
	}

	/** The portal's logout (Spring Security publishes the event from the logout filter, on its thread). */
	@EventListener
	public void onPortalSignOut(LogoutSuccessEvent event) {
		if (event.getAuthentication() != null) {
			signOut(event.getAuthentication().getName(), issuer());
		}
	}

	/**
	 * Tells every gateway that {@code subject} is signed out; returns how many acknowledged it.
	 */
	public int signOut(String subject, String issuer) {
		List<String> endpoints = this.properties.gateway().backChannelLogoutUris();
		if (endpoints.isEmpty() || issuer == null) {
			return 0;
		}
		String token;
		try {
			token = logoutToken(subject, issuer);
		}
		catch (JOSEException | RuntimeException ex) {
			log.error("Back-channel logout of {}: the logout token could not be signed; gateways not told", subject, ex);
			record(subject, "FAILED", List.of(), endpoints);
			return 0;
		}
		String form = "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
		List<CompletableFuture<Boolean>> calls = new ArrayList<>();
		for (String endpoint : endpoints) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
				.timeout(TIMEOUT)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build();
			calls.add(this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, ex) -> {
				if (ex != null || response.statusCode() != 200) {
					log.warn("Back-channel logout of {} at {} failed: {}", subject, endpoint,
							ex != null ? ex.toString() : "HTTP " + response.statusCode());
					return false;
				}
				return true;
			}));
		}
		List<String> told = new ArrayList<>();
		List<String> failed = new ArrayList<>();
		for (int i = 0; i < calls.size(); i++) {
			(calls.get(i).join() ? told : failed).add(endpoints.get(i));
		}
		record(subject, failed.isEmpty() ? "SUCCEEDED" : "PARTIAL", told, failed);
		return told.size();
	}

	private String logoutToken(String subject, String issuer) throws JOSEException {
		RSAKey key = this.keys.activeOrCreate();
		Instant now = this.clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
			.subject(subject)
			.audience(this.properties.gateway().clientId())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(2))))
			.jwtID(UUID.randomUUID().toString())
			.claim("events", Map.of(EVENT, Map.of()))
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(new JOSEObjectType("logout+jwt")).build(),
				claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private void record(String subject, String outcome, List<String> told, List<String> failed) {
		this.audit.append(AuditEntry.builder(AuditAction.OIDC_BACK_CHANNEL_LOGOUT, this.clock.instant())
			.actor(subject)
			.outcome(outcome)
			.severity(failed.isEmpty() ? Severity.INFO : Severity.WARNING)
			.detail("told", told)
			.detail("failed", failed)
			.build());
	}

	/** The configured issuer, else (like Spring Authorization Server) the current request's base URL. */
	private String issuer() {
		if (this.properties.issuer() != null && !this.properties.issuer().isBlank()) {
			return this.properties.issuer();
		}
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort() + request.getContextPath();
		}
		return null;
	}

}
