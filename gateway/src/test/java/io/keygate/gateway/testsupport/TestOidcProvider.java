package io.keygate.gateway.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A minimal but real OpenID provider on a free port, standing in for the auth server until its
 * OIDC endpoints exist: it issues codes for authorization requests the test presents, checks the
 * client secret and the PKCE verifier (S256) at the token endpoint, and signs ID tokens (RS256)
 * whose {@code amr} and {@code auth_time} each test chooses. It records the authorization
 * request's parameters so tests can see PKCE was used.
 */
public final class TestOidcProvider implements AutoCloseable {

	public static final String CLIENT_ID = "keygate-gateway";

	public static final String CLIENT_SECRET = "gateway-secret";

	/** What the next ID token says about the sign-in. */
	public record SignIn(String subject, String organisation, List<String> amr, Instant authTime) {
	}

	private record PendingCode(Map<String, String> request, SignIn signIn) {
	}

	private final HttpServer server;

	private final RSAKey key;

	private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();

	private final List<String> tokenErrors = new java.util.concurrent.CopyOnWriteArrayList<>();

	public TestOidcProvider() throws Exception {
		this.key = new RSAKeyGenerator(2048).keyID("test-key").generate();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/oauth2/jwks", exchange -> respond(exchange, 200, "application/json",
				new JWKSet(this.key.toPublicJWK()).toString()));
		this.server.createContext("/oauth2/token", this::token);
		this.server.start();
	}

	public String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Token endpoint refusals so far (a test can show why a sign-in failed). */
	public List<String> tokenErrors() {
		return List.copyOf(this.tokenErrors);
	}

	/**
	 * Plays the provider's authorization endpoint for the request the gateway redirected to: returns
	 * the redirect back to the gateway with a code for {@code signIn}.
	 */
	public String authorize(String authorizationRequestUrl, SignIn signIn) {
		Map<String, String> request = query(authorizationRequestUrl.substring(authorizationRequestUrl.indexOf('?') + 1));
		String code = UUID.randomUUID().toString();
		this.codes.put(code, new PendingCode(request, signIn));
		return request.get("redirect_uri") + "?code=" + code + "&state="
				+ java.net.URLEncoder.encode(request.get("state"), StandardCharsets.UTF_8);
	}

	public static Map<String, String> query(String query) {
		Map<String, String> params = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return params;
	}

	/**
	 * An OIDC Back-Channel Logout 1.0 logout token for {@code subject}, signed with this provider's
	 * key, or with a key of its own when {@code forged} (same kid: only the signature differs).
	 */
	public String logoutToken(String subject, boolean forged) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer())
			.subject(subject)
			.audience(CLIENT_ID)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(120)))
			.jwtID(UUID.randomUUID().toString())
			.claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
			.build();
		SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID())
			.type(new com.nimbusds.jose.JOSEObjectType("logout+jwt"))
			.build(), claims);
		RSAKey signer = forged ? new RSAKeyGenerator(2048).keyID(this.key.getKeyID()).generate() : this.key;
		token.sign(new RSASSASigner(signer));
		return token.serialize();
	}

	private void token(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			Map<String, String> form = query(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			String expectedAuth = "Basic " + Base64.getEncoder()
				.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
			if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				refuse(exchange, "invalid_client");
				return;
			}
			PendingCode pending = this.codes.remove(form.getOrDefault("code", ""));
			if (pending == null || !"authorization_code".equals(form.get("grant_type"))) {
				refuse(exchange, "invalid_grant");
				return;
			}
			String verifier = form.get("code_verifier");
			String challenge = pending.request().get("code_challenge");
			if (verifier == null || challenge == null || !"S256".equals(pending.request().get("code_challenge_method"))
					|| !challenge.equals(s256(verifier))) {
				refuse(exchange, "invalid_grant: PKCE verification failed");
				return;
			}
			Instant now = Instant.now();
			SignIn signIn = pending.signIn();
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer())
				.subject(signIn.subject())
				.audience(CLIENT_ID)
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(300)))
				.claim("nonce", pending.request().get("nonce"))
				.claim("amr", signIn.amr())
				.claim("auth_time", signIn.authTime().getEpochSecond())
				.claim("organisation", signIn.organisation())
				.build();
			SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).build(),
					claims);
			idToken.sign(new RSASSASigner(this.key));
			respond(exchange, 200, "application/json", "{\"access_token\":\"" + UUID.randomUUID()
					+ "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"openid\",\"id_token\":\"" + idToken.serialize()
					+ "\"}");
		}
		catch (Exception ex) {
			refuse(exchange, "server_error: " + ex);
		}
	}

	private void refuse(HttpExchange exchange, String error) throws IOException {
		this.tokenErrors.add(error);
		respond(exchange, 400, "application/json", "{\"error\":\"" + error.split(":")[0] + "\"}");
	}

	private static String s256(String verifier) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
