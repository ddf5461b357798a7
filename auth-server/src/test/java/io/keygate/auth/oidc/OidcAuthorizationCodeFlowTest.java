package io.keygate.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;

/** The gateway's sign-in, played by a test client: authorization code + PKCE, then the ID token checked. */
class OidcAuthorizationCodeFlowTest extends KeygateHttpTest {

	@Autowired
	SigningKeyStore signingKeys;

	@Test
	void authorizationCodeWithPkceWhenSignedInWithHardwareKeyThenIdTokenCarriesAmrAuthTimeOrganisationAndRoles()
			throws Exception {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "olga@itron.example", Role.VENDOR_ENGINEER);
		Instant beforeSignIn = Instant.now().minusSeconds(1);
		TestClient browser = signIn(key).client();
		String verifier = CodeFlow.verifier();

		TestClient.Response authorize = CodeFlow.authorize(browser, verifier);

		assertThat(authorize.status()).isEqualTo(302);
		String location = authorize.header("Location");
		assertThat(location).startsWith(CodeFlow.REDIRECT_URI);
		Map<String, String> callback = CodeFlow.parameters(location);
		assertThat(callback.get("state")).isEqualTo("state-123");
		String code = callback.get("code");
		assertThat(code).isNotBlank();

		TestClient gateway = client();
		TestClient.Response token = CodeFlow.redeem(gateway, code, verifier);

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
		assertThat(claims.getAudience()).containsExactly(CodeFlow.CLIENT_ID);
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
	void authorizeWhenNotSignedInThenBrowserIsSentToHardwareKeySignIn() {
		TestClient.Response authorize = CodeFlow.authorize(client(), "v".repeat(43));

		assertThat(authorize.status()).isEqualTo(302);
		assertThat(authorize.header("Location")).endsWith("/login");
	}

	@Test
	void authorizeWhenPkceMissingThenNoCodeIsIssued() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "nopkce@itron.example", Role.VENDOR_ENGINEER);
		TestClient browser = signIn(key).client();

		TestClient.Response authorize = browser.get("/oauth2/authorize?" + CodeFlow.query(CodeFlow.authorizeParameters(null)));

		assertThat(authorize.status()).isEqualTo(302);
		Map<String, String> callback = CodeFlow.parameters(authorize.header("Location"));
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
