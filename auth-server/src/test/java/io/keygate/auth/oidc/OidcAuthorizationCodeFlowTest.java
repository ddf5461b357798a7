package io.keygate.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.auth.testsupport.TestClient;
import io.keygate.auth.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;

/** The gateway's sign-in, played by a test client: authorization code + PKCE, then the ID token checked. */
class OidcAuthorizationCodeFlowTest extends KeygateHttpTest {

	static final String CLIENT_ID = "keygate-gateway";

	static final String REDIRECT_URI = "http://localhost:8080/login/oauth2/code/keygate";

	@Autowired
	SigningKeyStore signingKeys;

	private static String pkceChallenge(String verifier) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	private static String query(Map<String, String> parameters) {
		return parameters.entrySet()
			.stream()
			.map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private static Map<String, String> authorizeParameters(String codeChallenge) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", CLIENT_ID);
		parameters.put("scope", "openid profile");
		parameters.put("state", "state-123");
		parameters.put("nonce", "nonce-456");
		parameters.put("redirect_uri", REDIRECT_URI);
		if (codeChallenge != null) {
			parameters.put("code_challenge", codeChallenge);
			parameters.put("code_challenge_method", "S256");
		}
		return parameters;
	}

	private static Map<String, String> parameters(String location) {
		String query = location.substring(location.indexOf('?') + 1);
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			String[] parts = pair.split("=", 2);
			parameters.put(parts[0], java.net.URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
		}
		return parameters;
	}

	@Test
	void authorizationCodeWithPkceWhenSignedInWithHardwareKeyThenIdTokenCarriesAmrAuthTimeOrganisationAndRoles()
			throws Exception {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "olga@itron.example", Role.VENDOR_ENGINEER);
		Instant beforeSignIn = Instant.now().minusSeconds(1);
		TestClient browser = signIn(key).client();
		String verifier = VirtualKey.b64(java.security.SecureRandom.getInstanceStrong().generateSeed(32));

		TestClient.Response authorize = browser.get("/oauth2/authorize?" + query(authorizeParameters(pkceChallenge(verifier))));

		assertThat(authorize.status()).isEqualTo(302);
		String location = authorize.header("Location");
		assertThat(location).startsWith(REDIRECT_URI);
		Map<String, String> callback = parameters(location);
		assertThat(callback.get("state")).isEqualTo("state-123");
		String code = callback.get("code");
		assertThat(code).isNotBlank();

		TestClient gateway = client();
		TestClient.Response token = gateway.postForm("/oauth2/token",
				query(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI, "code_verifier",
						verifier)),
				"Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":test-gateway-secret").getBytes(StandardCharsets.UTF_8)));

		assertThat(token.status()).as(token.body()).isEqualTo(200);
		assertThat(token.json().get("expires_in").asLong()).isBetween(1L, 300L);
		String issuer = gateway.getJson("/.well-known/openid-configuration").json().get("issuer").asString();
		JWKSet jwks = JWKSet.parse(gateway.getJson("/oauth2/jwks").body());
		SignedJWT idToken = SignedJWT.parse(token.json().get("id_token").asString());
		RSAKey signingKey = jwks.getKeyByKeyId(idToken.getHeader().getKeyID()).toRSAKey();
		assertThat(idToken.verify(new RSASSAVerifier(signingKey))).isTrue();
		JWTClaimsSet claims = idToken.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(issuer);
		assertThat(claims.getSubject()).isEqualTo("olga@itron.example");
		assertThat(claims.getAudience()).containsExactly(CLIENT_ID);
		assertThat(claims.getStringClaim("nonce")).isEqualTo("nonce-456");
		assertThat(claims.getStringListClaim("amr")).containsExactly("hwk", "pin");
		assertThat(claims.getLongClaim("auth_time")).isBetween(beforeSignIn.getEpochSecond(), Instant.now().getEpochSecond());
		assertThat(claims.getStringClaim("organisation")).isEqualTo("itron-example");
		assertThat(claims.getStringListClaim("roles")).containsExactly("VENDOR_ENGINEER");

		SignedJWT accessToken = SignedJWT.parse(token.json().get("access_token").asString());
		JWTClaimsSet accessClaims = accessToken.getJWTClaimsSet();
		assertThat(accessToken.verify(new RSASSAVerifier(jwks.getKeyByKeyId(accessToken.getHeader().getKeyID()).toRSAKey())))
			.isTrue();
		assertThat(accessClaims.getExpirationTime().getTime() - accessClaims.getIssueTime().getTime()).isLessThanOrEqualTo(300_000);
	}

	@Test
	void authorizeWhenNotSignedInThenBrowserIsSentToHardwareKeySignIn() throws Exception {
		TestClient.Response authorize = client().get("/oauth2/authorize?" + query(authorizeParameters(pkceChallenge("v".repeat(43)))));

		assertThat(authorize.status()).isEqualTo(302);
		assertThat(authorize.header("Location")).endsWith("/login");
	}

	@Test
	void authorizeWhenPkceMissingThenNoCodeIsIssued() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "nopkce@itron.example", Role.VENDOR_ENGINEER);
		TestClient browser = signIn(key).client();

		TestClient.Response authorize = browser.get("/oauth2/authorize?" + query(authorizeParameters(null)));

		assertThat(authorize.status()).isEqualTo(302);
		Map<String, String> callback = parameters(authorize.header("Location"));
		assertThat(callback).doesNotContainKey("code");
		assertThat(callback.get("error")).isEqualTo("invalid_request");
	}

	@Test
	void discoveryWhenFetchedThenAdvertisesCodeFlowWithS256() {
		var discovery = client().getJson("/.well-known/openid-configuration").json();

		assertThat(discovery.get("authorization_endpoint").asString()).endsWith("/oauth2/authorize");
		assertThat(discovery.get("jwks_uri").asString()).endsWith("/oauth2/jwks");
		List<String> methods = new java.util.ArrayList<>();
		discovery.get("code_challenge_methods_supported").forEach(method -> methods.add(method.asString()));
		assertThat(methods).contains("S256");
	}

	@Test
	void signingKeyWhenRotatedThenNewKeySignsAndOldKeyStaysPublished() throws Exception {
		String before = this.signingKeys.activeOrCreate().getKeyID();

		String after = this.signingKeys.rotate().getKeyID();

		assertThat(after).isNotEqualTo(before);
		assertThat(this.signingKeys.activeOrCreate().getKeyID()).isEqualTo(after);
		JWKSet jwks = JWKSet.parse(client().getJson("/oauth2/jwks").body());
		assertThat(jwks.getKeyByKeyId(before)).isNotNull();
		assertThat(jwks.getKeyByKeyId(after)).isNotNull();
		assertThat(jwks.getKeys()).allSatisfy(jwk -> assertThat(jwk.isPrivate()).isFalse());
	}

}
